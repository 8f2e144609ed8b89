import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseEvtx } from '../../src/evtx/parse.js'
import { compileQuery } from '../../src/query/compile.js'
import { parseQuery } from '../../src/query/parser.js'
import { queryPrefilter } from '../../src/query/prefilter.js'
import { buildEvtx, systemEvent } from '../helpers/evtx-builder.js'
import { eventArb, NOW, queryArb } from '../helpers/query-arbitraries.js'

const RUNS = Number(process.env.RDP_TRIAGE_PROPERTY_RUNS ?? 150)
const SEED = Number(process.env.RDP_TRIAGE_PROPERTY_SEED ?? 20261120)

function needs(q: string) {
  const f = queryPrefilter([parseQuery(q)])
  if (f === undefined) return undefined
  const providers = ['Schannel', 'Other', ' Schannel ', 'Microsoft-Windows-TerminalServices-RemoteConnectionManager'].filter((p) => f.accept(p, undefined, 0))
  return { ids: [...f.eventIds].sort((a, b) => a - b), providers }
}

describe('queryPrefilter', () => {
  it("reads the article's provider and event id", () => {
    expect(needs("Event[System[Provider[@Name='Schannel'] and EventID=36871 and TimeCreated[timediff(@SystemTime) <= 86400000]]]")).toEqual({ ids: [36871], providers: ['Schannel'] })
    expect(needs("Event[System[Provider[@Name=' Schannel '] and EventID=2056]]")).toEqual({ ids: [2056], providers: [' Schannel '] })
  })

  it('keeps what either side of an or allows, and what both sides of an and require', () => {
    expect(needs('*[System[EventID=1 or EventID=2]]')).toEqual({ ids: [1, 2], providers: ['Schannel', 'Other', ' Schannel ', 'Microsoft-Windows-TerminalServices-RemoteConnectionManager'] })
    expect(needs("*[System[EventID=1]] or *[System[EventID=2 and Provider[@Name='Other']]]")?.ids).toEqual([1, 2])
    expect(needs("*[System[EventID=1]] or *[System[EventID=2 and Provider[@Name='Other']]]")?.providers).toHaveLength(4)
    expect(needs("*[System[EventID=1]] and *[System/Provider/@Name='Other']")).toEqual({ ids: [1], providers: ['Other'] })
    expect(needs("*/System/EventID='7036'")?.ids).toEqual([7036])
  })

  it('rejects a record without a provider name when the query names one, and records the names it is asked about', () => {
    const seen = new Set<string>()
    const named = queryPrefilter([parseQuery("*[System[Provider[@Name='Schannel'] and EventID=36871]]")], seen)
    expect(named?.accept(undefined, undefined, 36871)).toBe(false)
    expect(named?.accept('Schannel', undefined, 36871)).toBe(true)
    expect(named?.accept('Other', undefined, 36871)).toBe(false)
    const any = queryPrefilter([parseQuery('*[System[EventID=36871]]')], seen)
    expect(any?.accept(undefined, undefined, 36871)).toBe(true)
    expect(any?.accept('Third', undefined, 36871)).toBe(true)
    expect([...seen]).toEqual(['Schannel', 'Other', 'Third'])
  })

  it('requires nothing it cannot be sure of', () => {
    for (const q of ['*', '*[System[not(EventID=1)]]', '*[System[EventID!=1]]', '*[System[EventID>=1]]', "*[System[EventID='01']]", '*[System[EventID=0x10]]', '*[*[EventID=1]]', '*[System[EventID=1] or System[Level=2]]', '*[EventData[Data=1058]]']) {
      expect(needs(q), q).toBeUndefined()
    }
  })

  it('never drops an event the query selects (random events and queries)', () => {
    const idCondition = fc.constantFrom('*[System[EventID=1058]]', '*[System[EventID=1058 or EventID=36871]]', "*[System[Provider[@Name='Schannel'] and EventID=36871]]", "*[System/EventID=7036 and System/Provider/@Name=' Schannel ']")
    const query = fc.oneof(queryArb, fc.tuple(idCondition, queryArb).map(([a, b]) => `${a} and ${b}`), fc.tuple(idCondition, queryArb).map(([a, b]) => `${a} or (${b})`), idCondition)
    let filtered = 0
    fc.assert(
      fc.property(fc.array(eventArb, { minLength: 1, maxLength: 8 }), query, (events, q) => {
        const bytes = buildEvtx(events)
        const compiled = compileQuery(q)
        const prefilter = queryPrefilter([compiled.expr])
        if (prefilter === undefined) return
        filtered++
        const full = [...parseEvtx(bytes)].filter((r) => compiled.matches(r, NOW)).map((r) => r.recordId)
        const scanned = [...parseEvtx(bytes, { prefilter })].filter((r) => compiled.matches(r, NOW)).map((r) => r.recordId)
        expect(scanned, q).toEqual(full)
      }),
      { numRuns: RUNS, seed: SEED },
    )
    expect(filtered).toBeGreaterThan(RUNS / 4)
  })
})

describe('queryPrefilter on hostile queries', () => {
  it('reads the ids of a chain of 50,000 conditions without exhausting the stack', () => {
    const ids = Array.from({ length: 50_000 }, (_, k) => k)
    expect(needs(`*[System[${ids.map((k) => `EventID=${k}`).join(' or ')}]]`)?.ids).toEqual(ids)
  })
})

describe('queryPrefilter on a node set compared with a boolean', () => {
  it('requires nothing of the path, since the comparison holds when the path selects nothing', () => {
    const bytes = buildEvtx([1, 2].map((eventId) => systemEvent({ provider: 'P', eventId, time: '2026-11-20T08:00:00Z', channel: 'System' })))
    for (const q of ['*[System[EventID=1] = (1=2)]', '*[System[EventID=1]] = (1=2)', '*[System[EventID=1] != band(1, 1)]', '*[System[EventID=1] = not(1=1)]']) {
      const compiled = compileQuery(q)
      // XPath 1.0: boolean(node-set) is compared, so the events without EventID 1 are selected.
      expect([...parseEvtx(bytes)].filter((r) => compiled.matches(r, NOW)).map((r) => r.recordId), q).toEqual([2])
      expect(needs(q), q).toBeUndefined()
    }
  })
})

