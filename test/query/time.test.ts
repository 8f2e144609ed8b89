import { describe, expect, it } from 'vitest'
import { formatFiletime } from '../../src/binary/filetime.js'
import { formatTicks, parseEventTime, ticksFromDate } from '../../src/query/time.js'

describe('event times as FILETIME ticks', () => {
  it('reads SystemTime with 0 to 9 fractional digits, keeping 7', () => {
    const t = parseEventTime('2026-11-20T08:15:02.1234567Z') as bigint
    expect(formatTicks(t)).toBe('2026-11-20T08:15:02.1234567Z')
    expect(parseEventTime('2026-11-20T08:15:02.123456789Z')).toBe(t)
    expect(parseEventTime('2026-11-20T08:15:02Z')).toBe(t - 1_234_567n)
    expect(parseEventTime('1601-01-01T00:00:00Z')).toBe(0n)
  })

  it('reads the years 0-99 as written, before FILETIME\'s start (Date.UTC would take them as 1900-1999)', () => {
    const t = parseEventTime('0001-01-01T00:00:00Z') as bigint
    expect(t).toBe(-(1600n * 365n + 388n) * 86_400n * 10_000_000n)
    expect(formatTicks(t)).toBe('0001-01-01T00:00:00.0000000Z')
    expect(formatTicks(parseEventTime('0050-07-04T12:30:15.5Z') as bigint)).toBe('0050-07-04T12:30:15.5000000Z')
    expect(parseEventTime('0099-02-29T00:00:00Z')).toBeUndefined()
  })

  it('rejects what is not such a time', () => {
    for (const s of ['2026-11-20', '2026-11-20T08:15:02', '2026-02-30T00:00:00Z', '2026-11-20T24:00:00Z', 'now']) expect(parseEventTime(s), s).toBeUndefined()
  })

  it('converts JavaScript times', () => {
    expect(formatTicks(ticksFromDate(new Date('2026-11-20T08:00:00.250Z')))).toBe('2026-11-20T08:00:00.2500000Z')
    expect(formatTicks(ticksFromDate(Date.UTC(1969, 11, 31, 23, 59, 59, 500)))).toBe('1969-12-31T23:59:59.5000000Z')
  })

  it('writes a damaged record\'s five-digit year as the renderers do (toISOString would give +030828-… cut short)', () => {
    expect(formatTicks(0x7fff_ffff_ffff_ffffn)).toBe('30828-09-14T02:48:05.4775807Z')
    for (const ticks of [0n, 2_650_467_744_000_000_000n, 0xffff_ffff_ffff_ffffn]) {
      expect(formatTicks(ticks)).toBe(formatFiletime(Number(ticks & 0xffff_ffffn), Number(ticks >> 32n)))
    }
  })
})
