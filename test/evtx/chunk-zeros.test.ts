/**
 * A chunk whose records stop at zeros before the offset its header gives for its last record (a
 * chunk not fully written when the log was copied: three real files of the corpus hold five) lost
 * records without a single bad byte: the walk reports it as EVTX_CHUNK_INCOMPLETE with the ids it
 * cannot read. The zeros after a chunk's last record (its unused end) and a chunk header whose
 * CRC fails (its offsets are no evidence) are not reported.
 */
import { describe, expect, it } from 'vitest'
import type { Diagnostic } from '../../src/diagnostics.js'
import { parseChunk } from '../../src/evtx/chunk.js'
import { parseEvtx } from '../../src/evtx/parse.js'
import { analyze } from '../../src/analyze.js'
import { inputHealth } from '../../src/report/format.js'
import { concat, fileHeader, simpleChunk } from '../helpers/chunk-builder.js'
import { corpusAvailable, corpusDiagnostics } from '../helpers/corpus.js'

/** Ten records, zeros from the start of record `from` (1-based) to the chunk's free space. */
function zeroedFrom(from: number): { chunk: Uint8Array; at: number } {
  const chunk = simpleChunk(1, 10)
  const at = [...parseChunk(chunk)][from - 1]!.chunkOffset
  const free = new DataView(chunk.buffer).getUint32(48, true)
  chunk.fill(0, at, free)
  return { chunk, at }
}

/**
 * The chunk in a file whose header names ids up to `nextRecordId - 1`: the ids the chunk holds,
 * so that only the chunk's own loss is reported (not the file's, see completeness.test.ts).
 */
function read(chunk: Uint8Array, nextRecordId: number): { ids: number[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = []
  const ids = [...parseEvtx(concat(fileHeader({ chunkCount: 1, nextRecordId }), chunk), { onDiagnostic: (d) => diagnostics.push(d) })].map((r) => r.recordId)
  return { ids, diagnostics }
}

describe('a chunk that ends in zeros before its last record', () => {
  it('reads the records before the zeros and names those it cannot read, with the place of the zeros', () => {
    const { chunk, at } = zeroedFrom(6)
    const { ids, diagnostics } = read(chunk, 6)
    expect(ids).toEqual([1, 2, 3, 4, 5])
    expect(diagnostics).toEqual([
      {
        severity: 'warning',
        code: 'EVTX_CHUNK_INCOMPLETE',
        location: { fileOffset: 4096 + at, chunkIndex: 0, chunkOffset: at },
        message: expect.stringMatching(new RegExp(`^chunk 0 holds zeros at chunk offset 0x${at.toString(16)} after record 5, but its header puts its last record \\(id 10\\) at 0x[0-9a-f]+: the walk ends at the zeros, so records 6\\.\\.10 are not read `)),
      },
    ])
  })

  it('says so of a chunk whose first record is zeros too', () => {
    const { ids, diagnostics } = read(zeroedFrom(1).chunk, 1)
    expect(ids).toEqual([])
    expect(diagnostics.map((d) => d.message)).toEqual([expect.stringContaining('before its first record, but its header puts its last record (id 10)')])
    expect(diagnostics[0]?.message).toContain('so its records up to id 10 are not read')
  })

  it('is silent for a whole chunk, and when the chunk header fails its CRC', () => {
    expect(read(simpleChunk(1, 10), 11).diagnostics).toEqual([])
    const { chunk } = zeroedFrom(6)
    chunk[40] = (chunk[40] as number) ^ 1 // inside the CRC'd header range
    const { ids, diagnostics } = read(chunk, 6)
    expect(ids).toEqual([1, 2, 3, 4, 5])
    expect(diagnostics).toEqual([])
  })

  it('makes the input damaged for analyze, which says how many chunks', async () => {
    const report = await analyze([{ name: 'System.evtx', bytes: concat(fileHeader({ chunkCount: 1, nextRecordId: 6 }), zeroedFrom(6).chunk) }])
    const input = report.inputs[0]!
    expect(input.status).toBe('damaged')
    expect(inputHealth(input)).toBe('damaged: 1 chunk(s) ending in zeros before their last record, 1 warning(s)')
    expect(input.notes).toContain('some records could not be read (see diagnostics); evidence in them may be missed')
  })
})

describe.skipIf(!corpusAvailable)('chunks ending in zeros in the real corpus', () => {
  it('are the five the corpus manifest says stopped at a zero signature before their last record, and no others', () => {
    const seen = corpusDiagnostics('EVTX_CHUNK_INCOMPLETE').map(({ name, diagnostic: d }) => `${name} ${d.location.chunkIndex} ${/records [^ ]+ are not read/.exec(d.message)?.[0]}`)
    expect(seen).toEqual([
      'evtx-rs__Microsoft-Windows-HelloForBusiness%4Operational.evtx 0 records 7..20 are not read',
      'evtx-rs__Microsoft-Windows-LanguagePackSetup%4Operational.evtx 0 records 18..20 are not read',
      'evtx-rs__sample_with_a_bad_chunk_magic.evtx 0 records 46742..46857 are not read',
      'evtx-rs__sample_with_a_bad_chunk_magic.evtx 7 records 47641..47705 are not read',
      'evtx-rs__sample_with_a_bad_chunk_magic.evtx 9 records 45934..45949 are not read',
    ])
  })
})
