import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { civilFromDays, filetimeToUnixMs, formatFiletime, formatSystemtime, parseIsoToTicks, unixMsToFiletime } from '../../src/binary/filetime.js'

const split = (t: bigint): [number, number] => [Number(t & 0xffff_ffffn), Number(t >> 32n)]

describe('FILETIME', () => {
  it('renders 7 fractional digits as Windows does', () => {
    // 2016-07-08T18:12:51.6816408Z is record 1 of the corpus security.evtx.
    expect(formatFiletime(...split(131_124_751_716_816_408n))).toBe('2016-07-08T18:12:51.6816408Z')
    expect(formatFiletime(0, 0)).toBe('1601-01-01T00:00:00.0000000Z')
  })

  it('renders times past 2^62 ticks exactly, the largest FILETIME included', () => {
    // Expected values computed with integer arithmetic (Python) and the same civil-from-days.
    expect(formatFiletime(0xffff_ffff, 0xffff_ffff)).toBe('60056-05-28T05:36:10.9551615Z')
    expect(formatFiletime(0x1234_5678, 0x4000_0000)).toBe('16214-11-08T13:24:33.2807800Z')
    expect(formatFiletime(0xfedc_ba98, 0x7fff_ffff)).toBe('30828-09-14T02:48:03.5687064Z')
    // An odd tick count whose high half times 2^32 mod 10^7 is past 2^53: exact only as a bigint.
    expect(formatFiletime(0xffff_ffff, 0x7fff_ffff)).toBe('30828-09-14T02:48:05.4775807Z')
  })

  it('agrees with Date for any millisecond time and keeps sub-millisecond ticks', () => {
    fc.assert(
      fc.property(fc.integer({ min: -11_644_473_600_000, max: 253_402_300_799_999 }), fc.integer({ min: 0, max: 9_999 }), (ms, sub) => {
        const ticks = (BigInt(ms) + 11_644_473_600_000n) * 10_000n + BigInt(sub)
        const text = formatFiletime(...split(ticks))
        expect(text.slice(0, 23)).toBe(new Date(ms).toISOString().slice(0, 23))
        expect(text.slice(23, 27)).toBe(String(sub).padStart(4, '0'))
        expect(parseIsoToTicks(text)).toBe(ticks)
        expect(filetimeToUnixMs(...split(ticks))).toBeCloseTo(ms + sub / 10_000, 3)
      }),
      { seed: 1, numRuns: 500 },
    )
  })

  it('converts Unix milliseconds back to the same FILETIME', () => {
    const [lo, hi] = unixMsToFiletime(Date.UTC(2026, 10, 20, 8, 15, 2, 123) + 0.5)
    expect(formatFiletime(lo, hi)).toBe('2026-11-20T08:15:02.1235000Z')
  })

  it('parses only real dates and times, a year below 100 included', () => {
    // Date.UTC reads years 0-99 as 1900-1999 and rolls impossible days and hours over.
    expect(parseIsoToTicks('0050-01-01T00:00:00Z')).toBe(-489_448_224_000_000_000n)
    expect(parseIsoToTicks('0099-12-31T23:59:59Z')).toBe(-473_669_856_010_000_000n)
    for (const bad of ['2023-02-29T00:00:00Z', '2024-13-01T00:00:00Z', '2024-00-10T00:00:00Z', '2024-04-31T00:00:00Z', '2024-05-01T24:00:00Z', '2024-05-01T12:60:00Z', '2024-05-01T12:00:60Z', '2024-05-00T00:00:00Z']) {
      expect(parseIsoToTicks(bad), bad).toBeUndefined()
    }
    expect(parseIsoToTicks('2024-02-29T23:59:59.9999999Z')).toBe(133_537_247_999_999_999n)
  })

  it('computes civil dates across leap years', () => {
    expect(civilFromDays(0)).toEqual([1970, 1, 1])
    expect(civilFromDays(11_016)).toEqual([2000, 2, 29])
    expect(civilFromDays(-134_774)).toEqual([1601, 1, 1])
  })
})

describe('SYSTEMTIME', () => {
  it('renders milliseconds times 10^4 in 7 digits', () => {
    const b = new Uint8Array(16)
    const v = new DataView(b.buffer)
    ;[2019, 3, 5, 8, 23, 23, 5, 42].forEach((x, i) => v.setUint16(i * 2, x, true))
    expect(formatSystemtime(v, 0)).toBe('2019-03-08T23:23:05.0420000Z')
  })
})
