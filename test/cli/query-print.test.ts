import { describe, expect, it } from 'vitest'
import type { LogFile } from '../../src/cli/query-logs.js'
import { EventPrinter, type QueryFormat } from '../../src/cli/query-print.js'
import { parseEvtx } from '../../src/evtx/parse.js'
import type { EvtxRecord } from '../../src/evtx/record.js'
import { bombChunk, overLimitChunk } from '../helpers/bombs.js'
import { concat, fileHeader, simpleChunk } from '../helpers/chunk-builder.js'
import { memoryIo } from '../helpers/io.js'

const log: LogFile = { path: '/logs/System.evtx', display: 'System.evtx', channel: 'System' }

/** Records 1-2, one whose rendering passes the render limit (id 1 of its chunk), then 3-4. */
function records(): EvtxRecord[] {
  const file = concat(fileHeader({ chunkCount: 3, nextRecordId: 5 }), simpleChunk(1, 2), overLimitChunk(), simpleChunk(3, 2))
  return [...parseEvtx(file, { onDiagnostic: () => {} })]
}

async function printed(format: QueryFormat, rs: readonly EvtxRecord[]) {
  const io = memoryIo()
  const printer = new EventPrinter(format, io)
  for (const r of rs) await printer.print(log, r)
  await printer.end()
  return { out: io.out(), err: io.err() }
}

describe('EventPrinter', () => {
  it('prints a JSON array of the events it can render, each with its log, and reports the other', async () => {
    const rs = records()
    expect(rs.map((r) => r.recordId)).toEqual([1, 2, 1, 3, 4])
    const { out, err } = await printed('json', rs)
    const events = JSON.parse(out) as Array<{ log: string; record: { id: number } }>
    expect(events.map((e) => [e.log, e.record.id])).toEqual([['System.evtx', 1], ['System.evtx', 2], ['System.evtx', 3], ['System.evtx', 4]])
    expect(err).toMatch(/^System\.evtx: error LIMIT_EXCEEDED: rendering this record would exceed 4194304 characters .*, record 1\]\n$/)
  })

  it('prints an empty JSON array when nothing is printed', async () => {
    expect(await printed('json', [])).toEqual({ out: '[]\n', err: '' })
  })

  it('numbers text events by what it printed, and writes one XML line per event', async () => {
    // Record 12's Message asks for a billion characters: its description cannot be written.
    const file = concat(fileHeader({ chunkCount: 3, nextRecordId: 16 }), simpleChunk(1, 2), bombChunk('data', 10), simpleChunk(13, 2))
    const withData = [...parseEvtx(file, { onDiagnostic: () => {} })]
    expect(withData.map((r) => r.recordId)).toEqual([1, 2, 10, 11, 12, 13, 14])
    const text = await printed('text', withData)
    expect(text.out.match(/^Event\[\d+\]:$/gm)).toEqual(['Event[0]:', 'Event[1]:', 'Event[2]:', 'Event[3]:', 'Event[4]:', 'Event[5]:'])
    expect(text.out).not.toContain('event 12')
    expect(text.out).toContain('event 13')
    expect(text.err).toMatch(/^System\.evtx: error LIMIT_EXCEEDED: .*, record 12\]\n$/)
    const rs = records()
    const xml = await printed('xml', rs)
    expect(xml.out.trimEnd().split('\n').map((l) => /<EventRecordID>(\d+)</.exec(l)?.[1])).toEqual(['1', '2', '3', '4'])
  })
})
