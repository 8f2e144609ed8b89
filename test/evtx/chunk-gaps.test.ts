/**
 * Zeros in a chunk before the offset its header gives for its last record (a chunk not fully
 * written when the log was copied: three real files of the corpus hold five such chunks) lose
 * records without a single bad byte: the walk reports EVTX_CHUNK_INCOMPLETE with the ids lost, and
 * goes on at the next whole record header when the zeros end before the last record (pages lost in
 * the middle). A record header it resumes at must pass four checks (signature, size within the
 * chunk's data, trailing size copy, id above the last one read and within the header's range). The
 * zeros after a chunk's last record (its unused end) and a chunk header whose CRC fails (its
 * offsets are no evidence) are not reported. A block whose chunk header was lost to zeros is read
 * from its first whole record header, under the header its records imply.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { analyze } from '../../src/analyze.js'
import type { Diagnostic } from '../../src/diagnostics.js'
import { parseChunk } from '../../src/evtx/chunk.js'
import { zerosBeforeLastRecord } from '../../src/evtx/chunk-gaps.js'
import { type ChunkHeader, computeChunkHeaderChecksum } from '../../src/evtx/chunk-header.js'
import { parseEvtx } from '../../src/evtx/parse.js'
import { renderXml } from '../../src/render/xml.js'
import { renderEvtxParallel } from '../../src/node/parallel.js'
import { inputHealth } from '../../src/report/format.js'
import { concat, fileHeader, simpleChunk } from '../helpers/chunk-builder.js'
import { corpusAvailable, corpusDiagnostics, readCorpusFile } from '../helpers/corpus.js'
import { workerBundle } from '../helpers/worker-bundle.js'

/** Ten records, zeros from the start of record `from` (1-based) to the start of record `to` (the chunk's free space when none). */
function zeroed(from: number, to?: number): { chunk: Uint8Array; at: number; resume: number | undefined } {
  const chunk = simpleChunk(1, 10)
  const offsets = [...parseChunk(chunk)].map((r) => r.chunkOffset)
  const at = offsets[from - 1] as number
  const resume = to === undefined ? undefined : (offsets[to - 1] as number)
  chunk.fill(0, at, resume ?? new DataView(chunk.buffer).getUint32(48, true))
  return { chunk, at, resume }
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

/** Writes a record header at `at`: signature, size, id, and the size copy at its end. */
function plantHeader(chunk: Uint8Array, at: number, size: number, id: number, sizeCopy = size): void {
  const view = new DataView(chunk.buffer)
  view.setUint32(at, 0x2a2a, true)
  view.setUint32(at + 4, size, true)
  view.setBigUint64(at + 8, BigInt(id), true)
  view.setUint32(at + size - 4, sizeCopy, true)
}

describe('a chunk that ends in zeros before its last record', () => {
  it('reads the records before the zeros and names those it cannot read, with the place of the zeros', () => {
    const { chunk, at } = zeroed(6)
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
    const { ids, diagnostics } = read(zeroed(1).chunk, 1)
    expect(ids).toEqual([])
    expect(diagnostics.map((d) => d.message)).toEqual([expect.stringContaining('before its first record, but its header puts its last record (id 10)')])
    expect(diagnostics[0]?.message).toContain('so records 1..10 are not read')
  })

  it('counts zeros at the offset of the last record itself as losing it, and none after it or after its id', () => {
    const header = { firstRecordId: 1n, lastRecordId: 10n, lastRecordOffset: 0x2000 } as ChunkHeader
    expect(zerosBeforeLastRecord(header, 0x2000, 9, undefined)).toMatch(/after record 9, .*so records 10\.\.10 are not read/)
    expect(zerosBeforeLastRecord(header, 0x2008, 9, undefined)).toBeUndefined()
    // The last id already read: whatever the offset says, nothing is lost.
    expect(zerosBeforeLastRecord(header, 0x1000, 10, undefined)).toBeUndefined()
    expect(zerosBeforeLastRecord(header, 0x1000, 9, undefined)).toMatch(/records 10\.\.10 are not read/)
    // The walk meets them there too: the chunk's last record zeroed.
    const { chunk, at } = zeroed(10)
    const { ids, diagnostics } = read(chunk, 10)
    expect(ids).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9])
    expect(diagnostics).toMatchObject([{ code: 'EVTX_CHUNK_INCOMPLETE', location: { chunkOffset: at }, message: expect.stringContaining('records 10..10 are not read') }])
  })

  it('is silent when the header puts its last record at or past its free-space offset', () => {
    const { chunk } = zeroed(6, 10)
    const view = new DataView(chunk.buffer)
    // Free space where the last record starts: the header says its data ends before that record.
    view.setUint32(48, view.getUint32(44, true), true)
    view.setUint32(124, computeChunkHeaderChecksum(chunk), true)
    const { ids, diagnostics } = read(chunk, 6)
    expect(ids).toEqual([1, 2, 3, 4, 5])
    expect(diagnostics).toEqual([])
  })

  it('is silent for a whole chunk, and when the chunk header fails its CRC', () => {
    expect(read(simpleChunk(1, 10), 11).diagnostics).toEqual([])
    const { chunk } = zeroed(6)
    chunk[40] = (chunk[40] as number) ^ 1 // inside the CRC'd header range
    const { ids, diagnostics } = read(chunk, 6)
    expect(ids).toEqual([1, 2, 3, 4, 5])
    expect(diagnostics).toEqual([])
  })

  it('makes the input damaged for analyze, which says how many chunks', async () => {
    const report = await analyze([{ name: 'System.evtx', bytes: concat(fileHeader({ chunkCount: 1, nextRecordId: 6 }), zeroed(6).chunk) }])
    const input = report.inputs[0]!
    expect(input.status).toBe('damaged')
    expect(inputHealth(input)).toBe('damaged: 1 chunk(s) with zeros before their last record, 1 warning(s)')
    expect(input.notes).toContain('some records could not be read (see diagnostics); evidence in them may be missed')
  })
})

describe('zeros in the middle of a chunk', () => {
  it('names the records lost and reads those after the zeros', () => {
    const { chunk, at, resume } = zeroed(4, 7)
    const { ids, diagnostics } = read(chunk, 11)
    expect(ids).toEqual([1, 2, 3, 7, 8, 9, 10])
    expect(diagnostics).toEqual([
      expect.objectContaining({
        code: 'EVTX_CHUNK_INCOMPLETE',
        location: { fileOffset: 4096 + at, chunkIndex: 0, chunkOffset: at },
        message: expect.stringMatching(new RegExp(`after record 3, .*: records 4\\.\\.6 are lost \\(.*\\); the walk resumes at the next record header, chunk offset 0x${(resume as number).toString(16)} \\(record 7\\)$`)),
      }),
    ])
  })

  it('reports each record after zeros that took the template it uses (defined by the first record)', () => {
    const { ids, diagnostics } = read(zeroed(1, 4).chunk, 11)
    expect(ids).toEqual([])
    expect(diagnostics[0]?.message).toMatch(/before its first record, .*: records 1\.\.3 are lost .*\(record 4\)$/)
    expect(diagnostics.slice(1).map((d) => [d.code, d.location.recordId, d.message])).toEqual(
      [4, 5, 6, 7, 8, 9, 10].map((id) => ['BINXML_BAD_TEMPLATE', id, 'template definition at 0x226 is zeros: lost with the record that held it, and no earlier chunk defines a template {11111111-…} that fits its 6 values']),
    )
  })

  it('takes no record header that fails one of the four checks', () => {
    // Records 3..8 zeroed: 864 bytes. In them, 8-byte aligned: a header whose size copy differs,
    // one whose id is not above the last read (an older copy), one whose id is past the header's
    // range, one whose size runs past the chunk's data. Each is passed over; the walk resumes at 9.
    const { chunk, at, resume } = zeroed(3, 9)
    plantHeader(chunk, at + 64, 64, 5, 72)
    plantHeader(chunk, at + 256, 64, 2)
    plantHeader(chunk, at + 384, 64, 99)
    const view = new DataView(chunk.buffer)
    view.setUint32(at + 512, 0x2a2a, true)
    view.setUint32(at + 516, 0x10000, true)
    const { ids, diagnostics } = read(chunk, 11)
    expect(ids).toEqual([1, 2, 9, 10])
    expect(diagnostics.map((d) => d.code)).toEqual(['EVTX_CHUNK_INCOMPLETE'])
    expect(diagnostics[0]?.message).toContain(`records 3..8 are lost`)
    expect(diagnostics[0]?.message).toContain(`chunk offset 0x${(resume as number).toString(16)} (record 9)`)
    // The same header with every check passed is taken: the checks are what keeps the others out.
    plantHeader(chunk, at + 640, 64, 5)
    expect(read(chunk, 11).diagnostics[0]?.message).toContain(`chunk offset 0x${(at + 640).toString(16)} (record 5)`)
  })
})

describe('a block whose chunk header was lost to zeros', () => {
  it('is read from its first whole record header, with one error naming the ids', () => {
    const clean = simpleChunk(1, 10)
    const block = clean.slice()
    block.fill(0, 0, 0x200)
    const diagnostics: Diagnostic[] = []
    const got = [...parseEvtx(concat(fileHeader({ chunkCount: 1, nextRecordId: 11 }), block), { onDiagnostic: (d) => diagnostics.push(d) })]
    expect(got.map(renderXml)).toEqual([...parseChunk(clean)].map(renderXml))
    expect(diagnostics).toEqual([
      {
        severity: 'error',
        code: 'EVTX_CHUNK_BAD_MAGIC',
        location: { fileOffset: 4096, chunkIndex: 0 },
        message: 'block 0 has no chunk header: its first 0x200 bytes are zeros (lost); the whole records after them are read (ids 1..10), with no CRC to check them against',
      },
    ])
  })

  it('names each record whose template was lost with the zeros, and renders none from zeros', () => {
    // The first page lost: the header and records 1..21, among them record 1, which defined the template.
    const block = simpleChunk(1, 40)
    block.fill(0, 0, 0x1000)
    const diagnostics: Diagnostic[] = []
    const got = [...parseEvtx(concat(fileHeader({ chunkCount: 1, nextRecordId: 41 }), block), { onDiagnostic: (d) => diagnostics.push(d) })]
    expect(got).toEqual([])
    const [first, ...rest] = diagnostics
    expect(first?.message).toMatch(/^block 0 has no chunk header: its first 0x[0-9a-f]+ bytes are zeros \(lost\); the whole records after them are read \(ids 2[0-9]\.\.40\)/)
    const from = Number(/ids (\d+)\.\./.exec(first?.message ?? '')?.[1])
    expect(rest.map((d) => [d.code, d.location.recordId])).toEqual(Array.from({ length: 41 - from }, (_, k) => ['BINXML_BAD_TEMPLATE', from + k]))
  })

  it('reads no record whose id an earlier chunk holds: older copies, named in one info diagnostic', () => {
    const c0 = simpleChunk(1, 10)
    const copy = c0.slice()
    copy.fill(0, 0, 0x200)
    const diagnostics: Diagnostic[] = []
    const got = [...parseEvtx(concat(fileHeader({ chunkCount: 2, nextRecordId: 11 }), c0, copy), { onDiagnostic: (d) => diagnostics.push(d) })]
    expect(got.map((r) => `${r.chunkIndex}:${r.recordId}`)).toEqual(Array.from({ length: 10 }, (_, k) => `0:${k + 1}`))
    const last = ([...parseChunk(c0)][9] as { chunkOffset: number }).chunkOffset
    expect(diagnostics.map((d) => [d.severity, d.code, d.message])).toEqual([
      ['error', 'EVTX_CHUNK_BAD_MAGIC', 'block 1 has no chunk header: its first 0x200 bytes are zeros (lost); the whole records after them are read (ids 1..10), with no CRC to check them against'],
      ['info', 'EVTX_CHUNK_OLDER_COPIES', `block 1: of the records after the zeros, 10 (ids 1..10, chunk offsets 0x200..0x${last.toString(16)}) repeat ids chunk 0 already holds: older copies left in unused space, not read as its own`],
    ])
    expect(diagnostics[1]?.location).toEqual({ fileOffset: 4096 + 0x10000, chunkIndex: 1 })
  })

  it('counts only the chunks before the block: the same copy before the chunk it repeats is read as its own', () => {
    const c0 = simpleChunk(1, 10)
    const copy = c0.slice()
    copy.fill(0, 0, 0x200)
    const codes: string[] = []
    const got = [...parseEvtx(concat(fileHeader({ chunkCount: 2, nextRecordId: 11 }), copy, c0), { onDiagnostic: (d) => codes.push(d.code) })]
    expect(got.map((r) => `${r.chunkIndex}:${r.recordId}`)).toEqual([0, 1].flatMap((c) => Array.from({ length: 10 }, (_, k) => `${c}:${k + 1}`)))
    expect(codes).toEqual(['EVTX_CHUNK_BAD_MAGIC'])
  })

  it('reads, in a block after one that holds other ids, every record as its own', () => {
    const c1 = simpleChunk(11, 10)
    c1.fill(0, 0, 0x200)
    const codes: string[] = []
    const got = [...parseEvtx(concat(fileHeader({ chunkCount: 2, nextRecordId: 21 }), simpleChunk(1, 10), c1), { onDiagnostic: (d) => codes.push(d.code) })]
    expect(got.map((r) => r.recordId)).toEqual(Array.from({ length: 20 }, (_, k) => k + 1))
    expect(codes).toEqual(['EVTX_CHUNK_BAD_MAGIC'])
  })

  it('is skipped when its header area is not zeros, or when checksums are validated', () => {
    const block = simpleChunk(1, 10)
    block.fill(0, 0, 0x200)
    const file = concat(fileHeader({ chunkCount: 1, nextRecordId: 11 }), block)
    const codes: string[] = []
    expect([...parseEvtx(file, { validateChecksums: true, onDiagnostic: (d) => codes.push(d.message) })]).toEqual([])
    expect(codes[0]).toMatch(/^block 0 is not a chunk: signature 00 00 00 00 00 00 00 00 is not "ElfChnk\\0"; skipped$/)
    block[100] = 1
    const garbage: string[] = []
    expect([...parseEvtx(concat(fileHeader({ chunkCount: 1, nextRecordId: 11 }), block), { onDiagnostic: (d) => garbage.push(d.message) })]).toEqual([])
    expect(garbage[0]).toMatch(/; skipped$/)
  })
})

describe('every reader', () => {
  it('reads past the same gaps and lost headers, with the same diagnostics, on worker threads as in-process', async () => {
    // Chunk 0: records 4..6 zeros; 1: record 13's signature broken; 2: its header zeroed; 3: zeros
    // from record 36 to its end.
    const c1 = simpleChunk(11, 10)
    c1[([...parseChunk(c1)][2] as { chunkOffset: number }).chunkOffset] = 0x99
    const c2 = simpleChunk(21, 10)
    c2.fill(0, 0, 0x200)
    const c3 = simpleChunk(31, 10)
    const lostFrom = ([...parseChunk(c3)][5] as { chunkOffset: number }).chunkOffset
    c3.fill(0, lostFrom, new DataView(c3.buffer).getUint32(48, true))
    // Block 4: a copy of chunk 1 (records 11..20) whose header was lost: older copies, not read.
    const c4 = simpleChunk(11, 10)
    c4.fill(0, 0, 0x200)
    const bytes = concat(fileHeader({ chunkCount: 4, nextRecordId: 36 }), zeroed(4, 7).chunk, c1, c2, c3, c4)
    const seen: Diagnostic[] = []
    const want = [...parseEvtx(bytes, { onDiagnostic: (d) => seen.push(d) })]
    expect(want.map((r) => r.recordId)).toEqual([1, 2, 3, 7, 8, 9, 10, 11, 12, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35])
    expect(seen.map((d) => d.code)).toEqual(['EVTX_CHUNK_INCOMPLETE', 'EVTX_RECORD_BAD_MAGIC', 'EVTX_CHUNK_BAD_MAGIC', 'EVTX_CHUNK_INCOMPLETE', 'EVTX_CHUNK_BAD_MAGIC', 'EVTX_CHUNK_OLDER_COPIES'])
    expect(seen.at(-1)?.message).toMatch(/^block 4: of the records after the zeros, 10 \(ids 11\.\.20, .*\) repeat ids chunk 1 already holds/)
    const dir = mkdtempSync(join(tmpdir(), 'rdp-triage-gaps-'))
    try {
      const path = join(dir, 'gaps.evtx')
      writeFileSync(path, bytes)
      const workerUrl = await workerBundle()
      for (const batchBlocks of [1, 16]) {
        let text = ''
        const threaded: Diagnostic[] = []
        for await (const t of renderEvtxParallel(path, { format: 'xml', threads: 2, batchBlocks, workerUrl, onDiagnostic: (d) => threaded.push(d) })) text += new TextDecoder().decode(t)
        expect(text).toBe(want.map((r) => `${renderXml(r)}\n`).join(''))
        expect(threaded).toEqual(seen)
      }
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe.skipIf(!corpusAvailable)('chunks with zeros before their last record in the real corpus', () => {
  it('are the five the corpus manifest says stopped at a zero signature, and no others', () => {
    const seen = corpusDiagnostics('EVTX_CHUNK_INCOMPLETE').map(({ name, diagnostic: d }) => `${name} ${d.location.chunkIndex} ${/records [^ ]+ are (?:not read|lost)|resumes .*$/.exec(d.message)?.[0]}`)
    expect(seen).toEqual([
      'evtx-rs__Microsoft-Windows-HelloForBusiness%4Operational.evtx 0 records 7..20 are not read',
      'evtx-rs__Microsoft-Windows-LanguagePackSetup%4Operational.evtx 0 records 18..20 are not read',
      'evtx-rs__sample_with_a_bad_chunk_magic.evtx 0 records 46742..46857 are not read',
      'evtx-rs__sample_with_a_bad_chunk_magic.evtx 7 records 47641..47674 are lost',
      'evtx-rs__sample_with_a_bad_chunk_magic.evtx 9 records 45934..45949 are not read',
    ])
  })

  it('are, for blocks whose chunk header was lost, the two of the bad-chunk-magic sample: their records are named, their template lost', () => {
    const headerless = corpusDiagnostics('EVTX_CHUNK_BAD_MAGIC').filter(({ diagnostic: d }) => d.message.includes('has no chunk header'))
    expect(headerless.map(({ name, diagnostic: d }) => `${name} ${/block \d+ .*\(ids [^)]+\)/.exec(d.message)?.[0]}`)).toEqual([
      'evtx-rs__sample_with_a_bad_chunk_magic.evtx block 6 has no chunk header: its first 0xe108 bytes are zeros (lost); the whole records after them are read (ids 47613..47627)',
      'evtx-rs__sample_with_a_bad_chunk_magic.evtx block 10 has no chunk header: its first 0x2040 bytes are zeros (lost); the whole records after them are read (ids 45963..46029)',
    ])
    // Chunk 0 defines templates with the same ids that fit them, but none is borrowed in a block
    // whose chunk header was lost: a record there may be an older copy from unused space.
    const lost = corpusDiagnostics('BINXML_BAD_TEMPLATE').filter(({ diagnostic: d }) => d.location.chunkIndex === 6 || d.location.chunkIndex === 10)
    expect(lost).toHaveLength(15 + 67)
    expect(lost.every(({ diagnostic: d }) => d.message.endsWith('(none is borrowed in a block whose chunk header was lost: the record may be an older copy left in unused space)'))).toBe(true)
    // None of their ids is held by an earlier chunk: no older copies named.
    expect(corpusDiagnostics('EVTX_CHUNK_OLDER_COPIES')).toEqual([])
  })

  it('are told from older copies by the ids earlier chunks hold: the System log with chunk 14 zeroed to its last record, on every reader', async () => {
    const name = 'evtx-rs__system.evtx'
    const clean = readCorpusFile(name)
    const bytes = clean.slice()
    const at = 4096 + 14 * 0x10000
    bytes.fill(0, at, at + 0x7511)
    const seen: Diagnostic[] = []
    const got = [...parseEvtx(bytes, { onDiagnostic: (d) => seen.push(d) })]
    // Chunk 14's own records (1829..1881) went with the zeros; the 79 older copies of chunk 13's
    // records left in its unused space are neither read nor named one by one.
    const before = [...parseEvtx(clean)].filter((r) => r.chunkIndex !== 14)
    expect(got.map(renderXml)).toEqual(before.map(renderXml))
    expect(seen.filter((d) => d.location.chunkIndex === 14).map((d) => [d.code, d.message])).toEqual([
      ['EVTX_CHUNK_BAD_MAGIC', 'block 14 has no chunk header: its first 0x7770 bytes are zeros (lost); the whole records after them are read (ids 1750..1828), with no CRC to check them against'],
      ['EVTX_CHUNK_OLDER_COPIES', 'block 14: of the records after the zeros, 79 (ids 1750..1828, chunk offsets 0x7770..0xfdc0) repeat ids chunk 13 already holds: older copies left in unused space, not read as its own'],
    ])
    const dir = mkdtempSync(join(tmpdir(), 'rdp-triage-copies-'))
    try {
      const path = join(dir, 'System.evtx')
      writeFileSync(path, bytes)
      const workerUrl = await workerBundle()
      let text = ''
      const threaded: Diagnostic[] = []
      for await (const t of renderEvtxParallel(path, { format: 'xml', threads: 2, batchBlocks: 1, workerUrl, onDiagnostic: (d) => threaded.push(d) })) text += new TextDecoder().decode(t)
      expect(text).toBe(got.map((r) => `${renderXml(r)}\n`).join(''))
      expect(threaded).toEqual(seen)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
