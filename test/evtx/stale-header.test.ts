/**
 * Records past where a chunk's header ends them (src/evtx/stale-header.ts): a header not written
 * after its newest records is read past, in sequence only; what else lies in a chunk's unused
 * space (an earlier use of the chunk, records from before a clear) is not.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { analyze } from '../../src/analyze.js'
import { crc32 } from '../../src/binary/crc32.js'
import type { Diagnostic } from '../../src/diagnostics.js'
import { parseChunk, readChunkBlock } from '../../src/evtx/chunk.js'
import { type ChunkInfo, createReaderContext, type ParseOptions } from '../../src/evtx/options.js'
import type { EventPrefilter } from '../../src/evtx/prefilter.js'
import { parseEvtx } from '../../src/evtx/parse.js'
import { concat, fileHeader } from '../helpers/chunk-builder.js'
import { chunkOf } from '../helpers/hidden.js'

/** The chunk's header set back to end its records after record index `keep` (0-based), CRCs consistent with it. */
function staleAfter(chunk: { bytes: Uint8Array; offsets: number[] }, keep: number): Uint8Array {
  const b = chunk.bytes.slice()
  const view = new DataView(b.buffer)
  const first = Number(view.getBigUint64(8, true))
  view.setBigUint64(16, BigInt(first + keep), true)
  view.setBigUint64(32, BigInt(first + keep), true)
  view.setUint32(44, chunk.offsets[keep] as number, true)
  const free = chunk.offsets[keep + 1] as number
  view.setUint32(48, free, true)
  view.setUint32(52, crc32(b, 512, free), true)
  view.setUint32(124, crc32(b, 128, 512, crc32(b, 0, 120)), true)
  return b
}

function read(bytes: Uint8Array, options: ParseOptions = {}) {
  const diagnostics: Diagnostic[] = []
  const ids = [...parseChunk(bytes, 0, { ...options, onDiagnostic: (d) => diagnostics.push(d) })].map((r) => r.recordId)
  return { ids, diagnostics }
}

describe('records past a stale chunk header', () => {
  const chunk = chunkOf(8, 100)

  it('reads the records that go on in sequence past the header, and says so once', () => {
    const stale = staleAfter(chunk, 4)
    const { ids, diagnostics } = read(stale)
    expect(ids).toEqual([100, 101, 102, 103, 104, 105, 106, 107])
    expect(diagnostics).toHaveLength(1)
    expect(diagnostics[0]).toMatchObject({ code: 'EVTX_CHUNK_STALE_HEADER', severity: 'warning', location: { chunkIndex: 0, chunkOffset: chunk.offsets[5], recordId: 105 } })
    const hex = (n: number) => `0x${n.toString(16)}`
    expect(diagnostics[0]!.message).toBe(
      `chunk 0's records end after record 104 at chunk offset ${hex(chunk.offsets[5] as number)} by its header (free space offset ${hex(chunk.offsets[5] as number)}, last record id 104), ` +
        `but 3 more record(s) follow in sequence (ids 105-107, to chunk offset ${hex(new DataView(chunk.bytes.buffer).getUint32(48, true))}): the header was not written after them (a copy taken while the log was being written); read`,
    )
    // Its CRCs agree with the stale header, so checking them changes nothing.
    expect(read(stale, { validateChecksums: true }).ids).toHaveLength(8)
    // The untouched chunk: no warning.
    expect(read(chunk.bytes).diagnostics).toEqual([])
    // The chunk's last-written record is the newest read, not the header's last.
    const infos: ChunkInfo[] = []
    read(stale, { onChunk: (c) => infos.push(c) })
    expect(infos.map((c) => [c.lastRecord?.id, c.idRange])).toEqual([[107, [100, 107]]])
  })

  it('stops at the first record out of sequence, and reads nothing of an earlier use of the chunk', () => {
    const broken = staleAfter(chunk, 4)
    new DataView(broken.buffer).setBigUint64((chunk.offsets[7] as number) + 8, 90n, true)
    expect(read(broken).ids).toEqual([100, 101, 102, 103, 104, 105, 106])
    // Leftovers with lower ids (the chunk before the log wrapped), or far higher ones (before a clear).
    for (const id of [50n, 9000n]) {
      const leftovers = staleAfter(chunk, 4)
      new DataView(leftovers.buffer).setBigUint64((chunk.offsets[5] as number) + 8, id, true)
      const r = read(leftovers)
      expect(r.ids).toEqual([100, 101, 102, 103, 104])
      // They are counted as what an earlier use of the chunk left (leftover-records.ts), not read.
      expect(r.diagnostics.map((d) => [d.code, d.severity, d.location.recordId])).toEqual([['EVTX_CHUNK_LEFTOVER_RECORDS', 'info', Number(id)]])
    }
    // A record in sequence but cut (its size copy differs): not read past.
    const cut = staleAfter(chunk, 4)
    new DataView(cut.buffer).setUint32((chunk.offsets[6] as number) - 4, 1, true)
    expect(read(cut).ids).toEqual([100, 101, 102, 103, 104])
  })

  it('reads past a free-space offset that stops short of the header\'s own last record, and past a last id that stops short of the free space', () => {
    // Free space set back, last id and offset left: the header's own records past its free space.
    const freeOnly = chunk.bytes.slice()
    const view = new DataView(freeOnly.buffer)
    view.setUint32(48, chunk.offsets[3] as number, true)
    expect(read(freeOnly).ids).toEqual([100, 101, 102, 103, 104, 105, 106, 107])
    // Last id set back, free space left: the records after it in the free space.
    const idOnly = chunk.bytes.slice()
    new DataView(idOnly.buffer).setBigUint64(32, 102n, true)
    new DataView(idOnly.buffer).setUint32(44, chunk.offsets[2] as number, true)
    const r = read(idOnly)
    expect(r.ids).toEqual([100, 101, 102, 103, 104, 105, 106, 107])
    expect(r.diagnostics[0]!.message).toContain('records end after record 102 at chunk offset')
    // Last id alone set back (its record's offset left at record 107): the walk goes on to that offset.
    new DataView(idOnly.buffer).setUint32(44, chunk.offsets[7] as number, true)
    const early = read(idOnly)
    expect(early.ids).toEqual([100, 101, 102, 103, 104, 105, 106, 107])
    expect(early.diagnostics.map((d) => [d.code, d.location.recordId])).toEqual([['EVTX_CHUNK_STALE_HEADER', 102]])
    expect(early.diagnostics[0]!.message).toContain('holds that id: the walk goes on')
  })

  it('reads the records of a chunk whose free-space offset ends them before the first, from the header\'s first record id', () => {
    for (const free of [0x200, 0x80]) {
      const empty = chunk.bytes.slice()
      const view = new DataView(empty.buffer)
      view.setUint32(48, free, true)
      view.setUint32(124, crc32(empty, 128, 512, crc32(empty, 0, 120)), true)
      const r = read(empty)
      expect(r.ids).toEqual([100, 101, 102, 103, 104, 105, 106, 107])
      const codes = r.diagnostics.map((d) => d.code)
      expect(codes).toEqual(free < 0x200 ? ['EVTX_CHUNK_BAD_FREE_SPACE', 'EVTX_CHUNK_STALE_HEADER'] : ['EVTX_CHUNK_STALE_HEADER'])
      expect(r.diagnostics.at(-1)!.message).toContain("chunk 0's records end before the first at chunk offset 0x200 by its header")
      expect(r.diagnostics.at(-1)!.location).toMatchObject({ chunkOffset: 0x200, recordId: 100 })
    }
    // Records there that do not start at the header's first id are an earlier use: not read.
    const other = chunk.bytes.slice()
    new DataView(other.buffer).setUint32(48, 0x200, true)
    new DataView(other.buffer).setBigUint64(24, 99n, true)
    const unread = read(other)
    expect(unread.ids).toEqual([])
    // Counted, though (leftover-records.ts), so a reader knows they are there.
    expect(unread.diagnostics.map((d) => [d.code, d.severity, d.location.recordId])).toEqual([['EVTX_CHUNK_LEFTOVER_RECORDS', 'info', 100]])
  })

  it('reads past the header in scan mode too, and in a file with the chunks after it', () => {
    const ids = chunkOf(6, 1, (id) => (id === 6 ? 1058 : 7036))
    const prefilter: EventPrefilter = { eventIds: new Set([1058]), accept: () => true }
    expect(read(staleAfter(ids, 2), { prefilter }).ids).toEqual([6])
    const file = concat(fileHeader({ chunkCount: 2, nextRecordId: 109 }), staleAfter(chunk, 2), chunkOf(1, 108).bytes)
    expect([...parseEvtx(file)].map((r) => r.recordId)).toEqual([100, 101, 102, 103, 104, 105, 106, 107, 108])
  })

  it('on a second pass over some places (a query) reads a place past the header, and looks no further after its last place', () => {
    const stale = staleAfter(chunk, 2)
    const pass = (places: number[]) => {
      const diagnostics: Diagnostic[] = []
      const got = readChunkBlock(createReaderContext({ onDiagnostic: (d) => diagnostics.push(d) }), stale, 0, 0, false, places)
      return { ids: got.records.map((r) => r.recordId), codes: diagnostics.map((d) => d.code) }
    }
    expect(pass([chunk.offsets[1] as number, chunk.offsets[6] as number])).toEqual({ ids: [101, 106], codes: ['EVTX_CHUNK_STALE_HEADER'] })
    // Its last place taken before the header's end: nothing past the header is looked at.
    expect(pass([chunk.offsets[1] as number])).toEqual({ ids: [101], codes: [] })
  })
})

describe('records past a stale chunk header in the analysis', () => {
  it('reads them and says so in the input notes, its status ok', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rdp-triage-stale-'))
    try {
      const ids = chunkOf(6, 1, (id) => (id === 6 ? 1058 : 7036))
      writeFileSync(join(dir, 'System.evtx'), concat(fileHeader({ chunkCount: 1, nextRecordId: 4 }), staleAfter(ids, 2)))
      const input = (await analyze([join(dir, 'System.evtx')])).inputs[0]!
      expect(input).toMatchObject({ status: 'ok', records: 6 })
      expect(input.notes).toContain('1 chunk(s) hold their newest records past where their header ends them (a header not written after them: a copy taken while the log was being written); those records were read')
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
