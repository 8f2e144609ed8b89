/**
 * ChunkWriter's test knobs and its rollback: maxRecords closes a chunk after exactly that many
 * records, fillLimit never reaches past the 64 KiB chunk, and a record that does not fit (or throws) leaves
 * no trace a later record could refer back to.
 */
import { describe, expect, it } from 'vitest'
import { parseChunk } from '../../src/evtx/chunk.js'
import { renderXml } from '../../src/render/xml.js'
import { buildEvtx, ChunkWriter, doc, el, instance, sub, type WriterRecord, val } from '../../src/writer/index.js'

const template = { guid: '{00000000-0000-0000-0000-0000000000b1}', body: [el('Event', [], [sub(0, 0x0e)])] }
const other = { guid: '{00000000-0000-0000-0000-0000000000b2}', body: [el('Other', [], [sub(0, 0x0e)])] }

function record(recordId: number, size: number, t = template): WriterRecord {
  return { recordId, written: 134_080_000_000_000_000n, document: doc([instance(t, [val.binary(new Uint8Array(size).fill(0xab))])]) }
}

describe('ChunkWriter', () => {
  it('closes a chunk after maxRecords records', () => {
    const w = buildEvtx([1, 2, 3, 4, 5].map((id) => record(id, 4)), { maxRecords: 2 })
    expect(w.chunks.map((c) => [c.firstRecordId, c.lastRecordId, c.recordCount])).toEqual([
      [1n, 2n, 2],
      [3n, 4n, 2],
      [5n, 5n, 1],
    ])
  })

  it('refuses a maxRecords below 1 or a NaN fillLimit instead of dropping every record', () => {
    expect(() => buildEvtx([record(1, 4), record(2, 4)], { maxRecords: 0 })).toThrowError(new RangeError('maxRecords must be at least 1, got 0'))
    expect(() => buildEvtx([record(1, 4)], { maxRecords: Number.NaN })).toThrow(RangeError)
    expect(() => buildEvtx([record(1, 4)], { fillLimit: Number.NaN })).toThrowError(new RangeError('fillLimit must be a number, got NaN'))
  })

  it('never fills past the chunk end, whatever fillLimit says', () => {
    const records = Array.from({ length: 40 }, (_, i) => record(i + 1, 3000))
    const layout = (fillLimit?: number) => buildEvtx(records, fillLimit === undefined ? {} : { fillLimit }).chunks.map((c) => [c.recordCount, c.freeSpaceOffset])
    expect(layout(0x20000)).toEqual(layout())
    expect(layout().map(([n]) => n)).toEqual([21, 19])
  })

  it('forgets the template a record that did not fit would have defined', () => {
    const w = new ChunkWriter({ fillLimit: 4096 })
    expect(w.tryAdd(record(1, 2, other))).toBe(true)
    expect(w.tryAdd(record(2, 5000))).toBe(false)
    expect(w.tryAdd(record(2, 2))).toBe(true)
    const records = [...parseChunk(w.finish().bytes, 0)]
    expect(records.map((r) => renderXml(r))).toEqual(['<Other>ABAB</Other>', '<Event>ABAB</Event>'])
  })

  it('forgets the names and template of a record that threw, so the chunk stays readable', () => {
    const w = new ChunkWriter()
    const fresh = { guid: '{00000000-0000-0000-0000-0000000000b3}', body: [el('Fresh', [], [sub(0, 0x01)])] }
    const bad = { recordId: 1, written: 134_080_000_000_000_000n, document: doc([instance(fresh, [{ type: 0x08, value: 'not a number' }])]) }
    expect(() => w.tryAdd(bad)).toThrow(TypeError)
    expect(w.tryAdd({ recordId: 1, written: 134_080_000_000_000_000n, document: doc([instance(fresh, [val.string('ok')])]) })).toBe(true)
    const diagnostics: string[] = []
    const records = [...parseChunk(w.finish().bytes, 0, { onDiagnostic: (d) => diagnostics.push(d.message) })]
    expect(diagnostics).toEqual([])
    expect(records.map((r) => renderXml(r))).toEqual(['<Fresh>ok</Fresh>'])
  })

  it('takes a record that leaves exactly 8 bytes free, and throws for one that would leave 7 in an empty chunk', () => {
    const probe = new ChunkWriter()
    probe.tryAdd(record(1, 100))
    const size = probe.finish().summary.freeSpaceOffset - 512
    const exact = new ChunkWriter({ fillLimit: 512 + size + 8 })
    expect(exact.tryAdd(record(1, 100))).toBe(true)
    expect(exact.finish().summary.freeSpaceOffset).toBe(512 + size)
    expect(() => new ChunkWriter({ fillLimit: 512 + size + 7 }).tryAdd(record(1, 100))).toThrow(RangeError)
    expect(() => buildEvtx([record(1, 60_000)], { fillLimit: 32_768 })).toThrow(/does not fit in an empty chunk/)
  })
})

