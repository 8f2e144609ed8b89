/**
 * The compiled XML programs render exactly what the reference walk renders, on every record of
 * the corpus and on the built records that exercise arrays, Null values and dependency ids.
 */
import { describe, expect, it } from 'vitest'
import { parseEvtx } from '../../src/evtx/parse.js'
import { parseChunk } from '../../src/evtx/chunk.js'
import type { EvtxRecord } from '../../src/evtx/record.js'
import { ByteSink } from '../../src/render/byte-sink.js'
import { renderByWalk, renderXml } from '../../src/render/xml.js'
import { renderXmlBytes, writeFragmentXml, writeXml } from '../../src/render/xml-bytes.js'
import { attribute, attributedElement, ChunkWriter, element, finishChunk, instanceRecord, instanceValue, substitution, templateChunk, text, v, type Value } from '../helpers/chunk-builder.js'
import { corpusAvailable, corpusFiles, readCorpusFile } from '../helpers/corpus.js'
import { oneValueRecord } from '../helpers/one-value.js'

describe('compiled XML programs', () => {
  it('agree with the walk on arrays, Null and dependencies', () => {
    const cases = [
      oneValueRecord([v.raw(0x81, [0x61, 0, 0, 0, 0, 0, 0x62, 0, 0, 0])]),
      oneValueRecord([v.raw(0x88, [])]),
      oneValueRecord([v.null()], { depId: 0 }),
      oneValueRecord([v.null()], { optional: true }),
      oneValueRecord([v.str(`<&>'"`)]),
    ]
    for (const r of cases) expect(renderXml(r)).toBe(renderByWalk(r.fragment))
  })

  it.runIf(corpusAvailable)('agree with the walk on every corpus record', () => {
    let n = 0
    for (const name of corpusFiles()) {
      for (const r of parseEvtx(readCorpusFile(name))) {
        const fast = renderXml(r)
        const reference = renderByWalk(r.fragment)
        if (fast !== reference) expect(fast, `${name} record ${r.recordId}`).toBe(reference)
        n++
      }
    }
    expect(n).toBeGreaterThan(50_000)
  })
})

describe('XML written as bytes', () => {
  const decoder = new TextDecoder()
  it('is the UTF-8 of the reference rendering, on built records with arrays, markup, surrogates and Null', () => {
    const cases = [
      oneValueRecord([v.raw(0x81, [0x61, 0, 0, 0, 0, 0, 0x62, 0, 0, 0])]),
      oneValueRecord([v.str(`<&>'"é€😀`)]),
      oneValueRecord([v.raw(0x01, [0x00, 0xd8, 0x41, 0x00])]),
      oneValueRecord([v.null()], { depId: 0 }),
      oneValueRecord([v.raw(0x88, [1, 0, 0, 0, 2, 0, 0, 0])]),
    ]
    for (const r of cases) expect(decoder.decode(renderXmlBytes(r))).toBe(renderByWalk(r.fragment))
  })

  it('appends to a sink and leaves it unchanged when a record is too large', () => {
    const sink = new ByteSink()
    const r = oneValueRecord([v.str('x'.repeat(200))])
    writeXml(r, sink)
    const before = sink.pos
    expect(before).toBeGreaterThan(200)
    const small = Object.assign(Object.create(Object.getPrototypeOf(r)), r, { limits: { ...r.limits, maxRenderedLength: 50 } })
    expect(() => writeXml(small, sink)).toThrowError(/LIMIT|exceed/)
    expect(sink.pos).toBe(before)
  })
})

/**
 * A record of `<Event><A x='&#60;&quot;%0'>%0</A><B>%1</B></Event>`: value 0 is read in an
 * attribute (its first item) and repeats A; value 1 is element text.
 */
function markupRecord(vals: readonly Value[]): EvtxRecord {
  const T = { inTemplate: true }
  const chunk = templateChunk(
    '{0b0b0b0b-0000-0000-0000-000000000001}',
    (w) =>
      element(
        w,
        'Event',
        (x) => {
          attributedElement(
            x,
            'A',
            (y) => {
              attribute(y, 'x', false)
              y.u8(0x08).u16(0x3c) // character reference: <
              y.u8(0x09).name('quot') // entity reference: "
              substitution(y, 0, 0x81)
            },
            (y) => substitution(y, 0, 0x81),
            T,
          )
          element(
            x,
            'B',
            (y) => {
              substitution(y, 1, 0x02)
              text(y, '>')
            },
            T,
          )
        },
        T,
      ),
    [vals],
  )
  const [r] = [...parseChunk(chunk, 0, { onDiagnostic: () => undefined })]
  if (r === undefined) throw new Error('record not read')
  return r
}

describe('XML programs on markup in attributes, arrays and ANSI text', () => {
  const decoder = new TextDecoder()
  it('escape references and array values in an attribute, read its first item in every repetition, and escape non-ASCII ANSI text', () => {
    const items = `q'"<\0b\0`
    const r = markupRecord([{ type: 0x81, bytes: v.str(items).bytes }, v.raw(0x02, [0xe9, 0x3c, 0x26])])
    const expected = "<Event><A x='&lt;&quot;q&apos;&quot;&lt;'>q'\"&lt;</A><A x='&lt;&quot;q&apos;&quot;&lt;'>b</A><B>é&lt;&amp;&gt;</B></Event>"
    expect(renderByWalk(r.fragment)).toBe(expected)
    expect(renderXml(r)).toBe(expected)
    expect(decoder.decode(renderXmlBytes(r))).toBe(expected)
  })

  it('leave a BinXml value out of an attribute and render it in place in element text', () => {
    // Record 1 defines `<Inner>%0</Inner>`; record 2 is `<Event><A x='%0'>%0</A></Event>` whose
    // value 0 is an instance of it.
    const T = { inTemplate: true }
    const inner = '{0b0b0b0b-0000-0000-0000-000000000002}'
    const w = new ChunkWriter()
    const defined = new Map<string, number>()
    instanceRecord(w, 1, inner, (x) => element(x, 'Inner', (y) => substitution(y, 0, 0x01), T), [v.str('in')], defined)
    const last = instanceRecord(
      w,
      2,
      '{0b0b0b0b-0000-0000-0000-000000000003}',
      (x) =>
        element(
          x,
          'Event',
          (y) => {
            attributedElement(
              y,
              'A',
              (z) => {
                attribute(z, 'x', false)
                substitution(z, 0, 0x21)
              },
              (z) => substitution(z, 0, 0x21),
              T,
            )
          },
          T,
        ),
      [instanceValue(inner, defined, [v.str('in')])],
      defined,
    )
    const records = [...parseChunk(finishChunk(w, { firstId: 1, lastId: 2, lastRecordOffset: last }), 0, { onDiagnostic: () => undefined })]
    const r = records[1] as EvtxRecord
    const expected = "<Event><A x=''><Inner>in</Inner></A></Event>"
    expect(renderByWalk(r.fragment)).toBe(expected)
    expect(renderXml(r)).toBe(expected)
    expect(decoder.decode(renderXmlBytes(r))).toBe(expected)
  })

  it('hold a record to its limit to the byte', () => {
    const r = oneValueRecord([v.str('x'.repeat(200))])
    const length = renderXmlBytes(r).length
    const sink = new ByteSink()
    writeFragmentXml(sink, r.fragment, length)
    expect(sink.pos).toBe(length)
    expect(() => writeFragmentXml(sink, r.fragment, length - 1)).toThrowError(/LIMIT|exceed/)
    expect(sink.pos).toBe(length)
  })
})

describe('XML of names and markup a crafted template can hold', () => {
  const decoder = new TextDecoder()
  // `<Event><a><b x='1' y='v'>` (names `a><b` and `x='1' y`) + CDATA `a]]><b/>`, `&foo;`, `<?t> ?><c/>?>` + `</a><b></Event>`:
  // each would end its markup early and add elements of its own if written as it is.
  function craftedRecord(): EvtxRecord {
    const T = { inTemplate: true }
    const chunk = templateChunk(
      '{0b0b0b0b-0000-0000-0000-000000000004}',
      (w) =>
        element(
          w,
          'Event',
          (x) =>
            attributedElement(
              x,
              'a><b',
              (y) => {
                attribute(y, "x='1' y", false)
                text(y, 'v')
              },
              (y) => {
                y.u8(0x07).u16(8).utf16('a]]><b/>') // CDATA
                y.u8(0x09).name('foo') // entity reference
                y.u8(0x0a).name('t>').u8(0x0b).u16(6).utf16('?><c/>') // processing instruction
                substitution(y, 0, 0x01)
              },
              T,
            ),
          T,
        ),
      [[v.str('s')]],
    )
    const [r] = [...parseChunk(chunk, 0, { onDiagnostic: () => undefined })]
    if (r === undefined) throw new Error('record not read')
    return r
  }

  it('encode names XML does not allow and split CDATA, in the programs and the walk alike', () => {
    const r = craftedRecord()
    const expected =
      "<Event><a_x003E__x003C_b x_x003D__x0027_1_x0027__x0020_y='v'><![CDATA[a]]]]><![CDATA[><b/>]]>&amp;foo;<?t_x003E_ ? ><c/>?>s</a_x003E__x003C_b></Event>"
    expect(renderByWalk(r.fragment)).toBe(expected)
    expect(renderXml(r)).toBe(expected)
    expect(decoder.decode(renderXmlBytes(r))).toBe(expected)
  })
})
