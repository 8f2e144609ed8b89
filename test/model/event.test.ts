import { describe, expect, it } from 'vitest'
import { eventValues, isoToMs, makeEvent, msToIso, normalizeGuid, shiftIso, systemFieldText } from '../../src/model/event.js'

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
