/**
 * Field paths and selecting values without rendering: through slots compiled per template where
 * the template decides, and by walking the nodes where values decide (arrays, Null-dependent
 * elements, positions), with the same answers.
 */
import { describe, expect, it } from 'vitest'
import { formatFieldPath, parseFieldPath, selectInFragment } from '../../src/access/path.js'
import { compilePath, selectValue, selectValues } from '../../src/access/select.js'
import { readProviderAndEventId, readSystem } from '../../src/access/system.js'
import { parseChunk } from '../../src/evtx/chunk.js'
import { childNodes, eventNode, nodeAttribute } from '../../src/access/nodes.js'
import { parseEvtx } from '../../src/evtx/parse.js'
import { compileQuery } from '../../src/query/compile.js'
import { buildEvtx, type XElement } from '../helpers/evtx-builder.js'
import { payloadRecords } from '../helpers/payload-template.js'
import { attribute, attributedElement, ChunkWriter, element, finishChunk, instanceRecord, instanceValue, simpleChunk, substitution, templateChunk, text, v, type Value } from '../helpers/chunk-builder.js'
import { oneValueRecord } from '../helpers/one-value.js'

describe('field paths', () => {
  it('parses and formats the text form', () => {
    for (const text of ["System/Provider/@Name", "EventData/Data[@Name='Type']", 'UserData/*/Param1', 'EventData/Data[2]']) {
      expect(formatFieldPath(parseFieldPath(text))).toBe(text)
    }
    expect(formatFieldPath(parseFieldPath('/Event/System/EventID'))).toBe('System/EventID')
    expect(() => parseFieldPath('System/[bad')).toThrowError(TypeError)
  })

  it('gives two different paths two different forms, whatever quotes a value holds', () => {
    // A value that would end its literal early and read as a second step (the cache keys of the
    // two paths must differ, or one would answer for the other).
    const one = { steps: [{ name: 'EventData', where: ['Name', "x']/Data[@Name='y"] as const }] }
    const two = { steps: [{ name: 'EventData', where: ['Name', 'x'] as const }, { name: 'Data', where: ['Name', 'y'] as const }] }
    expect(formatFieldPath(two)).toBe("EventData[@Name='x']/Data[@Name='y']")
    expect(formatFieldPath(one)).toBe(`EventData[@Name="x']/Data[@Name='y"]`)
    expect(formatFieldPath({ steps: [{ name: 'Data', where: ['Name', `it's "q"`] }] })).toBe(`Data[@Name='it''s "q"']`)
    // A value with one kind of quote reads back as it was.
    expect(parseFieldPath(formatFieldPath({ steps: [{ name: 'Data', where: ['Name', "it's"] }] }))).toEqual({ steps: [{ name: 'Data', where: ['Name', "it's"] }] })
  })

  it('keeps both predicate and position of a step in the canonical form (the slot cache key)', () => {
    expect(formatFieldPath({ steps: [{ name: 'EventData' }, { name: 'Data', where: ['Name', 'x'], position: 2 }] })).toBe("EventData/Data[@Name='x'][2]")
    expect(formatFieldPath({ steps: [{ name: 'EventData' }, { name: 'Data', where: ['Name', 'x'] }] })).toBe("EventData/Data[@Name='x']")
  })
})

describe('selecting values without rendering', () => {
  const [r] = [...parseChunk(simpleChunk(3, 1))]
  it('reads attributes, element text and named Data', () => {
    expect(selectValue(r!, 'System/Provider/@Name')).toBe('Test-Provider')
    expect(selectValues(r!, "EventData/Data[@Name='Message']")).toEqual(['event 3'])
    expect(selectValues(r!, "EventData/Data[@Name='Nope']")).toEqual([])
    expect(selectValues(r!, 'EventData/Data[1]')).toEqual(['event 3'])
    expect(selectValues(r!, compilePath('System/*'))).toHaveLength(5)
  })

  it('expands arrays and hides elements whose dependency value is Null', () => {
    const arr = oneValueRecord([v.raw(0x88, [1, 0, 0, 0, 2, 0, 0, 0])])
    expect(selectValues(arr, "EventData/Data[@Name='v']")).toEqual(['1', '2'])
    const dropped = oneValueRecord([v.null()], { depId: 0 })
    expect(selectValues(dropped, 'EventData/Data')).toEqual([])
  })

  it('gives an attribute once per repetition of its element, from the template slot as on nodes', () => {
    // `<Data Name='v'>%0</Data>` and `<Data Name='%1'>%0</Data>` with %0 an array of two items:
    // the element renders twice, so its attribute is selected twice (the slot gave it once).
    const arr = oneValueRecord([v.raw(0x88, [1, 0, 0, 0, 2, 0, 0, 0])])
    expect(selectValues(arr, 'EventData/Data/@Name')).toEqual(['v', 'v'])
    expect(selectValues(arr, 'EventData/Data/@Name')).toEqual(selectInFragment(arr.fragment, parseFieldPath('EventData/Data/@Name')))
    const body = (w: ChunkWriter): void =>
      element(w, 'Event', (x) => element(x, 'EventData', (y) => attributedElement(y, 'Data', (z) => { attribute(z, 'Name', false); substitution(z, 1, 0x01) }, (z) => substitution(z, 0, 0x88), { inTemplate: true }), { inTemplate: true }), { inTemplate: true })
    const [named, scalar] = [...parseChunk(templateChunk('{aaaaaaaa-0000-0000-0000-000000000002}', body, [[v.raw(0x88, [1, 0, 0, 0, 2, 0, 0, 0]), v.str('n')], [v.raw(0x08, [7, 0, 0, 0]), v.str('n')]]))]
    expect(selectValues(named!, 'EventData/Data/@Name')).toEqual(['n', 'n'])
    expect(selectValues(scalar!, 'EventData/Data/@Name')).toEqual(['n'])
  })

  it('matches prefixed element and attribute names by their local name, from the template slot and on nodes alike', () => {
    const event: XElement = { name: 'Event', children: [{ name: 'EventData', children: [{ name: 'ns:Data', attrs: [['ns:Name', 'x']], children: ['v'] }] }] }
    const [rec] = [...parseEvtx(buildEvtx([{ event }]))]
    const data = childNodes(childNodes(eventNode(rec!)!, 'EventData')[0]!, 'Data')[0]!
    expect(nodeAttribute(data, 'Name')).toBe('x')
    expect(selectValues(rec!, "EventData/Data[@Name='x']")).toEqual(['v'])
    expect(selectValues(rec!, 'EventData/Data/@Name')).toEqual(['x'])
    // The static tier (slot) and the node tier of the query engine agree.
    expect(compileQuery("*[EventData/Data[@Name='x']]").matches(rec!, 0n)).toBe(true)
    expect(compileQuery("*[EventData/Data[@Name='x' or @Name='y']]").matches(rec!, 0n)).toBe(true)
  })

  it('joins text, character and entity references, values and CDATA into an element\'s text', () => {
    // `<Data Name='%3?'>pre&#65;&amp;%4<![CDATA[c]]></Data>`: a substituted name, so read on nodes.
    const [first, , third] = payloadRecords()
    expect(selectValues(first!, "EventData/Data[@Name='nm']")).toEqual(['preA&v4c'])
    expect(selectValues(third!, "EventData/Data[@Name='nm']")).toEqual(['preA&&<c'])
  })

  it('reads typed System fields', () => {
    expect(readSystem(r!)).toMatchObject({ provider: 'Test-Provider', eventId: 1000, eventRecordId: 3, channel: 'System', timeCreatedMs: Date.UTC(2025, 10, 21, 0, 0, 3) })
    expect(readProviderAndEventId(r!)).toEqual(['Test-Provider', 1000])
  })
})

/**
 * `<Event><EventData><Data>%0</Data><Data>%1</Data></EventData><UserData><Data dep=2>fixed</Data>
 * <Data>last</Data></UserData></Event>`: a position counts the elements as rendered, so neither
 * an array value (one element per item) nor a Null-dependent element may be counted from the
 * template alone.
 */
function positionsTemplate(w: ChunkWriter): void {
  const t = { inTemplate: true }
  element(w, 'Event', (e) => {
    element(e, 'EventData', (d) => {
      element(d, 'Data', (x) => substitution(x, 0, 0x81), t)
      element(d, 'Data', (x) => substitution(x, 1, 0x01), t)
    }, t)
    element(e, 'UserData', (d) => {
      element(d, 'Data', (x) => text(x, 'fixed'), { ...t, depId: 2 })
      element(d, 'Data', (x) => text(x, 'last'), t)
    }, t)
  }, t)
}

const stringArray = (...items: string[]): Value => ({ type: 0x81, bytes: v.str(items.map((x) => `${x}\0`).join('')).bytes })

describe('selecting by position', () => {
  const records = [...parseChunk(templateChunk('{0dd0dd00-0000-0000-0000-0000000000d0}', positionsTemplate, [
    [stringArray('a', 'b'), v.str('c'), v.null()],
    [v.str('a'), v.str('c'), v.u8(1)],
  ]))]

  it('counts array items and leaves out Null-dependent elements, as the rendered event does', () => {
    const got = records.map((r) => [selectValues(r, 'EventData/Data[2]'), selectValues(r, 'UserData/Data[2]'), selectValues(r, 'UserData/Data[1]')])
    expect(got).toEqual([
      [['b'], [], ['last']],
      [['c'], ['last'], ['fixed']],
    ])
    for (const r of records) {
      for (const path of ['EventData/Data[1]', 'EventData/Data[2]', 'EventData/Data[3]', 'UserData/Data[1]', 'UserData/Data[2]']) {
        expect(selectValues(r, path), `record ${r.recordId} ${path}`).toEqual(selectInFragment(r.fragment, parseFieldPath(path)))
      }
    }
  })
})

describe('selecting inside a payload value', () => {
  // Record 1 defines `<System>%0</System>`; record 2 is `<Event><UserData>%0</UserData></Event>`
  // whose %0 is a BinXml value instantiating it: only System under Event itself is known to
  // hold no value of the payload's.
  const INNER = '{0dd0dd00-0000-0000-0000-0000000000e1}'
  const w = new ChunkWriter()
  const defined = new Map<string, number>()
  instanceRecord(w, 1, INNER, (x) => element(x, 'System', (y) => substitution(y, 0, 0x01), { inTemplate: true }), [v.str('inner')], defined)
  const outer = (x: ChunkWriter) => element(x, 'Event', (e) => element(e, 'UserData', (d) => substitution(d, 0, 0x21), { inTemplate: true }), { inTemplate: true })
  const last = instanceRecord(w, 2, '{0dd0dd00-0000-0000-0000-0000000000e2}', outer, [instanceValue(INNER, defined, [v.str('nested')])], defined)
  const [, r] = [...parseChunk(finishChunk(w, { firstId: 1, lastId: 2, lastRecordOffset: last }))]

  it('finds a System element a BinXml value holds below the top level', () => {
    if (r === undefined) throw new Error('no record 2')
    expect(selectValues(r, 'UserData/System')).toEqual(['nested'])
    expect(selectValues(r, 'UserData/System')).toEqual(selectInFragment(r.fragment, parseFieldPath('UserData/System')))
    expect(selectValues(r, 'System')).toEqual([])
  })
})
