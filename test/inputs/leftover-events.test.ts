/**
 * The events the scenarios look for among leftover records (src/inputs/leftover-events.ts): named
 * by kind and time in one input note, and never an error of the log.
 */
import { describe, expect, it } from 'vitest'
import type { Diagnostic } from '../../src/diagnostics.js'
import { LeftoverEvents, MAX_RECORDS_REMEMBERED, normalizeLeftover } from '../../src/inputs/leftover-events.js'
import type { NormalizedEvent } from '../../src/model/event.js'
import { v } from '../helpers/chunk-builder.js'
import { oneValueRecord } from '../helpers/one-value.js'

/** The fields the note reads; the rest of a normalized event does not matter here. */
const event = (provider: string, eventId: number, timeCreated?: string) =>
  ({ provider, eventId, timeCreated, timeCreatedMs: timeCreated === undefined ? undefined : Date.parse(timeCreated) }) as NormalizedEvent

describe('LeftoverEvents', () => {
  it('says nothing when there are none', () => {
    expect(new LeftoverEvents().note()).toBeUndefined()
  })

  it('names the kinds, most first, with the time span', () => {
    const e = new LeftoverEvents()
    e.add(event('Schannel', 36870, '2026-11-01T08:00:05.0000000Z'), [])
    e.add(event('RCM', 1058, '2026-11-01T08:00:09.0000000Z'), [])
    e.add(event('RCM', 1058, '2026-11-01T08:00:01.0000000Z'), [])
    expect(e.note()).toBe(
      "3 of the records left in unused space are events the scenarios look for (RCM 1058 x2, Schannel 36870 x1, written 2026-11-01T08:00:01.0000000Z to 2026-11-01T08:00:09.0000000Z): they are not part of the log, so they were not analyzed; if the log was cleared after the problem, they may be its only trace ('rdp-triage dump --leftover-records' prints them)",
    )
  })

  it('counts a record two chunks left once, and each scenario\'s failure events with their span', () => {
    const e = new LeftoverEvents()
    const a = { ...event('RCM', 1058, '2026-11-01T08:00:09.0000000Z'), recordId: 7 }
    const b = { ...event('RCM', 1058, '2026-11-01T08:00:01.0000000Z'), recordId: 8 }
    e.add(a, ['S1'])
    e.add({ ...a }, ['S1'])
    e.add(b, ['S1'])
    e.add({ ...event('Schannel', 36871, '2026-11-01T09:00:00.0000000Z'), recordId: 9 }, [])
    expect(e.note()).toMatch(/^3 of the records left in unused space are events the scenarios look for \(RCM 1058 x2, Schannel 36871 x1, written/)
    expect(e.failures()).toEqual([{ scenario: 'S1', count: 2, first: '2026-11-01T08:00:01.0000000Z', last: '2026-11-01T08:00:09.0000000Z' }])
  })

  it('remembers a bounded number of records: past the bound a copy is counted again, a copy of one kept still is not', () => {
    const e = new LeftoverEvents()
    const at = (recordId: number) => ({ ...event('RCM', 1058, '2026-11-01T08:00:00.0000000Z'), recordId })
    for (let id = 0; id <= MAX_RECORDS_REMEMBERED; id++) e.add(at(id), ['S1'])
    e.add(at(0), ['S1'])
    e.add(at(MAX_RECORDS_REMEMBERED - 1), ['S1'])
    expect(e.failures()[0]?.count).toBe(MAX_RECORDS_REMEMBERED + 1)
    e.add(at(MAX_RECORDS_REMEMBERED), ['S1'])
    expect(e.failures()[0]?.count).toBe(MAX_RECORDS_REMEMBERED + 2)
  })

  it('names five kinds and counts the others; one time is given once, none is left out', () => {
    const e = new LeftoverEvents()
    for (let id = 1; id <= 7; id++) e.add(event('P', id), [])
    expect(e.note()).toMatch(/^7 of the records .* \(P 1 x1, P 2 x1, P 3 x1, P 4 x1, P 5 x1, 2 more kinds\): they/)
    const one = new LeftoverEvents()
    one.add(event('P', 1, '2026-11-01T08:00:01.0000000Z'), [])
    expect(one.note()).toContain('(P 1 x1, written 2026-11-01T08:00:01.0000000Z): they')
  })
})

describe('normalizeLeftover', () => {
  it('reports a leftover that cannot be normalized as info, even in strict mode', () => {
    // A value past the render limit, as in normalize-or-report.test.ts.
    const tooLong = oneValueRecord([v.str('a value past the limit')], {}, [], { maxRenderedLength: 8 })
    const got: Diagnostic[] = []
    expect(normalizeLeftover(tooLong, 'System', (d) => got.push(d))).toBeUndefined()
    expect(got.map((d) => [d.severity, d.code])).toEqual([['info', 'LIMIT_EXCEEDED']])
  })
})
