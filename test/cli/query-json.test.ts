/**
 * `query --format json` writes each event as bytes: the same text as
 * `JSON.stringify({ log, ...recordJson(record) })` on every sample and corpus record, on records
 * whose top-level key is `log`, `record` or a Data Name, and nothing at all for a record it reports.
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { queryJsonLog, writeQueryJson } from '../../src/cli/query-json.js'
import { parseEvtx } from '../../src/evtx/parse.js'
import type { EvtxRecord } from '../../src/evtx/record.js'
import { ByteSink } from '../../src/render/byte-sink.js'
import { recordJson } from '../../src/render/record-line.js'
import { bombChunk } from '../helpers/bombs.js'
import { attribute, concat, fileHeader, openElement, simpleChunk, substitution, templateChunk, text, v } from '../helpers/chunk-builder.js'
import { CORPUS_SKIP_MESSAGE, corpusAvailable, corpusFiles, readCorpusFile } from '../helpers/corpus.js'
import { sampleLogs } from '../helpers/samples.js'

const decoder = new TextDecoder()
const LOG = 'logs/Sys"tem\u00e9.evtx'

function check(r: EvtxRecord, sink: ByteSink): void {
  sink.reset()
  sink.ascii('x')
  const reported: string[] = []
  const written = writeQueryJson(r, queryJsonLog(LOG), sink, (d) => reported.push(d.code))
  expect(written, `record ${r.recordId}`).toBe(true)
  expect(decoder.decode(sink.view())).toBe(`x${JSON.stringify({ log: LOG, ...recordJson(r) })}`)
}

/** One record of a template whose root is `<name>` (a Data root gets Name='log'). */
function rootedRecord(name: string): EvtxRecord {
  const chunk = templateChunk('{d0d0d0d0-0000-0000-0000-00000000000d}', (w) => {
    const close = openElement(w, name, { inTemplate: true, attrs: name === 'Data' })
    if (name === 'Data') {
      attribute(w, 'Name', false)
      text(w, 'log')
    }
    w.u8(0x02)
    substitution(w, 0, 0x01)
    w.u8(0x04)
    close()
  }, [[v.str('value')]])
  const [r] = [...parseEvtx(concat(fileHeader({ chunkCount: 1, nextRecordId: 2 }), chunk))]
  if (r === undefined) throw new Error('no record')
  return r
}

describe('writeQueryJson', () => {
  it('writes what JSON.stringify wrote, on every sample record', () => {
    const sink = new ByteSink(64)
    let n = 0
    for (const [, path] of sampleLogs()) {
      for (const r of parseEvtx(readFileSync(path))) {
        check(r, sink)
        n++
      }
    }
    expect(n).toBeGreaterThan(100)
  })

  it('keeps the old order where the record has a top-level log, record or Data key', () => {
    const sink = new ByteSink(64)
    for (const name of ['log', 'record', 'Data', 'Event']) {
      const r = rootedRecord(name)
      check(r, sink)
      const parsed = JSON.parse(decoder.decode(sink.view()).slice(1)) as Record<string, unknown>
      expect(Object.keys(parsed)[0]).toBe('log')
    }
  })

  it('writes nothing for a record it reports', () => {
    const all = [...parseEvtx(concat(fileHeader({ chunkCount: 2, nextRecordId: 13 }), simpleChunk(1, 1), bombChunk('text', 10)))]
    const bomb = all.find((r) => r.recordId === 12) as EvtxRecord
    const sink = new ByteSink(64)
    sink.ascii('x')
    const reported: string[] = []
    expect(writeQueryJson(bomb, queryJsonLog(LOG), sink, (d) => reported.push(d.code))).toBe(false)
    expect(reported).toEqual(['LIMIT_EXCEEDED'])
    expect(decoder.decode(sink.view())).toBe('x')
  })

  it.skipIf(!corpusAvailable)('writes what JSON.stringify wrote, on every corpus record', () => {
    const sink = new ByteSink(64)
    let n = 0
    for (const name of corpusFiles()) {
      for (const r of parseEvtx(readCorpusFile(name), { onDiagnostic: () => undefined })) {
        check(r, sink)
        n++
      }
    }
    expect(n).toBeGreaterThan(10_000)
  })
  if (!corpusAvailable) it.skip(CORPUS_SKIP_MESSAGE, () => undefined)
})
