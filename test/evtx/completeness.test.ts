/**
 * A file that lacks what its header says was written (a copy cut short at a chunk boundary, its
 * newest chunk zero-filled) reads cleanly record by record: only the header shows the loss, and
 * every reader reports it once, at the end, as EVTX_FILE_INCOMPLETE. A whole file, a dirty file
 * whose header is stale, and a header whose CRC fails do not get it. On the real corpus, only the
 * one file that was cut short (plaso's System2: 3 of its 96 chunks) gets it.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Diagnostic } from '../../src/diagnostics.js'
import { describeMissing, missingFacts } from '../../src/evtx/completeness.js'
import { parseEvtx } from '../../src/evtx/parse.js'
import { readEvtx } from '../../src/evtx/read.js'
import { renderEvtxParallel } from '../../src/node/parallel.js'
import { concat, fileHeader, simpleChunk, simpleFile } from '../helpers/chunk-builder.js'
import { corpusAvailable, corpusDiagnostics } from '../helpers/corpus.js'
import { workerBundle } from '../helpers/worker-bundle.js'

const whole = simpleFile([[1, 30], [31, 30], [61, 30]])
/** The same file cut after its second chunk, as an interrupted copy leaves it. */
const cut = whole.slice(0, 4096 + 2 * 0x10000)
/** The same length, its newest chunk zeros (written to the header, never flushed to the chunk). */
const zeroFilled = whole.slice()
zeroFilled.fill(0, 4096 + 2 * 0x10000)
/** A dirty header that was not updated after the third chunk: stale, not incomplete. */
const stale = concat(fileHeader({ chunkCount: 2, nextRecordId: 61, flags: 1 }), simpleChunk(1, 30), simpleChunk(31, 30), simpleChunk(61, 30))
/** The cut copy with a header whose CRC fails: its counts are not evidence. */
const badCrc = cut.slice()
badCrc[24] = 0xff

let dir = ''
let workerUrl: URL
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rdp-triage-complete-'))
  workerUrl = await workerBundle()
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** The diagnostics of one file from the synchronous, streaming and worker-thread readers. */
async function diagnosticsOf(name: string, bytes: Uint8Array): Promise<Diagnostic[][]> {
  const sync: Diagnostic[] = []
  for (const _ of parseEvtx(bytes, { onDiagnostic: (d) => sync.push(d) }));
  const streamed: Diagnostic[] = []
  for await (const _ of readEvtx(bytes, { onDiagnostic: (d) => streamed.push(d) }));
  const path = join(dir, `${name}.evtx`)
  writeFileSync(path, bytes)
  const threaded: Diagnostic[] = []
  for await (const _ of renderEvtxParallel(path, { format: 'xml', threads: 2, batchBlocks: 1, workerUrl, onDiagnostic: (d) => threaded.push(d) }));
  return [sync, streamed, threaded]
}

describe('a file that lacks what its header says was written', () => {
  it('is reported once, at offset 0, by every reader, when it was cut short at a chunk boundary', async () => {
    for (const seen of await diagnosticsOf('cut', cut)) {
      expect(seen).toEqual([
        {
          severity: 'warning',
          code: 'EVTX_FILE_INCOMPLETE',
          location: { fileOffset: 0 },
          message: expect.stringMatching(/^file is incomplete: it holds 2 of the 3 chunks its header declares; its header says records up to id 90 were written, but the highest id read is 60 \(30 newer records missing or unreadable\)\. /),
        },
      ])
    }
  })

  it('is reported when the newest chunk is zeros (the file is as long as its header says)', async () => {
    for (const seen of await diagnosticsOf('zero-filled', zeroFilled)) {
      expect(seen.map((d) => d.message)).toEqual([expect.stringMatching(/^file is incomplete: its header says records up to id 90 were written, but the highest id read is 60 /)])
    }
  })

  it('is not reported for a whole file, a stale dirty header, or a header whose CRC fails', async () => {
    for (const seen of await diagnosticsOf('whole', whole)) expect(seen).toEqual([])
    for (const seen of await diagnosticsOf('stale', stale)) expect(seen.map((d) => d.code)).toEqual(['EVTX_FILE_DIRTY', 'EVTX_FILE_HEADER_INCONSISTENT', 'EVTX_FILE_HEADER_INCONSISTENT'])
    for (const seen of await diagnosticsOf('bad-crc', badCrc)) expect(seen.map((d) => d.code)).toEqual(['EVTX_FILE_HEADER_BAD_CRC'])
  })

  it('counts a record that is there but unreadable as there', () => {
    // Records 1..3, the third's BinXML broken: the file holds it, so nothing is missing.
    const c = simpleChunk(1, 3)
    const third = [...parseEvtx(concat(fileHeader({ chunkCount: 1, nextRecordId: 4 }), c))][2]!.chunkOffset
    c[third + 24] = 0x7f // a token that cannot start a document
    const seen: Diagnostic[] = []
    const ids = [...parseEvtx(concat(fileHeader({ chunkCount: 1, nextRecordId: 4 }), c), { onDiagnostic: (d) => seen.push(d) })].map((r) => r.recordId)
    expect(ids).toEqual([1, 2])
    expect(seen.map((d) => [d.code, d.location.recordId])).toEqual([['BINXML_BAD_TOKEN', 3]])
  })
})

describe('describeMissing', () => {
  const header = { chunkCount: 3, nextRecordId: 91n, checksumValid: true }
  it('names what is missing, and nothing for a file that holds it all', () => {
    expect(describeMissing(header, 3, 90)).toBeUndefined()
    expect(describeMissing(header, 5, 120)).toBeUndefined()
    expect(describeMissing(header, 0, -1)).toMatch(/^file is incomplete: it holds 0 of the 3 chunks its header declares; its header says records up to id 90 were written, and none could be read\. /)
    expect(describeMissing({ ...header, nextRecordId: 1n }, 0, -1)).toMatch(/^file is incomplete: it holds 0 of the 3 chunks/)
    expect(describeMissing({ chunkCount: 0, nextRecordId: 1n, checksumValid: true }, 0, -1)).toBeUndefined()
    expect(describeMissing({ ...header, checksumValid: false }, 0, -1)).toBeUndefined()
    // Ids past 2^53 (a crafted header with a valid CRC) are named exactly.
    expect(describeMissing({ ...header, nextRecordId: 2n ** 64n - 1n }, 3, 90)).toContain('records up to id 18446744073709551614 were written, but the highest id read is 90 (18446744073709551524 newer')
  })

  it('gives its facts back for a summary, and nothing for another message', () => {
    const message = describeMissing(header, 2, 60) as string
    expect(missingFacts(message)).toBe('it holds 2 of the 3 chunks its header declares; its header says records up to id 90 were written, but the highest id read is 60 (30 newer records missing or unreadable)')
    expect(missingFacts('file header is marked dirty')).toBeUndefined()
  })
})

describe.skipIf(!corpusAvailable)('completeness on the real corpus', () => {
  it('is reported for the one file that was cut short, and for no other', () => {
    const incomplete = corpusDiagnostics('EVTX_FILE_INCOMPLETE').map(({ name, diagnostic }) => `${name}: ${missingFacts(diagnostic.message)}`)
    expect(incomplete).toEqual([
      'plaso__System2.evtx: it holds 3 of the 96 chunks its header declares; its header says records up to id 10548 were written, but the highest id read is 283 (10265 newer records missing or unreadable)',
    ])
  })
})
