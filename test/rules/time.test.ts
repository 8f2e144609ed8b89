import { describe, expect, it } from 'vitest'
import { checkTime, checkWindow, EARLIEST_TIME_MS, formatDuration, LATEST_TIME_MS, MAX_WINDOW_MS, parseDuration, parseTime } from '../../src/rules/time.js'

describe('durations', () => {
  it('reads unit durations, combinations and ISO 8601', () => {
    expect(parseDuration('24h')).toBe(86_400_000)
    expect(parseDuration('90m')).toBe(5_400_000)
    expect(parseDuration('1d12h')).toBe(129_600_000)
    expect(parseDuration('2w')).toBe(1_209_600_000)
    expect(parseDuration('1500ms')).toBe(1500)
    expect(parseDuration('PT24H')).toBe(86_400_000)
    expect(parseDuration('P1D')).toBe(86_400_000)
    expect(parseDuration('pt1h30m')).toBe(5_400_000)
  })
  it('refuses zero, negative and malformed durations', () => {
    for (const t of ['', '0h', '-1h', '24', 'h', 'P', 'PT', '1y', '24 hours']) expect(() => parseDuration(t), t).toThrow(RangeError)
  })
  it('refuses a duration that rounds to no whole millisecond, and keeps a fraction that does not', () => {
    for (const t of ['0.4ms', 'PT0.0001S']) expect(() => parseDuration(t), t).toThrow(/a duration must be at least 1ms/)
    expect(parseDuration('1.5h')).toBe(5_400_000)
    expect(parseDuration('0.6ms')).toBe(1)
  })
  it('refuses a window longer than 1000 years, which no time could start', () => {
    expect(parseDuration('365250d')).toBe(MAX_WINDOW_MS)
    expect(MAX_WINDOW_MS).toBe(365_250 * 86_400_000)
    for (const t of ['365251d', '300000w', '99999999999999999999w', 'P52200W']) expect(() => parseDuration(t), t).toThrow(/at most 365250d \(1000 years/)
    expect(checkWindow(1)).toBe(1)
    for (const ms of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) expect(() => checkWindow(ms), String(ms)).toThrow(/at least 1 ms/)
    expect(() => checkWindow(MAX_WINDOW_MS + 1)).toThrow(/at most/)
  })
  it('formats in a readable unit', () => {
    expect(formatDuration(86_400_000)).toBe('24h')
    expect(formatDuration(172_800_000)).toBe('2d')
    // Days only when whole: three and a half days are hours.
    expect(formatDuration(302_400_000)).toBe('84h')
    expect(formatDuration(5_400_000)).toBe('90m')
    expect(formatDuration(1500)).toBe('1500ms')
    expect(formatDuration(30_000)).toBe('30s')
  })
})

describe('parseTime', () => {
  it('reads ISO 8601, taking times without a zone as UTC', () => {
    expect(parseTime('2024-05-01T12:00:00Z')).toBe(Date.UTC(2024, 4, 1, 12))
    expect(parseTime('2024-05-01T12:00:00')).toBe(Date.UTC(2024, 4, 1, 12))
    expect(parseTime('2024-05-01 12:00')).toBe(Date.UTC(2024, 4, 1, 12))
    expect(parseTime('2024-05-01')).toBe(Date.UTC(2024, 4, 1))
    expect(parseTime('2024-05-01T14:00:00+02:00')).toBe(Date.UTC(2024, 4, 1, 12))
    expect(parseTime('2024-05-01T12:00:00.5z')).toBe(Date.UTC(2024, 4, 1, 12, 0, 0, 500))
  })
  it('refuses what is not a time', () => {
    for (const t of ['yesterday', '2024-13-01T00:00:00Z', '01/05/2024', '']) expect(() => parseTime(t), t).toThrow(RangeError)
  })
  it('takes times from 1601-01-01 to 9999-12-31 UTC only (what an event log can hold)', () => {
    expect(parseTime('1601-01-01')).toBe(EARLIEST_TIME_MS)
    expect(EARLIEST_TIME_MS).toBe(-11_644_473_600_000)
    expect(parseTime('9999-12-31T23:59:59.999Z')).toBe(LATEST_TIME_MS)
    for (const t of ['1600-12-31T23:59:59Z', '0001-01-01', '0099-06-15', '9999-12-31T23:00:00-05:00', '1601-01-01T00:00:00+00:01']) expect(() => parseTime(t), t).toThrow(/from 1601-01-01 to 9999-12-31 UTC/)
    expect(checkTime(0)).toBe(0)
    expect(() => checkTime(Number.NaN)).toThrow(/not a valid time/)
  })
  it('reads the years 0-99 as written (Date.UTC would take them as 1900-1999)', () => {
    // 0099-02-29 is no day (99 is not a leap year); 1999-02-29 is no day either, but 0096-02-29 is
    // one and 1996-02-29 is too: the range check, not the calendar check, refuses it.
    expect(() => parseTime('0096-02-29')).toThrow(/from 1601-01-01/)
    expect(() => parseTime('0099-02-29')).toThrow(/not a valid time/)
  })
  it('refuses a day that is not on the calendar (Date.parse would roll it into the next month)', () => {
    for (const t of ['2026-02-30', '2026-02-29T10:00:00Z', '2025-04-31 12:00', '2026-01-32', '2026-00-10']) expect(() => parseTime(t), t).toThrow(/not a valid time|not an ISO 8601 time/)
    expect(parseTime('2024-02-29')).toBe(Date.UTC(2024, 1, 29))
    expect(parseTime('2026-12-31T23:59:59Z')).toBe(Date.UTC(2026, 11, 31, 23, 59, 59))
  })
})
