import { describe, expect, it } from 'vitest'
import { SeenRecords } from '../../src/rules/seen.js'
import { at, rcm } from '../helpers/events.js'

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
  })
})
