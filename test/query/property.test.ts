/**
 * Property: for random queries over the supported grammar and random events, the compiled query
 * selects exactly the events a plain reference evaluator (over the rendered element tree) selects.
 * Seeded; RDP_TRIAGE_PROPERTY_RUNS and RDP_TRIAGE_PROPERTY_SEED change how many runs and which.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseEvtx } from '../../src/evtx/parse.js'
import { compileQuery } from '../../src/query/compile.js'
import { parseQuery } from '../../src/query/parser.js'
import { recordToTree } from '../../src/render/tree.js'
import { buildEvtx, systemEvent } from '../helpers/evtx-builder.js'
import { eventArb, NOW, queryArb } from '../helpers/query-arbitraries.js'
import { referenceMatches } from '../helpers/reference-query.js'

const RUNS = Number(process.env.RDP_TRIAGE_PROPERTY_RUNS ?? 150)
const SEED = Number(process.env.RDP_TRIAGE_PROPERTY_SEED ?? 20261120)


describe('compiled queries agree with the reference evaluator', () => {
  it('on random events and queries', () => {
    fc.assert(
      fc.property(fc.array(eventArb, { minLength: 1, maxLength: 6 }), fc.array(queryArb, { minLength: 1, maxLength: 5 }), (events, queries) => {
        const records = [...parseEvtx(buildEvtx(events))]
        expect(records).toHaveLength(events.length)
        for (const q of queries) {
          const compiled = compileQuery(q)
          const expr = parseQuery(q)
          for (const r of records) {
            const want = referenceMatches(expr, recordToTree(r), NOW)
            if (compiled.matches(r, NOW) !== want) throw new Error(`${q} on record ${r.recordId}: compiled ${!want}, reference ${want}`)
          }
        }
      }),
      { numRuns: RUNS, seed: SEED },
    )
  })

  it('and the generator reaches both outcomes (the property is not vacuous)', () => {
    const seen = { match: 0, miss: 0 }
    fc.assert(
      fc.property(fc.array(eventArb, { minLength: 3, maxLength: 6 }), queryArb, (events, q) => {
        const c = compileQuery(q)
        for (const r of parseEvtx(buildEvtx(events))) {
          if (c.matches(r, NOW)) seen.match++
          else seen.miss++
        }
      }),
      { numRuns: 60, seed: SEED },
    )
    expect(seen.match).toBeGreaterThan(20)
    expect(seen.miss).toBeGreaterThan(20)
  })
})

describe('a single event against each selector it supports', () => {
  it('agrees on the example queries of the Windows documentation', () => {
    const e = systemEvent({ provider: 'Schannel', eventId: 36871, level: 1, time: '2026-11-21T07:00:00Z', channel: 'System', userData: { name: 'LowOnMemory', fields: [['PrinterName', { t: 'string', v: 'MyPrinter' }]] } })
    const [r] = [...parseEvtx(buildEvtx([e]))]
    for (const q of ['*', '*[UserData/LowOnMemory]', '*[System/Level=1]', '*[UserData/*/PrinterName="MyPrinter" and System/Level=1]', '*[System[(Level <= 3) and TimeCreated[timediff(@SystemTime) <= 86400000]]]']) {
      expect(compileQuery(q).matches(r!, NOW), q).toBe(true)
      expect(referenceMatches(parseQuery(q), recordToTree(r!), NOW), q).toBe(true)
    }
  })
})
