import { describe, expect, it } from 'vitest'
import { eventValues, isoToMs, makeEvent, msToIso, normalizeGuid, shiftIso, SYSTEM_FIELD_NAMES, systemFieldText } from '../../src/model/event.js'

describe('normalizeGuid', () => {
  it('lowercases and adds braces', () => {
    expect(normalizeGuid('C76BAA63-AE81-421C-B425-340B4B24157F')).toBe('{c76baa63-ae81-421c-b425-340b4b24157f}')
    expect(normalizeGuid('{C76BAA63-AE81-421C-B425-340B4B24157F}')).toBe('{c76baa63-ae81-421c-b425-340b4b24157f}')
    expect(normalizeGuid(' {C76BAA63-AE81-421C-B425-340B4B24157F} ')).toBe('{c76baa63-ae81-421c-b425-340b4b24157f}')
    expect(normalizeGuid('{C76BAA63-AE81-421C-B425-340B4B24157F')).toBe('{c76baa63-ae81-421c-b425-340b4b24157f}')
  })
  it('keeps absence absent', () => {
    expect(normalizeGuid(undefined)).toBeUndefined()
    expect(normalizeGuid('')).toBeUndefined()
  })
})

describe('times', () => {
  it('keeps seven fractional digits both ways', () => {
    const ms = isoToMs('2020-08-01T18:48:57.4580708Z') as number
    expect(Math.floor(ms)).toBe(Date.parse('2020-08-01T18:48:57.458Z'))
    expect(msToIso(ms)).toBe('2020-08-01T18:48:57.4580708Z')
    expect(msToIso(Date.parse('2024-05-01T12:00:00Z'))).toBe('2024-05-01T12:00:00.0000000Z')
  })
  it('reads offsets and times without fractions', () => {
    expect(isoToMs('2024-05-01T14:00:00+02:00')).toBe(Date.parse('2024-05-01T12:00:00Z'))
    expect(isoToMs('2024-05-01T12:00:00')).toBe(Date.parse('2024-05-01T12:00:00Z'))
    expect(isoToMs('not a time')).toBeUndefined()
  })
  it('shifts an ISO time exactly, borrowing across seconds and days', () => {
    expect(shiftIso('2025-12-10T01:37:32.9465194Z', -86_400_000)).toBe('2025-12-09T01:37:32.9465194Z')
    expect(shiftIso('2024-01-01T00:00:00.0000001Z', -1)).toBe('2023-12-31T23:59:59.9990001Z')
    expect(shiftIso('2024-01-01T00:00:00Z', 1500)).toBe('2024-01-01T00:00:01.5000000Z')
  })
})

describe('event values', () => {
  const e = makeEvent({
    eventId: 1,
    computer: 'host',
    data: { Type: 'server' },
    unnamedData: ['a', 'b'],
    userData: { element: 'EventXML', fields: { param1: 'x' } },
    binaryHex: 'ABCD',
  })
  it('lists named, unnamed, UserData and Binary values with labels', () => {
    expect(eventValues(e)).toEqual([
      { label: 'Type', value: 'server' },
      { label: 'Data[1]', value: 'a' },
      { label: 'Data[2]', value: 'b' },
      { label: 'param1', value: 'x' },
      { label: 'Binary', value: 'ABCD' },
    ])
  })
  it('gives each value its own label: a log field named like an unnamed Data or the Binary keeps its value', () => {
    // A log may call a Data field `Binary` or `Data[1]`, or give a UserData field the name of a
    // Data field: each value must stay distinct (the report keys its evidence by label, and
    // `any` leaves out only the event's real Binary).
    const odd = makeEvent({
      data: { Binary: 'named binary', 'Data[1]': 'named one', Type: 'server' },
      unnamedData: ['first'],
      userData: { element: 'EventXML', fields: { Type: 'user type', Binary: 'user binary', Other: 'o' } },
      binaryHex: 'ABCD',
    })
    const values = eventValues(odd)
    expect(values).toEqual([
      { label: "Data[@Name='Binary']", value: 'named binary' },
      { label: "Data[@Name='Data[1]']", value: 'named one' },
      { label: 'Type', value: 'server' },
      { label: 'Data[1]', value: 'first' },
      { label: 'UserData/EventXML/Type', value: 'user type' },
      { label: 'UserData/EventXML/Binary', value: 'user binary' },
      { label: 'Other', value: 'o' },
      { label: 'Binary', value: 'ABCD' },
    ])
    expect(new Set(values.map((v) => v.label)).size).toBe(values.length)
  })
  it('keeps labels distinct even when a log names a Data field like a qualified label', () => {
    const data = { "Data[@Name='Binary']": 'a', Binary: 'b', 'UserData/EventXML/x': 'c', x: 'e' }
    const values = eventValues(makeEvent({ data, userData: { element: 'EventXML', fields: { x: 'd' } }, binaryHex: '00' }))
    expect(values.map((v) => v.value)).toEqual(['a', 'b', 'c', 'e', 'd', '00'])
    expect(values[4]).toEqual({ label: 'UserData/EventXML/x (2)', value: 'd' })
    expect(new Set(values.map((v) => v.label)).size).toBe(values.length)
    expect(values.filter((v) => v.label === 'Binary')).toEqual([{ label: 'Binary', value: '00' }])
  })
  it('reads System fields as text', () => {
    expect(systemFieldText(e, 'eventId')).toBe('1')
    expect(systemFieldText(e, 'computer')).toBe('host')
    expect(systemFieldText(e, 'userId')).toBeUndefined()
  })
  it('fills time fields from either form', () => {
    expect(makeEvent({ timeCreated: '2024-05-01T12:00:00.0000000Z' }).timeCreatedMs).toBe(Date.parse('2024-05-01T12:00:00Z'))
    expect(makeEvent({ timeCreatedMs: 0 }).timeCreated).toBe('1970-01-01T00:00:00.0000000Z')
  })
})

describe('what mutation round s32 found unchecked', () => {
  it('adds the closing brace to a 38-character GUID that lacks it', () => {
    // 38 characters with a trailing space: not the record's `{…}` form, so trimmed and closed.
    expect(normalizeGuid('{C76BAA63-AE81-421C-B425-340B4B24157F ')).toBe('{c76baa63-ae81-421c-b425-340b4b24157f}')
  })
  it('makeEvent normalizes the GUID and fills the payload slots', () => {
    const e = makeEvent({ providerGuid: '{C76BAA63-AE81-421C-B425-340B4B24157F}' })
    expect(e.providerGuid).toBe('{c76baa63-ae81-421c-b425-340b4b24157f}')
    expect(e.data).toEqual({})
    expect(e.unnamedData).toEqual([])
    expect(e.binaryHex).toBeUndefined()
    expect(eventValues(e)).toEqual([])
  })
  it('makeEvent keeps both time forms when given both', () => {
    const e = makeEvent({ timeCreated: '2024-05-01T12:00:00.0000000Z', timeCreatedMs: 5 })
    expect([e.timeCreated, e.timeCreatedMs]).toEqual(['2024-05-01T12:00:00.0000000Z', 5])
  })
  it('lists no Binary for an event without one, and values as written', () => {
    expect(eventValues(makeEvent({ data: { a: ' 1 ' }, unnamedData: [' b '] }))).toEqual([
      { label: 'a', value: ' 1 ' },
      { label: 'Data[1]', value: ' b ' },
    ])
  })
  it('names every System slot of a normalized event as a System field', () => {
    const payloadAndTime = ['timeCreated', 'timeCreatedMs', 'recordId', 'data', 'unnamedData', 'binaryHex', 'userData']
    const slots = Object.keys(makeEvent({})).filter((k) => !payloadAndTime.includes(k))
    expect([...SYSTEM_FIELD_NAMES].sort()).toEqual(slots.sort())
  })
  it('msToIso keeps the millisecond of a half-millisecond time and never writes an eighth digit', () => {
    expect(msToIso(Date.parse('2024-05-01T12:00:00.123Z') + 0.5)).toBe('2024-05-01T12:00:00.1235000Z')
    expect(msToIso(0.99999)).toBe('1970-01-01T00:00:00.0009999Z')
  })
  it('shiftIso carries a full second of ticks, rounds a fractional shift, and keeps text it cannot read', () => {
    expect(shiftIso('2024-01-01T00:00:00.5000000Z', 500)).toBe('2024-01-01T00:00:01.0000000Z')
    expect(shiftIso('2024-01-01T00:00:00Z', 1.23456789)).toBe('2024-01-01T00:00:00.0012346Z')
    expect(shiftIso('not a time', 1000)).toBe('not a time')
  })
  it('isoToMs rejects an impossible date and reads a padded time with all its digits', () => {
    expect(isoToMs('2024-13-45T00:00:00Z')).toBeUndefined()
    expect(isoToMs(' 2024-05-01T12:00:00.1234567Z ')).toBeCloseTo(Date.parse('2024-05-01T12:00:00.123Z') + 0.4567, 3)
  })
})
