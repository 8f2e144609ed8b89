import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { MAX_KEY_NAME, MAX_LOGS, MAX_TEXT_KEYS, SeenRecords } from '../../src/rules/seen.js'
import { at, rcm } from '../helpers/events.js'
import { PROPERTY_SEED, propertyRuns } from '../helpers/properties.js'

describe('SeenRecords', () => {
  it('tells a second copy of a record from a new one', () => {
    const seen = new SeenRecords()
    const e = rcm(1058, at(0), { status: 'x' })
    expect(seen.add(e)).toBe(true)
    expect(seen.add({ ...e })).toBe(false)
    // Any one of channel, computer, record id, time or event id makes another record.
    expect(seen.add({ ...e, channel: 'Application' })).toBe(true)
    expect(seen.add({ ...e, computer: 'other' })).toBe(true)
    expect(seen.add({ ...e, recordId: (e.recordId as number) + 1 })).toBe(true)
    expect(seen.add({ ...e, eventId: 1057 })).toBe(true)
    expect(seen.add({ ...e, timeCreatedMs: (e.timeCreatedMs as number) + 1 })).toBe(true)
    expect(seen.add({ ...e, timeCreatedMs: (e.timeCreatedMs as number) + 2 })).toBe(true)
    // All of those are remembered too, whichever log came last.
    expect(seen.add({ ...e, timeCreatedMs: (e.timeCreatedMs as number) + 1 })).toBe(false)
    expect(seen.add({ ...e, channel: 'Application' })).toBe(false)
    expect(seen.add({ ...e, timeCreatedMs: (e.timeCreatedMs as number) + 2 })).toBe(false)
    expect(seen.add({ ...e })).toBe(false)
  })
  it('keys records without a record id or a time by their text, and takes any number as an id', () => {
    const seen = new SeenRecords()
    const base = rcm(1058, at(0), { status: 'x' })
    for (const e of [
      { ...base, recordId: undefined },
      { ...base, recordId: 2 ** 40 },
      { ...base, timeCreatedMs: undefined },
      { ...base, eventId: 70_000 },
    ]) {
      expect(seen.add(e)).toBe(true)
      expect(seen.add({ ...e })).toBe(false)
    }
    expect(seen.add({ ...base, recordId: undefined, timeCreated: at(1) })).toBe(true)
    // Keyed by text, a record is still told apart by its computer (two VMs' copies of one log name).
    expect(seen.add({ ...base, recordId: undefined, computer: 'other' })).toBe(true)
    expect(seen.add({ ...base, recordId: undefined, computer: 'other' })).toBe(false)
  })
  it('never takes a record with neither a record id nor a time for a copy', () => {
    const seen = new SeenRecords()
    const base = rcm(1058, at(0), { status: 'x' })
    const blind = { ...base, recordId: undefined, timeCreated: undefined, timeCreatedMs: undefined }
    expect(seen.add(blind)).toBe(true)
    expect(seen.add({ ...blind })).toBe(true)
    expect(seen.add({ ...blind, timeCreatedMs: Number.NaN, recordId: Number.NaN })).toBe(true)
    // Either one alone still keys it.
    expect(seen.add({ ...blind, recordId: 7 })).toBe(true)
    expect(seen.add({ ...blind, recordId: 7 })).toBe(false)
    expect(seen.add({ ...blind, timeCreated: at(2) })).toBe(true)
    expect(seen.add({ ...blind, timeCreated: at(2) })).toBe(false)
  })
  it('keeps a bounded number of logs and text keys, whatever names a crafted log gives its records', () => {
    const seen = new SeenRecords()
    const base = rcm(1058, at(0), { status: 'x' })
    const extra = 100
    for (let i = 0; i < MAX_LOGS + extra; i++) {
      const e = { ...base, computer: `vm-${i}` }
      expect(seen.add(e)).toBe(true)
      // A copy is told as one while its log is kept; past the bound it is counted, never lost.
      expect(seen.add({ ...e })).toBe(i >= MAX_LOGS)
    }
    expect(seen.logs).toBe(MAX_LOGS)
    const noId = { ...base, recordId: undefined }
    for (let i = 0; i < MAX_TEXT_KEYS + extra; i++) expect(seen.add({ ...noId, timeCreated: `t${i}` })).toBe(true)
    expect(seen.textKeys).toBe(MAX_TEXT_KEYS)
    expect(seen.add({ ...noId, timeCreated: 't0' })).toBe(false)
  })
  it('tells logs apart by the first 256 characters of their names', () => {
    const seen = new SeenRecords()
    const base = rcm(1058, at(0), { status: 'x' })
    const long = 'c'.repeat(MAX_KEY_NAME)
    expect(seen.add({ ...base, computer: `${long}-a` })).toBe(true)
    expect(seen.add({ ...base, computer: `${long}-b` })).toBe(false)
    expect(seen.add({ ...base, computer: `${long.slice(1)}-b` })).toBe(true)
  })
  it('answers as a set of (channel, computer, record id, time, event id) for records in any order', () => {
    const event = fc.record({
      channel: fc.constantFrom('System', 'Application'),
      computer: fc.constantFrom('a', 'b'),
      recordId: fc.oneof(fc.integer({ min: 0, max: 30 }), fc.constant(2 ** 40)),
      eventId: fc.constantFrom(1057, 1058),
      timeCreatedMs: fc.constantFrom(0, 1, 2, 1e12),
    })
    fc.assert(
      fc.property(fc.array(event, { maxLength: 200 }), (events) => {
        const seen = new SeenRecords()
        const reference = new Set<string>()
        for (const e of events) {
          const key = JSON.stringify([e.channel, e.computer, e.recordId, e.timeCreatedMs, e.eventId])
          expect(seen.add({ ...e })).toBe(!reference.has(key))
          reference.add(key)
        }
      }),
      { seed: PROPERTY_SEED, numRuns: propertyRuns(300) },
    )
  })
})
