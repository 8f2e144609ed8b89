import { describe, expect, it } from 'vitest'
import type { Diagnostic } from '../../src/diagnostics.js'
import { EvtxError } from '../../src/errors.js'
import { parseChunk } from '../../src/evtx/chunk.js'
import { computeChunkHeaderChecksum } from '../../src/evtx/chunk-header.js'
import type { ChunkInfo } from '../../src/evtx/options.js'
import { parseEvtx } from '../../src/evtx/parse.js'
import { readSystem } from '../../src/access/system.js'
import { renderXml } from '../../src/render/xml.js'
import { encodeGuid } from '../../src/binary/guid.js'
import { ChunkWriter, concat, fileHeader, finishChunk, openElement, record, simpleChunk, simpleFile, substitution, TICKS_2025_11_21 } from '../helpers/chunk-builder.js'

function collect(bytes: Uint8Array, opts: Parameters<typeof parseEvtx>[1] = {}) {
  const diagnostics: Diagnostic[] = []
  const records = [...parseEvtx(bytes, { ...opts, onDiagnostic: (d) => diagnostics.push(d) })]
  return { ids: records.map((r) => r.recordId), records, diagnostics, codes: diagnostics.map((d) => d.code) }
}

describe('chunk walk and recovery policy', () => {
  it('reads every record of a clean chunk, rendered as Windows does', () => {
    const records = [...parseChunk(simpleChunk(1, 3))]
    expect(records.map((r) => r.recordId)).toEqual([1, 2, 3])
    expect(renderXml(records[1]!)).toBe(
      "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='Test-Provider'/><EventID>1000</EventID><TimeCreated SystemTime='2025-11-21T00:00:02.0000000Z'/><EventRecordID>2</EventRecordID><Channel>System</Channel></System><EventData><Data Name='Message'>event 2</Data></EventData></Event>",
    )
  })

  it('skips an all-zero block silently and reads the chunks after it', () => {
    const file = concat(fileHeader({ chunkCount: 3, nextRecordId: 7 }), simpleChunk(1, 3), new Uint8Array(0x10000), simpleChunk(4, 3))
    const { ids, diagnostics } = collect(file)
    expect(ids).toEqual([1, 2, 3, 4, 5, 6])
    expect(diagnostics).toEqual([])
  })

  it('reports a non-zero block without chunk magic and still reads the others', () => {
    const garbage = new Uint8Array(0x10000).fill(0x41)
    const file = concat(fileHeader({ chunkCount: 3, nextRecordId: 7 }), simpleChunk(1, 3), garbage, simpleChunk(4, 3))
    const { ids, diagnostics } = collect(file)
    expect(ids).toEqual([1, 2, 3, 4, 5, 6])
    expect(diagnostics).toHaveLength(1)
    expect(diagnostics[0]).toMatchObject({ code: 'EVTX_CHUNK_BAD_MAGIC', severity: 'error', location: { chunkIndex: 1, fileOffset: 4096 + 0x10000 } })
  })

  it('reads chunks beyond a dirty header chunk count and says the header is stale', () => {
    const file = simpleFile([[1, 2], [3, 2], [5, 2]], { chunkCount: 1, nextRecordId: 3, flags: 1 })
    const { ids, codes, diagnostics } = collect(file)
    expect(ids).toEqual([1, 2, 3, 4, 5, 6])
    expect(codes).toContain('EVTX_FILE_DIRTY')
    const stale = diagnostics.filter((d) => d.code === 'EVTX_FILE_HEADER_INCONSISTENT').map((d) => d.message)
    expect(stale.join('\n')).toMatch(/declares 1 chunks, but 3 chunks hold records/)
    expect(stale.join('\n')).toMatch(/next record id 3 is stale: records up to id 6/)
    expect(diagnostics.every((d) => d.severity === 'info')).toBe(true)
  })

  it('ends a chunk cleanly at a zero record signature', () => {
    const chunk = simpleChunk(1, 3)
    const view = new DataView(chunk.buffer)
    view.setUint32(48, 0x10000, true) // free space says the whole chunk is used
    const { ids, diagnostics } = collect(concat(fileHeader({ chunkCount: 1, nextRecordId: 4 }), chunk))
    expect(ids).toEqual([1, 2, 3])
    expect(diagnostics).toEqual([])
  })

  it('clamps a free-space offset past the chunk and reports it', () => {
    const chunk = simpleChunk(1, 2)
    new DataView(chunk.buffer).setUint32(48, 0x7fff_0000, true)
    const { ids, diagnostics } = collect(concat(fileHeader({ chunkCount: 1, nextRecordId: 3 }), chunk))
    expect(ids).toEqual([1, 2])
    expect(diagnostics.map((d) => d.code)).toEqual(['EVTX_CHUNK_BAD_FREE_SPACE'])
    expect(diagnostics[0]?.message).toContain('0x7fff0000')
    // The chunk's end itself is a valid offset (a full chunk); one byte past it is not.
    const at = (offset: number) => {
      const c = simpleChunk(1, 2)
      new DataView(c.buffer).setUint32(48, offset, true)
      return collect(concat(fileHeader({ chunkCount: 1, nextRecordId: 3 }), c)).codes
    }
    expect(at(0x10000)).not.toContain('EVTX_CHUNK_BAD_FREE_SPACE')
    expect(at(0x10001)).toContain('EVTX_CHUNK_BAD_FREE_SPACE')
  })

  it('goes on at the next whole record header after a bad record signature, reporting the offset, and reads the next chunk', () => {
    const c0 = simpleChunk(1, 3)
    const [, second, third] = [...parseChunk(c0)].map((r) => r.chunkOffset)
    c0[second as number] = 0x99
    const { ids, diagnostics } = collect(concat(fileHeader({ chunkCount: 2, nextRecordId: 7 }), c0, simpleChunk(4, 3)))
    expect(ids).toEqual([1, 3, 4, 5, 6])
    expect(diagnostics).toHaveLength(1)
    expect(diagnostics[0]).toMatchObject({ code: 'EVTX_RECORD_BAD_MAGIC', location: { chunkIndex: 0, chunkOffset: second, fileOffset: 4096 + (second as number) } })
    expect(diagnostics[0]?.message).toMatch(new RegExp(`; the walk resumes at the next record header, chunk offset 0x${(third as number).toString(16)} \\(record 3\\)$`))
  })

  it('skips the rest of the chunk at a bad record size when no whole record header follows', () => {
    for (const size of [0, 27, 0x20000]) {
      // Record 2's size broken: record 3 follows it whole, and is read.
      const c0 = simpleChunk(1, 3)
      const [, second, third] = [...parseChunk(c0)].map((r) => r.chunkOffset)
      new DataView(c0.buffer).setUint32((second as number) + 4, size, true)
      const resumed = collect(concat(fileHeader({ chunkCount: 1, nextRecordId: 4 }), c0))
      expect(resumed.ids).toEqual([1, 3])
      expect(resumed.codes).toEqual(['EVTX_RECORD_BAD_SIZE'])
      expect(resumed.diagnostics[0]?.message).toContain(`size ${size}`)
      // Record 3's signature broken as well: nothing whole follows.
      c0[third as number] = 0x99
      const { ids, diagnostics } = collect(concat(fileHeader({ chunkCount: 1, nextRecordId: 4 }), c0))
      expect(ids).toEqual([1])
      // Records 2 and 3 are lost with the rest of the chunk, which the header's next id shows.
      expect(diagnostics.map((d) => d.code)).toEqual(['EVTX_RECORD_BAD_SIZE', 'EVTX_FILE_INCOMPLETE'])
      expect(diagnostics[0]?.message).toMatch(new RegExp(`size ${size} .*; rest of chunk 0 skipped$`))
      expect(diagnostics[1]?.message).toContain('the highest id read is 1 (2 newer records missing or unreadable)')
    }
  })

  it('reports a record whose BinXML is broken and goes on with the next record', () => {
    const c0 = simpleChunk(1, 3)
    const second = [...parseChunk(c0)][1]!
    c0[second.chunkOffset + 24] = 0x7f // replaces the fragment header token
    const { ids, diagnostics } = collect(concat(fileHeader({ chunkCount: 1, nextRecordId: 4 }), c0))
    expect(ids).toEqual([1, 3])
    expect(diagnostics).toHaveLength(1)
    expect(diagnostics[0]).toMatchObject({ code: 'BINXML_BAD_TOKEN', severity: 'error', location: { chunkIndex: 0, recordId: 2 } })
    expect(diagnostics[0]?.message).toContain('0x7f')
  })

  it('warns about a size copy mismatch but still reads the record', () => {
    const c0 = simpleChunk(1, 2)
    const first = [...parseChunk(c0)][0]!
    new DataView(c0.buffer).setUint32(first.chunkOffset + first.size - 4, 12345, true)
    const { ids, diagnostics } = collect(concat(fileHeader({ chunkCount: 1, nextRecordId: 3 }), c0))
    expect(ids).toEqual([1, 2])
    expect(diagnostics).toMatchObject([{ code: 'EVTX_RECORD_SIZE_COPY_MISMATCH', severity: 'warning', location: { recordId: 1 } }])
  })

  it('stops after the record whose id is the chunk header last record id, unless records go on in sequence past it', () => {
    const [, second, third] = [...parseChunk(simpleChunk(1, 3))].map((r) => r.chunkOffset)
    // The header's last record id and offset set back to record 2.
    const setBack = () => {
      const c = simpleChunk(1, 3)
      new DataView(c.buffer).setBigUint64(32, 2n, true)
      new DataView(c.buffer).setUint32(44, second!, true)
      return c
    }
    const c0 = setBack()
    // Record 3 goes on in sequence: a header not written after it (test/evtx/stale-header.test.ts).
    const diagnostics: Diagnostic[] = []
    expect([...parseChunk(c0, 0, { onDiagnostic: (d) => diagnostics.push(d) })].map((r) => r.recordId)).toEqual([1, 2, 3])
    expect(diagnostics.map((d) => d.code)).toEqual(['EVTX_CHUNK_STALE_HEADER'])
    // Record 3 with another id is not in sequence: the walk stops after record 2.
    const c1 = setBack()
    new DataView(c1.buffer).setBigUint64(third! + 8, 9n, true)
    expect([...parseChunk(c1)].map((r) => r.recordId)).toEqual([1, 2])
  })

  it('does not stop at a record that holds the last record id before the header\'s last record offset, and says so', () => {
    // A damaged id (or a header set back by its id alone) must not end the walk with records after it unread.
    const c = simpleChunk(1, 6)
    const offsets = [...parseChunk(simpleChunk(1, 6))].map((r) => r.chunkOffset)
    new DataView(c.buffer).setBigUint64(offsets[2]! + 8, 6n, true)
    const diagnostics: Diagnostic[] = []
    expect([...parseChunk(c, 0, { onDiagnostic: (d) => diagnostics.push(d) })].map((r) => r.recordId)).toEqual([1, 2, 6, 4, 5, 6])
    expect(diagnostics.map((d) => [d.code, d.severity, d.location.chunkOffset, d.location.recordId])).toEqual([['EVTX_CHUNK_STALE_HEADER', 'warning', offsets[2], 6]])
    expect(diagnostics[0]!.message).toBe(
      `chunk 0's header gives 6 as its last record id and chunk offset 0x${offsets[5]!.toString(16)} as its last record's, but the record at chunk offset 0x${offsets[2]!.toString(16)} before it holds that id: the walk goes on to the header's last record`,
    )
  })

  it('validates CRCs only when asked, and skips a chunk whose CRC fails', () => {
    const c0 = simpleChunk(1, 2)
    new DataView(c0.buffer).setUint32(52, 0xdeadbeef, true)
    new DataView(c0.buffer).setUint32(124, computeChunkHeaderChecksum(c0), true)
    const file = concat(fileHeader({ chunkCount: 2, nextRecordId: 5 }), c0, simpleChunk(3, 2))
    expect(collect(file).ids).toEqual([1, 2, 3, 4])
    const checked = collect(file, { validateChecksums: true })
    expect(checked.ids).toEqual([3, 4])
    expect(checked.diagnostics).toMatchObject([{ code: 'EVTX_CHUNK_BAD_DATA_CRC', location: { chunkIndex: 0 } }])
    expect(checked.diagnostics[0]?.message).toMatch(/0x[0-9a-f]{8}, stored 0xdeadbeef/)
    const headerBad = simpleChunk(1, 2)
    headerBad[60] = 7 // inside the CRC'd header range
    expect(collect(concat(fileHeader({ chunkCount: 1, nextRecordId: 3 }), headerBad), { validateChecksums: true }).codes).toEqual(['EVTX_CHUNK_BAD_HEADER_CRC', 'EVTX_FILE_INCOMPLETE'])
  })

  it('honours the file no-CRC flag when validating', () => {
    const c0 = simpleChunk(1, 2)
    new DataView(c0.buffer).setUint32(52, 0, true)
    const file = concat(fileHeader({ chunkCount: 1, nextRecordId: 3, flags: 4 }), c0)
    expect(collect(file, { validateChecksums: true }).ids).toEqual([1, 2])
  })

  it('reads the records before the cut of a truncated last chunk', () => {
    const file = simpleFile([[1, 3], [4, 40]])
    const cut = file.subarray(0, 4096 + 0x10000 + 3000)
    const { ids, diagnostics } = collect(cut)
    expect(ids.slice(0, 3)).toEqual([1, 2, 3])
    expect(ids.length).toBeGreaterThan(3)
    expect(ids.length).toBeLessThan(43)
    expect(diagnostics.map((d) => d.code)).toEqual(['EVTX_CHUNK_TRUNCATED', 'EVTX_RECORD_BAD_SIZE', 'EVTX_FILE_INCOMPLETE'])
  })

  it('reads a chunk cut at any byte of a record header up to that record, without failing', () => {
    const file = simpleFile([[1, 3], [4, 40]])
    const at = collect(file).records.find((r) => r.recordId === 9)?.fileOffset as number
    for (let k = 0; k <= 8; k++) {
      const { ids, codes } = collect(file.subarray(0, at + k))
      expect(ids, `cut ${k} bytes into record 9`).toEqual([1, 2, 3, 4, 5, 6, 7, 8])
      expect(codes, `cut ${k} bytes into record 9`).toContain('EVTX_CHUNK_TRUNCATED')
    }
  })

  it('throws the first problem with its location in strict mode', () => {
    const garbage = new Uint8Array(0x10000).fill(0x41)
    const file = concat(fileHeader({ chunkCount: 2, nextRecordId: 4 }), simpleChunk(1, 3), garbage)
    let thrown: unknown
    try {
      for (const _ of parseEvtx(file, { strict: true })) void _
    } catch (e) {
      thrown = e
    }
    expect(thrown).toBeInstanceOf(EvtxError)
    expect(thrown).toMatchObject({ code: 'EVTX_CHUNK_BAD_MAGIC', location: { chunkIndex: 1, fileOffset: 0x11000 } })
  })

  it('in scan mode, reports a record whose EventID cannot be read within the limits and reads the rest of the file', () => {
    // <Event><System><EventID> holding 200 copies of a 30,000-character String: its text is past
    // maxRenderedLength, so deciding whether scan mode wants the record throws LIMIT_EXCEEDED.
    const guid = new Uint8Array(16)
    encodeGuid('{e1e1e1e1-2222-3333-4444-555555555555}', guid, 0)
    const w = new ChunkWriter()
    const last = record(w, 1, TICKS_2025_11_21, (x) => {
      x.raw([0x0f, 0x01, 0x01, 0x00]).u8(0x0c).u8(0x01).raw(guid.subarray(0, 4))
      x.u32(x.pos + 4).u32(0).raw(guid)
      const sizeAt = x.pos
      x.u32(0)
      x.raw([0x0f, 0x01, 0x01, 0x00])
      const closers = ['Event', 'System', 'EventID'].map((name) => {
        const close = openElement(x, name, { inTemplate: true })
        x.u8(0x02)
        return close
      })
      for (let k = 0; k < 200; k++) substitution(x, 0, 0x01)
      for (const close of closers.reverse()) {
        x.u8(0x04)
        close()
      }
      x.u8(0x00)
      x.view.setUint32(sizeAt, x.pos - sizeAt - 4, true)
      x.u32(1).u16(60_000).u8(0x01).u8(0)
      for (let i = 0; i < 30_000; i++) x.u16(0x31)
      x.u8(0x00)
    })
    const file = concat(fileHeader({ chunkCount: 2, nextRecordId: 42 }), finishChunk(w, { firstId: 1, lastId: 1, lastRecordOffset: last }), simpleChunk(2, 40))
    const { ids, diagnostics } = collect(file, { prefilter: { eventIds: new Set([1000]), accept: () => true } })
    expect(ids).toEqual(Array.from({ length: 40 }, (_, i) => i + 2))
    expect(diagnostics.map((d) => [d.code, d.severity, d.location.chunkIndex, d.location.chunkOffset, d.location.recordId])).toEqual([['LIMIT_EXCEEDED', 'error', 0, 0x200, 1]])
  })

  it('reads a record whose size field was damaged by its own size copy, and every record after it', () => {
    const clean = simpleChunk(1, 10)
    const offsets = [...parseChunk(clean)].map((r) => r.chunkOffset)
    const size = offsets[3]! - offsets[2]!
    for (const bit of [10, 12]) {
      const flipped = clean.slice()
      const view = new DataView(flipped.buffer)
      view.setUint32(offsets[2]! + 4, size | (1 << bit), true)
      for (const prefilter of [undefined, { eventIds: new Set([1000]), accept: () => true }]) {
        const { ids, diagnostics } = collect(concat(fileHeader({ chunkCount: 1, nextRecordId: 11 }), flipped), { prefilter, readHiddenRecords: true })
        expect(ids).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
        expect(diagnostics.map((d) => [d.code, d.severity, d.location.chunkOffset, d.location.recordId])).toEqual([['EVTX_RECORD_SIZE_COPY_MISMATCH', 'warning', offsets[2], 3]])
        expect(diagnostics[0]!.message).toBe(
          `record 3: size ${size | (1 << bit)} differs from its size copy ${view.getUint32(offsets[2]! + (size | (1 << bit)) - 4, true)}, but its first ${size} bytes end in a size copy of their own, followed by the next record: its size field is damaged; read as ${size} bytes`,
        )
      }
    }
  })

  it('keeps System fields readable without rendering', () => {
    const [r] = [...parseChunk(simpleChunk(7, 1))]
    expect(readSystem(r!)).toMatchObject({ provider: 'Test-Provider', eventId: 1000, eventRecordId: 7, channel: 'System', timeCreated: '2025-11-21T00:00:07.0000000Z' })
  })
})

describe('file header', () => {
  it('rejects input that is not EVTX with a clear error', () => {
    expect(() => [...parseEvtx(new TextEncoder().encode('hello world, this is not a log'.repeat(10)))]).toThrowError(/not an EVTX file: signature is "hello wo"/)
    expect(() => [...parseEvtx(new Uint8Array(10))]).toThrowError(EvtxError)
  })

  it('reports a header CRC mismatch as a warning and reads on', () => {
    const file = simpleFile([[1, 1]])
    file[100] = 1
    const { ids, codes } = collect(file)
    expect(ids).toEqual([1])
    expect(codes).toContain('EVTX_FILE_HEADER_BAD_CRC')
  })
})

/** File offsets of the records of a file of simple chunks, in order. */
function recordOffsets(bytes: Uint8Array): number[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const out: number[] = []
  for (let chunk = 4096; chunk + 512 <= bytes.length; chunk += 0x10000) {
    for (let pos = chunk + 512; pos + 24 <= bytes.length && view.getUint32(pos, true) === 0x2a2a; pos += view.getUint32(pos + 4, true)) out.push(pos)
  }
  return out
}

describe('the last-written record of a chunk (ChunkInfo.lastRecord)', () => {
  const lastOf = (bytes: Uint8Array) => {
    const infos: ChunkInfo[] = []
    for (const _ of parseEvtx(bytes, { onChunk: (c) => infos.push(c), onDiagnostic: () => undefined }));
    return infos.map((c) => c.lastRecord)
  }

  it('is the highest id in the header range, with its written time, read or skipped', () => {
    const bytes = simpleFile([[1, 5], [6, 4]])
    expect(lastOf(bytes)).toEqual([
      { id: 5, writtenMs: Date.UTC(2025, 10, 21, 0, 0, 5), writtenTime: '2025-11-21T00:00:05.0000000Z' },
      { id: 9, writtenMs: Date.UTC(2025, 10, 21, 0, 0, 9), writtenTime: '2025-11-21T00:00:09.0000000Z' },
    ])
    // Scan mode skips every record unread (no event id 1): the last record comes from its header.
    const infos: ChunkInfo[] = []
    for (const _ of parseEvtx(bytes, { onChunk: (c) => infos.push(c), prefilter: { eventIds: new Set([1]), accept: () => true } }));
    expect(infos.map((c) => c.lastRecord)).toEqual(lastOf(bytes))
  })

  it('ignores a damaged id outside the range and a damaged time elsewhere; a cut chunk gives the last it holds', () => {
    const bytes = simpleFile([[1, 5]])
    const view = new DataView(bytes.buffer)
    const [, second, , , fifth] = recordOffsets(bytes) as number[]
    // Record 2's time moves five years on; record 5's id becomes 900, past the header's last id.
    view.setBigUint64((second as number) + 16, view.getBigUint64((second as number) + 16, true) + 5n * 365n * 86_400n * 10_000_000n, true)
    view.setBigUint64((fifth as number) + 8, 900n, true)
    expect(lastOf(bytes)[0]).toMatchObject({ id: 4, writtenTime: '2025-11-21T00:00:04.0000000Z' })
    const cut = simpleFile([[1, 5]]).subarray(0, (recordOffsets(simpleFile([[1, 5]]))[3] as number) + 10)
    expect(lastOf(cut)[0]).toMatchObject({ id: 3 })
    // No record's id in the header's range (here 101..105): no last record.
    const shifted = simpleFile([[1, 5]])
    new DataView(shifted.buffer).setBigUint64(4096 + 24, 101n, true)
    new DataView(shifted.buffer).setBigUint64(4096 + 32, 105n, true)
    expect(lastOf(shifted)).toEqual([undefined])
  })

  it('has no time when the record holds none (0, as some tools write) or one from the year 10000 on', () => {
    const bytes = simpleFile([[1, 2]])
    const view = new DataView(bytes.buffer)
    const last = recordOffsets(bytes)[1] as number
    view.setBigUint64(last + 16, 0n, true)
    expect(lastOf(bytes)[0]).toEqual({ id: 2, writtenMs: undefined, writtenTime: undefined })
    view.setBigUint64(last + 16, 0xffff_ffff_ffff_fff0n, true)
    expect(lastOf(bytes)[0]).toEqual({ id: 2, writtenMs: undefined, writtenTime: undefined })
  })
})
