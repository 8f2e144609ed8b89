/**
 * The compiled XML programs render exactly what the reference walk renders, on every record of
 * the corpus and on the built records that exercise arrays, Null values and dependency ids.
 */
import { describe, expect, it } from 'vitest'
import { parseEvtx } from '../../src/evtx/parse.js'
import { ByteSink } from '../../src/render/byte-sink.js'
import { renderByWalk, renderXml } from '../../src/render/xml.js'
import { renderXmlBytes, writeXml } from '../../src/render/xml-bytes.js'
import { v } from '../helpers/chunk-builder.js'
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
