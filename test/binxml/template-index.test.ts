/**
 * Templates lent to records whose own definition was lost to zeros in their chunk:
 * the first fitting template an earlier chunk defines under the same id, the same for every
 * reader (in file order, from a stream, on worker threads: test/node/prefix-lender.test.ts).
 */
import { describe, expect, it } from 'vitest'
import { type TemplateInstanceNode, TextNode } from '../../src/binxml/nodes.js'
import { fitsValues, TemplateIndex } from '../../src/binxml/template-index.js'
import { CompiledTemplate } from '../../src/binxml/template.js'
import type { Diagnostic } from '../../src/diagnostics.js'
import { parseChunk } from '../../src/evtx/chunk.js'
import { parseEvtx } from '../../src/evtx/parse.js'
import { readEvtxChunks } from '../../src/evtx/read.js'
import type { EvtxRecord } from '../../src/evtx/record.js'
import { renderXml } from '../../src/render/xml.js'
import { attribute, type ChunkWriter, concat, fileHeader, openElement, simpleChunk, substitution, templateChunk, v } from '../helpers/chunk-builder.js'

/**
 * Records `first`…: records first..first+2 lost to zeros (the first defined the template); the
 * chunk header intact, so the walk resumes at the fourth, which refers back to the lost definition.
 */
function midLost(first: number, count: number): Uint8Array {
  const chunk = simpleChunk(first, count)
  chunk.fill(0, 0x200, ([...parseChunk(chunk)][3] as EvtxRecord).chunkOffset)
  return chunk
}

/** The same records with the chunk's first page lost: its header too. */
function headerLost(first: number, count: number): Uint8Array {
  const chunk = simpleChunk(first, count)
  chunk.fill(0, 0, 0x1000)
  return chunk
}

function read(file: Uint8Array): { records: EvtxRecord[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = []
  const records = [...parseEvtx(file, { onDiagnostic: (d) => diagnostics.push(d) })]
  return { records, diagnostics }
}

/** The first template instance of a record. */
function instance(r: EvtxRecord): TemplateInstanceNode {
  return r.fragment[0] as TemplateInstanceNode
}

/** A template under the simple template's id (Data1 11111111), whose second value is declared `eventIdType`. */
function lookalike(eventIdType: number): (w: ChunkWriter) => void {
  return (w) => {
    const close = openElement(w, 'Event', { inTemplate: true })
    w.u8(0x02)
    for (const [i, t] of [0x01, eventIdType, 0x11, 0x0a, 0x01, 0x01].entries()) substitution(w, i, t)
    w.u8(0x04)
    close()
  }
}
const LOOKALIKE_GUID = '{11111111-0000-0000-0000-000000000000}'
const lookalikeValues = [v.str('Other'), v.u32(7), v.filetime(0n), v.u64(1n), v.str('System'), v.str('x')]

describe('a record whose template definition was lost', () => {
  const intact = simpleFile2()
  /** Chunk 0 intact (records 1..10), chunk 1 (records 11..50) with its first page lost. */
  function simpleFile2(): Uint8Array {
    return concat(fileHeader({ chunkCount: 2, nextRecordId: 51 }), simpleChunk(1, 10), simpleChunk(11, 40))
  }

  it('renders with the template an earlier chunk defines, exactly as it rendered before the loss, with a warning each', () => {
    const damaged = concat(fileHeader({ chunkCount: 2, nextRecordId: 51 }), simpleChunk(1, 10), midLost(11, 40))
    const { records, diagnostics } = read(damaged)
    const after = records.filter((r) => r.chunkIndex === 1)
    expect(after.map((r) => r.recordId)).toEqual(Array.from({ length: 37 }, (_, k) => 14 + k))
    const before = new Map([...parseEvtx(intact)].map((r) => [r.recordId, renderXml(r)]))
    for (const r of after) expect(renderXml(r), `record ${r.recordId}`).toBe(before.get(r.recordId))
    const lent = diagnostics.filter((d) => d.code === 'BINXML_TEMPLATE_BORROWED')
    expect(lent.map((d) => d.location.recordId)).toEqual(after.map((r) => r.recordId))
    expect(lent[0]).toMatchObject({
      severity: 'warning',
      location: { chunkIndex: 1 },
      message: 'template definition at 0x226 is zeros: lost with the record that held it; rendered with template {11111111-2222-3333-4444-555555555555} as chunk 0 defines it (the same id, and it fits all 6 values)',
    })
    expect(diagnostics.filter((d) => d.code === 'BINXML_BAD_TEMPLATE')).toEqual([])
  })

  it('reads the same from a stream as from bytes', async () => {
    const damaged = concat(fileHeader({ chunkCount: 2, nextRecordId: 51 }), simpleChunk(1, 10), midLost(11, 40))
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        for (let at = 0; at < damaged.length; at += 7_777) c.enqueue(damaged.slice(at, at + 7_777))
        c.close()
      },
    })
    const diagnostics: Diagnostic[] = []
    const streamed: string[] = []
    for await (const batch of readEvtxChunks(stream, { onDiagnostic: (d) => diagnostics.push(d) })) for (const r of batch) streamed.push(renderXml(r))
    const direct = read(damaged)
    expect(streamed).toEqual(direct.records.map(renderXml))
    expect(diagnostics).toEqual(direct.diagnostics)
  })

  it('borrows from earlier chunks only: a chunk after it, or none, leaves it unread and named', () => {
    for (const file of [concat(fileHeader({ chunkCount: 2, nextRecordId: 51 }), midLost(11, 40), simpleChunk(1, 10)), concat(fileHeader({ chunkCount: 1, nextRecordId: 51 }), midLost(11, 40))]) {
      const { records, diagnostics } = read(file)
      expect(records.filter((r) => r.recordId >= 11)).toEqual([])
      const bad = diagnostics.filter((d) => d.code === 'BINXML_BAD_TEMPLATE')
      expect(bad.map((d) => d.location.recordId)).toEqual(Array.from({ length: 37 }, (_, k) => 14 + k))
      expect(bad[0]?.message).toBe('template definition at 0x226 is zeros: lost with the record that held it, and no earlier chunk defines a template {11111111-…} that fits its 6 values')
    }
  })

  it('borrows nothing in a block whose chunk header was lost: a record after the zeros may be an older copy from unused space', () => {
    const { records, diagnostics } = read(concat(fileHeader({ chunkCount: 2, nextRecordId: 51 }), simpleChunk(1, 10), headerLost(11, 40)))
    expect(records.filter((r) => r.chunkIndex === 1)).toEqual([])
    const bad = diagnostics.filter((d) => d.code === 'BINXML_BAD_TEMPLATE')
    expect(bad.length).toBeGreaterThan(15)
    expect(bad[0]?.message).toBe('template definition at 0x226 is zeros: lost with the record that held it (none is borrowed in a block whose chunk header was lost: the record may be an older copy left in unused space)')
    expect(diagnostics.some((d) => d.code === 'BINXML_TEMPLATE_BORROWED')).toBe(false)
  })

  it('borrows only a template that fits every value: another one under the same id is passed over', () => {
    const other = templateChunk(LOOKALIKE_GUID, lookalike(0x08), [lookalikeValues])
    const { records, diagnostics } = read(concat(fileHeader({ chunkCount: 2, nextRecordId: 51 }), other, midLost(11, 40)))
    expect(records.map((r) => r.recordId)).toEqual([1])
    expect(diagnostics.filter((d) => d.code === 'BINXML_BAD_TEMPLATE').length).toBeGreaterThan(15)
    // With the fitting one after it, that one is lent; the look-alike that comes first is not.
    const both = read(concat(fileHeader({ chunkCount: 3, nextRecordId: 51 }), other, simpleChunk(1, 10), midLost(11, 40)))
    expect(both.records.filter((r) => r.chunkIndex === 2).length).toBeGreaterThan(15)
    expect(both.diagnostics.find((d) => d.code === 'BINXML_TEMPLATE_BORROWED')?.message).toContain('rendered with template {11111111-2222-3333-4444-555555555555} as chunk 1 defines it')
  })
})

describe('fitsValues', () => {
  const simple = [...parseChunk(simpleChunk(1, 2))][0] as EvtxRecord
  const looks = (type: number) => instance([...parseChunk(templateChunk(LOOKALIKE_GUID, lookalike(type), [lookalikeValues]))][0] as EvtxRecord)
  it('takes as many values as the body uses, each of its declared type or Null', () => {
    expect(fitsValues(instance(simple).template, instance(simple).values)).toBe(true)
    // The look-alike declares EventID UInt16, as the simple template's value is: it fits.
    expect(fitsValues(looks(0x06).template, instance(simple).values)).toBe(true)
    expect(fitsValues(looks(0x08).template, instance(simple).values)).toBe(false)
    // A Null value fits any declared type (an optional value left out).
    const withNull = [...parseChunk(templateChunk(LOOKALIKE_GUID, lookalike(0x08), [[v.str('a'), { type: 0x00, bytes: new Uint8Array(0) }, v.filetime(0n), v.u64(1n), v.str('b'), v.str('c')]]))][0] as EvtxRecord
    expect(fitsValues(looks(0x08).template, instance(withNull).values)).toBe(true)
    // A value in an attribute is checked as one in an element: the simple template's Provider
    // Name (a String) against a body that declares it UInt32 there.
    const inAttribute = (w: ChunkWriter) => {
      const close = openElement(w, 'Event', { inTemplate: true, attrs: true })
      attribute(w, 'Name', false)
      substitution(w, 0, 0x08)
      w.u8(0x02)
      for (const [i, t] of [0x06, 0x11, 0x0a, 0x01, 0x01].entries()) substitution(w, i + 1, t)
      w.u8(0x04)
      close()
    }
    const attr = instance([...parseChunk(templateChunk(LOOKALIKE_GUID, inAttribute, [[v.u32(1), v.u16(2), v.filetime(0n), v.u64(1n), v.str('b'), v.str('c')]]))][0] as EvtxRecord)
    expect(fitsValues(attr.template, attr.values)).toBe(true)
    expect(fitsValues(attr.template, instance(simple).values)).toBe(false)
    // Fewer or more values than the body uses do not fit.
    const five = [...parseChunk(templateChunk(LOOKALIKE_GUID, lookalike(0x08), [lookalikeValues.slice(0, 5)]))][0] as EvtxRecord
    expect(fitsValues(looks(0x08).template, instance(five).values)).toBe(false)
  })
})

describe('TemplateIndex', () => {
  const t = (guid: string) => ({ guid, weight: 0 }) as CompiledTemplate
  it('lends the first fitting template in file order from a chunk before the asking one', () => {
    const index = new TemplateIndex()
    const a = t('{0000abcd-1111-0000-0000-000000000000}')
    const b = t('{0000ABCD-2222-0000-0000-000000000000}')
    index.add(a, 3)
    index.add(b, 5)
    index.add(t('{0000abce-0000-0000-0000-000000000000}'), 1)
    expect(index.lend(0xabcd, 9, () => true)).toEqual({ template: a, chunkIndex: 3 })
    expect(index.lend(0xabcd, 9, (x) => x === b)).toEqual({ template: b, chunkIndex: 5 })
    expect(index.lend(0xabcd, 3, () => true)).toBeUndefined()
    expect(index.lend(0xabcd, 5, (x) => x === b)).toBeUndefined()
    expect(index.lend(0x1234, 9, () => true)).toBeUndefined()
  })
  it('keeps the first 16 templates of an id, so a hostile file cannot grow it', () => {
    const index = new TemplateIndex()
    const all = Array.from({ length: 20 }, (_, k) => t(`{00000001-${String(k).padStart(4, '0')}-0000-0000-000000000000}`))
    all.forEach((x, k) => index.add(x, k))
    expect(index.lend(1, 100, (x) => x === all[15])).toEqual({ template: all[15], chunkIndex: 15 })
    expect(index.lend(1, 100, (x) => x === all[16])).toBeUndefined()
  })
  it('keeps the first templates up to 32 MiB of trees, so large bodies cannot make it hold gigabytes', () => {
    // 16,384 real templates of some 2 KiB fit; each of these holds 3 MiB (a text of 1.5 Mi characters).
    const big = (k: number) => new CompiledTemplate(`{${k.toString(16).padStart(8, '0')}-0000-0000-0000-000000000000}`, 0, [new TextNode('x'.repeat(3 << 19))])
    const index = new TemplateIndex()
    const all = Array.from({ length: 40 }, (_, k) => big(k + 1))
    all.forEach((x, k) => index.add(x, k))
    const kept = all.filter((x, k) => index.lend(k + 1, 100, () => true)?.template === x)
    expect(kept).toEqual(all.slice(0, 10))
  })
})
