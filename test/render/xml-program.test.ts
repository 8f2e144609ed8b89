/**
 * The compiled XML programs render exactly what the reference walk renders, on every record of
 * the corpus and on the built records that exercise arrays, Null values and dependency ids.
 */
import { describe, expect, it } from 'vitest'
import { parseEvtx } from '../../src/evtx/parse.js'
import { renderByWalk, renderXml } from '../../src/render/xml.js'
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
