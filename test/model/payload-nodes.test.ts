/**
 * `payloadFromNodes` reads EventData and UserData straight from a record's nodes; it must give
 * exactly what reading the element tree gives (`readPayload(recordPayloadTree(record))`) on
 * every real record, every sample record and a template built for the corners.
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { parseChunk } from '../../src/evtx/chunk.js'
import { parseEvtx } from '../../src/evtx/parse.js'
import type { EvtxRecord } from '../../src/evtx/record.js'
import { readPayload } from '../../src/model/from-record.js'
import { payloadFromNodes } from '../../src/model/payload-nodes.js'
import { recordPayloadTree } from '../../src/render/tree.js'
import { CORPUS_SKIP_MESSAGE, corpusAvailable, corpusFiles, readCorpusFile } from '../helpers/corpus.js'
import { oddRecords } from '../helpers/odd-template.js'
import { payloadRecords } from '../helpers/payload-template.js'
import { sampleLogs } from '../helpers/samples.js'
import { attribute, attributedElement, ChunkWriter, element, finishChunk, instanceRecord, instanceValue, record, substitution, templateChunk, text, v, type Value } from '../helpers/chunk-builder.js'
import { buildEvtx, systemEvent } from '../helpers/evtx-builder.js'
import { dataTemplate, oneValueRecord } from '../helpers/one-value.js'

const fromTree = (r: EvtxRecord) => readPayload(recordPayloadTree(r))

/** Checks every record of a file; returns how many there were. */
function checkAll(name: string, bytes: Uint8Array): number {
  let n = 0
  for (const r of parseEvtx(bytes)) {
    const got = payloadFromNodes(r)
    // Every record of these files is one element or one template instance: none is left to the tree.
    expect(got, `${name} record ${r.recordId} was declined`).toBeDefined()
    expect(got, `${name} record ${r.recordId}`).toStrictEqual(fromTree(r))
    n++
  }
  return n
}

describe('payloadFromNodes', () => {
  it('equals the tree on the corner template, and the corners give what Windows renders', () => {
    const records = payloadRecords()
    expect(records).toHaveLength(3)
    for (const r of records) expect(payloadFromNodes(r), `record ${r.recordId}`).toStrictEqual(fromTree(r))
    const [a, b, c] = records.map((r) => payloadFromNodes(r))
    // One Data per array item; a Null optional Name makes the Data unnamed; references and CDATA
    // are text; a nested element's items are joined into its Data's text; a prefix is not part of
    // the name, the last Name attribute names the Data, an undefined entity stays as written, and
    // Binary's hex is read without the white space around it.
    expect(a?.unnamedData).toEqual(['x', 'y', 'z'])
    expect(a?.data).toEqual({ a: 'one', nm: 'preA&v4c', dep: 'dv', nest: 'xi1i2y', ns: 'prefixed', n2: 'twice', ent: '&foo;' })
    expect(a?.binaryHex).toBe('DEAD')
    // The Null-dependent Skipped is there in the first record, so it is the wrapper.
    expect(a?.userData).toEqual({ element: 'Skipped', fields: {} })
    expect(b?.unnamedData).toEqual(['scalar', 'preA&c'])
    // A Null value still leaves its Data, empty: the first 'a' wins with ''. Inner depends on a
    // Null value here, so only the Data's own text is left.
    expect(b?.data).toEqual({ a: '', nest: 'xy', ns: 'prefixed', n2: 'twice', ent: '&foo;' })
    expect(b?.binaryHex).toBeUndefined()
    expect(b?.userData).toEqual({ element: 'EventXML', fields: { F1: 'f1' } })
    // An empty array still gives one empty element.
    expect(c?.unnamedData).toEqual([''])
    expect(c?.data).toEqual({ a: '', nm: 'preA&&<c', dep: '', nest: 'xy', ns: 'prefixed', n2: 'twice', ent: '&foo;' })
    expect(c?.userData).toEqual({ element: 'EventXML', fields: { F1: 'a', F2: 'b' } })
  })

  it('fails past the render limit as the tree does, instead of building without bound', () => {
    const [r] = payloadRecords({ limits: { maxRenderedLength: 6 } })
    if (r === undefined) throw new Error('no record')
    expect(() => fromTree(r)).toThrowError(/render limit|characters/)
    expect(() => payloadFromNodes(r)).toThrowError(/characters/)
    const [roomy] = payloadRecords({ limits: { maxRenderedLength: 4096 } })
    if (roomy === undefined) throw new Error('no record')
    expect(payloadFromNodes(roomy)).toStrictEqual(fromTree(roomy))
  })

  it('equals the tree where EventData depends on a Null value and arrays sit under Event', () => {
    for (const r of oddRecords()) expect(payloadFromNodes(r), `record ${r.recordId}`).toStrictEqual(fromTree(r))
  })

  it('equals the tree on every sample record', () => {
    let n = 0
    for (const [name, path] of sampleLogs()) n += checkAll(name, new Uint8Array(readFileSync(path)))
    expect(n).toBeGreaterThan(100)
  })

  it.skipIf(!corpusAvailable)('equals the tree on every corpus record', () => {
    let n = 0
    for (const name of corpusFiles()) n += checkAll(name, readCorpusFile(name))
    expect(n).toBeGreaterThan(50_000)
  })
})
if (!corpusAvailable) it.skip(CORPUS_SKIP_MESSAGE, () => undefined)

describe('what mutation round s32 found unchecked', () => {
  it('counts a unit per element and node and one per character of text, to the exact limit', () => {
    // EventData and Data (an element each), the substitution (a node), then the value's characters.
    const at = (max: number, value: string) => () => payloadFromNodes(oneValueRecord([v.str(value)], {}, [], { maxRenderedLength: max }))
    expect(at(6, 'abc')()?.data).toEqual({ v: 'abc' })
    expect(at(5, 'abc')).toThrowError(/characters/)
    expect(at(9, 'abcdef')()?.data).toEqual({ v: 'abcdef' })
    expect(at(8, 'abcdef')).toThrowError(/characters/)
    // The corner template's first record: a nested element's occurrences are counted too.
    const corner = (max: number) => () => payloadFromNodes(payloadRecords({ limits: { maxRenderedLength: max } })[0] as EvtxRecord)
    expect(corner(95)).not.toThrow()
    expect(corner(94)).toThrowError(/characters/)
  })

  it('reads prefixed UserData element names by their local names, as the tree does', () => {
    const e = systemEvent({ provider: 'P', eventId: 1, channel: 'System', time: '2026-11-20T08:00:00Z', userData: { name: 'ns:EventXML', fields: [['ns:Param1', { t: 'string', v: 'v' }]] } })
    const [r] = [...parseEvtx(buildEvtx([e]))]
    if (r === undefined) throw new Error('no record')
    expect(payloadFromNodes(r)?.userData).toEqual({ element: 'EventXML', fields: { Param1: 'v' } })
    expect(payloadFromNodes(r)).toStrictEqual(fromTree(r))
  })

  it('reads a Data whose value is a BinXml fragment holding a template instance, as the tree does', () => {
    const [r] = fragmentRecords().slice(1, 2)
    if (r === undefined) throw new Error('no record')
    expect(payloadFromNodes(r)?.data).toEqual({ v: 'nested' })
    expect(payloadFromNodes(r)).toStrictEqual(fromTree(r))
  })

  it('repeats a Data once per item of its first array value, even when that array is empty', () => {
    const strings = (...items: string[]): Value => v.raw(0x81, v.str(items.map((x) => `${x}\0`).join('')).bytes)
    const body = (x: ChunkWriter) => element(x, 'Event', (e) => element(e, 'EventData', (d) => element(d, 'Data', (c) => { substitution(c, 0, 0x81); substitution(c, 1, 0x81) }, { inTemplate: true }), { inTemplate: true }), { inTemplate: true })
    const records = [...parseChunk(templateChunk('{0dd0dd00-0000-0000-0000-0000000000f5}', body, [[strings(), strings('x', 'y')], [strings('a'), strings('x', 'y')]]))]
    expect(records.map((r) => payloadFromNodes(r)?.unnamedData)).toEqual([['x'], ['ax']])
    for (const r of records) expect(payloadFromNodes(r)).toStrictEqual(fromTree(r))
  })

  it('agrees with the tree on two Binary elements, two UserData elements and a UserData with no element', () => {
    const T = { inTemplate: true }
    const leaf = (x: ChunkWriter, name: string, index: number) => element(x, name, (y) => substitution(y, index, 0x01), T)
    const body = (x: ChunkWriter) =>
      element(x, 'Event', (e) => {
        element(e, 'EventData', (d) => { element(d, 'Binary', (b) => substitution(b, 0, 0x0e), T); element(d, 'Binary', (b) => substitution(b, 1, 0x0e), T) }, T)
        element(e, 'UserData', (u) => element(u, 'A', (a) => leaf(a, 'F', 2), T), T)
        element(e, 'UserData', (u) => element(u, 'B', (b) => leaf(b, 'G', 3), T), T)
      }, T)
    const empty = (x: ChunkWriter) => element(x, 'Event', (e) => element(e, 'UserData', () => undefined, T), T)
    const [two] = [...parseChunk(templateChunk('{0dd0dd00-0000-0000-0000-0000000000f6}', body, [[v.raw(0x0e, [0xab]), v.raw(0x0e, [0xcd]), v.str('f'), v.str('g')]]))]
    const [none] = [...parseChunk(templateChunk('{0dd0dd00-0000-0000-0000-0000000000f7}', empty, [[]]))]
    if (two === undefined || none === undefined) throw new Error('no record')
    // Windows writes one of each; with two, which one counts is the tree's choice, and the nodes agree.
    expect(payloadFromNodes(two)?.binaryHex).toMatch(/^(AB|CD)$/)
    expect(payloadFromNodes(two)).toStrictEqual(fromTree(two))
    expect(payloadFromNodes(none)?.userData).toBeUndefined()
    expect(payloadFromNodes(none)).toStrictEqual(fromTree(none))
  })

  it('leaves to the tree a template of two top-level elements and a record of two elements', () => {
    const declined = fragmentRecords().slice(2)
    expect(declined).toHaveLength(2)
    for (const r of declined) expect(payloadFromNodes(r), `record ${r.recordId}`).toBeUndefined()
  })
})

/**
 * Record 1 defines `<Inner>%0</Inner>`; record 2 is `<Event><EventData><Data Name='v'>%0</Data>…`
 * whose %0 is a BinXml value instantiating Inner; records 3 and 4 are what payloadFromNodes leaves
 * to the tree: a template `<Event>…</Event><Event/>` and a record (no template) of two top-level
 * elements.
 */
function fragmentRecords(): EvtxRecord[] {
  const INNER = '{0dd0dd00-0000-0000-0000-0000000000f1}'
  const w = new ChunkWriter()
  const defined = new Map<string, number>()
  const T = { inTemplate: true }
  const event = (x: ChunkWriter) => element(x, 'Event', (e) => element(e, 'EventData', (d) => attributedElement(d, 'Data', (a) => { attribute(a, 'Name', false); text(a, 'v') }, (c) => substitution(c, 0, 0x01), T), T), T)
  instanceRecord(w, 1, INNER, (x) => element(x, 'Inner', (y) => substitution(y, 0, 0x01), T), [v.str('inner')], defined)
  instanceRecord(w, 2, '{0dd0dd00-0000-0000-0000-0000000000f2}', (x) => dataTemplate(x, { declared: 0x21 }), [instanceValue(INNER, defined, [v.str('nested')])], defined)
  instanceRecord(w, 3, '{0dd0dd00-0000-0000-0000-0000000000f3}', (x) => { event(x); element(x, 'Event', () => undefined, T) }, [v.str('x')], defined)
  const last = record(w, 4, 0n, (x) => {
    x.raw([0x0f, 0x01, 0x01, 0x00])
    element(x, 'Event', (e) => element(e, 'EventData', (d) => element(d, 'Data', (c) => text(c, 'x'))))
    element(x, 'Event', () => undefined)
    x.u8(0x00)
  })
  return [...parseChunk(finishChunk(w, { firstId: 1, lastId: 4, lastRecordOffset: last }))]
}
