import { describe, expect, it } from 'vitest'
import type { Diagnostic } from '../../src/diagnostics.js'
import { parseChunk } from '../../src/evtx/chunk.js'
import { parseEvtx } from '../../src/evtx/parse.js'
import type { EvtxRecord } from '../../src/evtx/record.js'
import { renderXml } from '../../src/render/xml.js'
import { type ContentNode, ElementNode, SubstitutionNode, TextNode } from '../../src/binxml/nodes.js'
import { attribute, ChunkWriter, concat, element, fileHeader, finishChunk, openElement, record, substitution, templateChunk, templateInstance, text, v, values } from '../helpers/chunk-builder.js'
import { nestedTemplateChunk } from '../helpers/nesting.js'
import { dataTemplate } from '../helpers/one-value.js'

function oneRecord(binxml: (w: ChunkWriter) => void, limits = {}): { records: EvtxRecord[]; diagnostics: Diagnostic[] } {
  const w = new ChunkWriter()
  const at = record(w, 1, 0n, binxml)
  const chunk = finishChunk(w, { firstId: 1, lastId: 1, lastRecordOffset: at })
  const diagnostics: Diagnostic[] = []
  const records = [...parseChunk(chunk, 0, { onDiagnostic: (d) => diagnostics.push(d), limits })]
  return { records, diagnostics }
}

/** A raw element tree (no template), as WEC forwarders write: `<Event><System><EventID>4624</EventID></System></Event>`. */
function rawTree(w: ChunkWriter, withDepIds: boolean): void {
  w.raw([0x0f, 0x01, 0x01, 0x00])
  const o = { inTemplate: withDepIds }
  const e = openElement(w, 'Event', o)
  w.u8(0x02)
  const s = openElement(w, 'System', o)
  w.u8(0x02)
  const id = openElement(w, 'EventID', { ...o, attrs: true })
  attribute(w, 'Qualifiers', false)
  text(w, '0')
  w.u8(0x02)
  text(w, '46', true)
  text(w, '24')
  w.u8(0x04)
  id()
  w.u8(0x04)
  s()
  w.u8(0x04)
  e()
  w.u8(0x00)
}

describe('BinXML parsing', () => {
  it('renders a templateless element tree with literal values and joined text tokens', () => {
    const { records, diagnostics } = oneRecord((w) => rawTree(w, false))
    expect(diagnostics).toEqual([])
    expect(renderXml(records[0]!)).toBe("<Event><System><EventID Qualifiers='0'>4624</EventID></System></Event>")
  })

  it('reads dependency ids where a producer wrote them outside a template (size-sanity fallback)', () => {
    const { records, diagnostics } = oneRecord((w) => rawTree(w, true))
    expect(diagnostics).toEqual([])
    expect(renderXml(records[0]!)).toBe("<Event><System><EventID Qualifiers='0'>4624</EventID></System></Event>")
  })

  it('reads a template whose element starts lack dependency ids (size-sanity fallback)', () => {
    const { records, diagnostics } = oneRecord((w) => {
      w.raw([0x0f, 0x01, 0x01, 0x00])
      templateInstance(
        w,
        '{aaaaaaaa-0000-0000-0000-000000000009}',
        (x) => {
          const e = openElement(x, 'Event', { inTemplate: false })
          x.u8(0x02)
          substitution(x, 0, 0x01)
          x.u8(0x04)
          e()
        },
        [v.str('hello')],
      )
      w.u8(0x00)
    })
    expect(diagnostics).toEqual([])
    expect(renderXml(records[0]!)).toBe('<Event>hello</Event>')
  })

  it('renders character and entity references, CDATA and processing instructions', () => {
    const { records } = oneRecord((w) => {
      w.raw([0x0f, 0x01, 0x01, 0x00])
      const e = openElement(w, 'Event', {})
      w.u8(0x02)
      text(w, 'a')
      w.u8(0x08).u16(10)
      w.u8(0x09).name('amp')
      w.u8(0x07).u16(3).utf16('<x>')
      w.u8(0x0a).name('pi').u8(0x0b).u16(4).utf16('data')
      w.u8(0x04)
      e()
      w.u8(0x00)
    })
    expect(renderXml(records[0]!)).toBe('<Event>a&#10;&amp;<![CDATA[<x>]]><?pi data?></Event>')
  })

  it('keeps every node of lists of none, one, two and more, in order (element content and attribute values)', () => {
    const { records, diagnostics } = oneRecord((w) => {
      w.raw([0x0f, 0x01, 0x01, 0x00])
      const e = openElement(w, 'Event', { attrs: true })
      attribute(w, 'One', true)
      text(w, 'a')
      attribute(w, 'Two', true)
      text(w, 'b', true)
      w.u8(0x08).u16(0x63)
      attribute(w, 'Four', false)
      text(w, 'd', true)
      w.u8(0x49).name('amp')
      w.u8(0x48).u16(0x65)
      text(w, 'f')
      w.u8(0x02)
      element(w, 'Empty', () => undefined)
      element(w, 'One', (x) => text(x, 'x'))
      element(w, 'Two', (x) => {
        text(x, 'y', true)
        w.u8(0x08).u16(0x7a)
      })
      element(w, 'Many', (x) => {
        for (const n of ['p', 'q', 'r']) element(x, n, (y) => text(y, n))
        text(x, 's')
      })
      w.u8(0x04)
      e()
      w.u8(0x00)
    })
    expect(diagnostics).toEqual([])
    const root = records[0]!.fragment[0] as ElementNode
    expect(root.attrs.map((a) => a.value.length)).toEqual([1, 2, 4])
    expect(root.children.map((c) => (c as ElementNode).children.length)).toEqual([0, 1, 2, 4])
    expect(renderXml(records[0]!)).toBe(
      "<Event One='a' Two='bc' Four='d&amp;ef'><Empty></Empty><One>x</One><Two>y&#122;</Two><Many><p>p</p><q>q</q><r>r</r>s</Many></Event>",
    )
  })

  it('lists the substitutions among an element\'s children: none (one shared, frozen list), one, several', () => {
    const children = (kinds: Array<'text' | number>): ContentNode[] => kinds.map((k) => (k === 'text' ? new TextNode('t') : new SubstitutionNode(k, 0x01, false)))
    const none = new ElementNode('A', -1, [], children(['text']), false)
    const other = new ElementNode('B', -1, [], [], true)
    expect(none.childSubstitutions).toEqual([])
    expect(Object.isFrozen(none.childSubstitutions)).toBe(true)
    expect(other.childSubstitutions).toBe(none.childSubstitutions)
    expect(new ElementNode('C', -1, [], children(['text', 4]), false).childSubstitutions).toEqual([4])
    expect(new ElementNode('D', -1, [], children([2, 'text', 0, 7]), false).childSubstitutions).toEqual([2, 0, 7])
  })

  it('parses nested BinXml values in place: a template instance, a bare element, and three fragments', () => {
    const inner = '{bbbbbbbb-0000-0000-0000-000000000002}'
    const build = (w: ChunkWriter) => {
      w.raw([0x0f, 0x01, 0x01, 0x00])
      const defined = new Map<string, number>()
      templateInstance(
        w,
        '{bbbbbbbb-0000-0000-0000-000000000001}',
        (x) => {
          const e = openElement(x, 'Event', { inTemplate: true })
          x.u8(0x02)
          const u = openElement(x, 'UserData', { inTemplate: true })
          x.u8(0x02)
          substitution(x, 0, 0x21, true)
          x.u8(0x04)
          u()
          x.u8(0x04)
          e()
        },
        [],
        defined,
      )
      // Patch the value table by hand: one BinXml value written in place after the descriptors.
      w.pos -= 4
      w.u32(1)
      const descAt = w.pos
      w.u16(0).u8(0x21).u8(0)
      const start = w.pos
      w.raw([0x0f, 0x01, 0x01, 0x00])
      templateInstance(
        w,
        inner,
        (x) => {
          const e = openElement(x, 'EventXML', { inTemplate: true })
          x.u8(0x02)
          const p = openElement(x, 'Param1', { inTemplate: true })
          x.u8(0x02)
          substitution(x, 0, 0x01)
          x.u8(0x04)
          p()
          x.u8(0x04)
          e()
        },
        [v.str('user')],
        defined,
      )
      w.u8(0x00)
      w.raw([0x0f, 0x01, 0x01, 0x00])
      const bare = openElement(w, 'Extra', {})
      w.u8(0x03)
      bare()
      w.u8(0x00)
      // A third fragment: a document of more than two nodes.
      w.raw([0x0f, 0x01, 0x01, 0x00])
      const last = openElement(w, 'Last', {})
      w.u8(0x03)
      last()
      w.u8(0x00)
      w.view.setUint16(descAt, w.pos - start, true)
      w.u8(0x00)
    }
    const { records, diagnostics } = oneRecord(build)
    expect(diagnostics).toEqual([])
    expect(renderXml(records[0]!)).toBe('<Event><UserData><EventXML><Param1>user</Param1></EventXML><Extra/><Last/></UserData></Event>')
    // One level of nesting is within a limit of 1; a limit of 0 refuses it.
    expect(oneRecord(build, { maxNestedBinXml: 1 }).diagnostics).toEqual([])
    expect(oneRecord(build, { maxNestedBinXml: 0 }).diagnostics[0]).toMatchObject({ code: 'LIMIT_EXCEEDED', message: 'BinXml values nested deeper than 0 levels' })
  })

  it('reports a record whose root element depends on a Null value', () => {
    const { records, diagnostics } = oneRecord((w) => {
      w.raw([0x0f, 0x01, 0x01, 0x00])
      templateInstance(
        w,
        '{cccccccc-0000-0000-0000-000000000001}',
        (x) => {
          const e = openElement(x, 'Event', { inTemplate: true, depId: 0 })
          x.u8(0x03)
          e()
        },
        [v.null()],
      )
      w.u8(0x00)
    })
    expect(records).toEqual([])
    expect(diagnostics).toMatchObject([{ code: 'EVTX_RECORD_NO_ELEMENT', location: { recordId: 1 } }])
  })

  it('caps element nesting depth at 64 levels: 64 nested elements are read, 65 are not', () => {
    const nested = (levels: number) =>
      oneRecord((w) => {
        w.raw([0x0f, 0x01, 0x01, 0x00])
        const closers: Array<() => void> = []
        for (let i = 0; i < levels; i++) {
          closers.push(openElement(w, 'E', {}))
          w.u8(0x02)
        }
        for (const c of closers.reverse()) {
          w.u8(0x04)
          c()
        }
        w.u8(0x00)
      })
    const { records, diagnostics } = nested(100)
    expect(records).toEqual([])
    expect(diagnostics[0]).toMatchObject({ code: 'BINXML_DEPTH_LIMIT' })
    expect(diagnostics[0]?.message).toContain('64 levels')
    expect(nested(64)).toMatchObject({ records: [expect.anything()], diagnostics: [] })
    expect(nested(65).diagnostics[0]).toMatchObject({ code: 'BINXML_DEPTH_LIMIT' })
  })

  it('counts the depth of the whole record: template bodies where they are instantiated, BinXml values where they are rendered', () => {
    const nested = (levels: number, nests: number) => {
      const diagnostics: Diagnostic[] = []
      const records = [...parseChunk(nestedTemplateChunk(levels, nests), 0, { onDiagnostic: (d) => diagnostics.push(d) })]
      return { records: records.filter((r) => r.recordId === 2), diagnostics }
    }
    // 8 levels in each of 8 bodies: 64, the limit.
    const fits = nested(8, 7)
    expect(fits.diagnostics).toEqual([])
    expect(renderXml(fits.records[0]!)).toBe(`${'<E>'.repeat(64)}${'</E>'.repeat(64)}`)
    // One body more is 72 levels: refused, though each body alone is 8 levels deep.
    const over = nested(8, 8)
    expect(over.records).toEqual([])
    expect(over.diagnostics).toMatchObject([{ code: 'BINXML_DEPTH_LIMIT', location: { recordId: 2 } }])
    expect(over.diagnostics[0]?.message).toMatch(/^element nesting deeper than 64 levels \(template \{cccccccc-2222-3333-4444-555555555555\}, 8 levels, instantiated 64 levels deep\) at 0x/)
    // A body of 40 levels holding another instance of itself: 80 levels.
    expect(nested(40, 1).diagnostics).toMatchObject([{ code: 'BINXML_DEPTH_LIMIT', location: { recordId: 2 } }])
    expect(nested(32, 1).diagnostics).toEqual([])
  })

  it('caps the number of substitution values and reports values that run past the record', () => {
    const many = oneRecord(
      (w) => {
        w.raw([0x0f, 0x01, 0x01, 0x00])
        templateInstance(w, '{dddddddd-0000-0000-0000-000000000001}', dataTemplate, Array.from({ length: 20 }, () => v.u8(1)))
        w.u8(0x00)
      },
      { maxSubstitutions: 10 },
    )
    expect(many.diagnostics[0]).toMatchObject({ code: 'LIMIT_EXCEEDED' })
    expect(many.diagnostics[0]?.message).toContain('20 values')
    // The limit itself is allowed.
    const count = (n: number) =>
      oneRecord(
        (w) => {
          w.raw([0x0f, 0x01, 0x01, 0x00])
          templateInstance(w, `{dddddddd-0000-0000-0000-00000000001${n % 10}}`, dataTemplate, Array.from({ length: n }, () => v.u8(1)))
          w.u8(0x00)
        },
        { maxSubstitutions: 10 },
      ).diagnostics
    expect(count(10)).toEqual([])
    expect(count(11)[0]).toMatchObject({ code: 'LIMIT_EXCEEDED' })
    const overrun = oneRecord((w) => {
      w.raw([0x0f, 0x01, 0x01, 0x00])
      templateInstance(w, '{dddddddd-0000-0000-0000-000000000002}', dataTemplate, [])
      w.pos -= 4
      w.u32(1).u16(60000).u8(0x01).u8(0)
      w.u8(0x00)
    })
    expect(overrun.diagnostics[0]).toMatchObject({ code: 'BINXML_VALUE_OVERRUN', location: { recordId: 1 } })
    expect(overrun.diagnostics[0]?.message).toContain('size 60000')
    // A value that ends exactly where the record's data ends does not run past it; one byte more does.
    const sized = (size: number) =>
      oneRecord((w) => {
        w.raw([0x0f, 0x01, 0x01, 0x00])
        templateInstance(w, '{dddddddd-0000-0000-0000-000000000003}', dataTemplate, [])
        w.pos -= 4
        w.u32(1).u16(size).u8(0x01).u8(0)
        w.u8(0x00)
      }).diagnostics
    const where = /at 0x([0-9a-f]+), record data ends at 0x([0-9a-f]+)\)/.exec(sized(60000)[0]?.message ?? '')
    const exact = Number.parseInt(where?.[2] ?? '', 16) - Number.parseInt(where?.[1] ?? '', 16)
    expect(exact).toBeGreaterThan(0)
    // The data ends where the trailing size copy starts, 4 bytes before the record's 8-byte-aligned end.
    expect((Number.parseInt(where?.[2] ?? '', 16) + 4) % 8).toBe(0)
    expect(sized(exact).map((d) => d.code)).not.toContain('BINXML_VALUE_OVERRUN')
    expect(sized(exact + 1)[0]).toMatchObject({ code: 'BINXML_VALUE_OVERRUN' })
  })

  it('reads on in the record after a template instance in element content whose values include BinXml', () => {
    const { records, diagnostics } = oneRecord((w) => {
      w.raw([0x0f, 0x01, 0x01, 0x00])
      const eventAt = w.pos
      const closeEvent = openElement(w, 'Event')
      w.u8(0x02)
      // A BinXml value `<Event/>`, its name a reference back to the entry inline above.
      const nested = [0x0f, 0x01, 0x01, 0x00, 0x01, 5, 0, 0, 0, ...new Uint8Array(Uint32Array.of(eventAt + 9).buffer), 0x03, 0x00]
      templateInstance(w, '{cccccccc-0000-0000-0000-000000000003}', (x) => element(x, 'Data', (y) => substitution(y, 0, 0x21), { inTemplate: true }), [v.raw(0x21, nested)])
      element(w, 'After', () => {})
      w.u8(0x04)
      closeEvent()
      w.u8(0x00)
    })
    expect(diagnostics).toEqual([])
    expect(renderXml(records[0]!)).toBe('<Event><Data><Event/></Data><After></After></Event>')
  })

  it('borrows no template for an inline definition lost to zeros: where its values start is unknown', () => {
    const guid = '{cccccccc-0000-0000-0000-000000000004}'
    const body = (w: ChunkWriter) => element(w, 'Event', () => {}, { inTemplate: true })
    const lost = templateChunk(guid, body, [[]])
    lost.fill(0, 0x226, 0x226 + 24)
    const diagnostics: Diagnostic[] = []
    const records = [...parseEvtx(concat(fileHeader({ chunkCount: 2, nextRecordId: 2 }), templateChunk(guid, body, [[]]), lost), { onDiagnostic: (d) => diagnostics.push(d) })]
    expect(records.map((r) => [r.chunkIndex, r.recordId])).toEqual([[0, 1]])
    expect(diagnostics.map((d) => d.code)).toEqual(['BINXML_BAD_TEMPLATE'])
  })

  it('refuses a template instance inside a template definition', () => {
    const inTemplate = { inTemplate: true }
    const { records, diagnostics } = oneRecord((w) => {
      w.raw([0x0f, 0x01, 0x01, 0x00])
      const inner = (x: ChunkWriter) => element(x, 'Inner', () => {}, inTemplate)
      templateInstance(w, '{cccccccc-0000-0000-0000-000000000001}', (x) => element(x, 'Event', (y) => templateInstance(y, '{cccccccc-0000-0000-0000-000000000002}', inner, []), inTemplate), [])
      w.u8(0x00)
    })
    expect(records).toEqual([])
    expect(diagnostics).toMatchObject([{ code: 'BINXML_BAD_TOKEN', message: expect.stringContaining('inside a template definition') }])
  })

  // Regression: the hostile-bytes property shrank to one byte changed at chunk offset 10695 of
  // evtx-rs__system.evtx ([0, [[10695, 1]]]): a name offset of 0x104f7 was reported with that
  // offset as its location, outside the chunk.
  it('reports name and template offsets outside the chunk at the field that refers to them', () => {
    const badName = oneRecord((w) => {
      w.raw([0x0f, 0x01, 0x01, 0x00])
      w.u8(0x01).u32(4).u32(0x20000).u8(0x03)
      w.u8(0x00)
    })
    expect(badName.diagnostics[0]).toMatchObject({ code: 'BINXML_BAD_NAME' })
    expect(badName.diagnostics[0]?.location.chunkOffset).toBeLessThan(0x10000)
    const badTemplate = oneRecord((w) => {
      w.raw([0x0f, 0x01, 0x01, 0x00])
      w.u8(0x0c).u8(0x01).u32(0).u32(0xfffffff0)
      values(w, [])
      w.u8(0x00)
    })
    expect(badTemplate.diagnostics[0]).toMatchObject({ code: 'BINXML_BAD_TEMPLATE' })
    expect(badTemplate.diagnostics[0]?.message).toContain('0xfffffff0')
  })
})
