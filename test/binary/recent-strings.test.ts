/**
 * RecentStrings gives exactly what decoding gives, whatever mix of repeated and new values comes,
 * keeps its own copy of the bytes (chunk buffers are reused), and never keeps long values.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { formatGuid } from '../../src/binary/guid.js'
import { RecentStrings } from '../../src/binary/recent-strings.js'
import { decodeUtf16 } from '../../src/binary/utf16.js'
import { PROPERTY_SEED, propertyRuns } from '../helpers/properties.js'

const utf16 = (bytes: Uint8Array, at: number, size: number) => decodeUtf16(bytes, at, size >>> 1, true)

describe('RecentStrings', () => {
  it('gives what decoding gives for any sequence of values, repeated or new, in a reused buffer', () => {
    const value = fc.uint8Array({ minLength: 0, maxLength: 24 })
    fc.assert(
      fc.property(fc.array(value, { minLength: 1, maxLength: 6 }), fc.array(fc.nat(), { minLength: 1, maxLength: 60 }), fc.nat(7), (pool, picks, offset) => {
        const cache = new RecentStrings(utf16, 3)
        const buffer = new Uint8Array(64)
        for (const p of picks) {
          const v = pool[p % pool.length] as Uint8Array
          buffer.fill(0xee)
          buffer.set(v, offset)
          expect(cache.get(buffer, offset, v.length)).toBe(utf16(buffer, offset, v.length))
        }
      }),
      { seed: PROPERTY_SEED, numRuns: propertyRuns(200) },
    )
  })

  it('decodes a value it has not seen, and keeps long values out', () => {
    let calls = 0
    const cache = new RecentStrings((b, at) => {
      calls++
      return formatGuid(b, at)
    }, 2, 16)
    const a = Uint8Array.from({ length: 16 }, (_, i) => i)
    const b = Uint8Array.from({ length: 16 }, (_, i) => 15 - i)
    expect(cache.get(a, 0, 16)).toBe(formatGuid(a, 0))
    expect(cache.get(a.slice(), 0, 16)).toBe(formatGuid(a, 0))
    expect(calls).toBe(1)
    expect(cache.get(b, 0, 16)).toBe(formatGuid(b, 0))
    expect(calls).toBe(2)
    const long = new Uint8Array(40)
    cache.get(long, 0, 17)
    cache.get(long, 0, 17)
    expect(calls).toBe(4)
  })
})
