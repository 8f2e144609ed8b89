import * as zlib from 'node:zlib'
import fc from 'fast-check'
import { afterEach, describe, expect, it } from 'vitest'
import { crc32, crc32Implementation, type NativeCrc32, tableCrc32, useNativeCrc32 } from '../../src/binary/crc32.js'
import { PROPERTY_SEED, propertyRuns } from '../helpers/properties.js'

const zlibCrc32 = (zlib as { crc32?: NativeCrc32 }).crc32

afterEach(() => useNativeCrc32(undefined))

describe('CRC-32', () => {
  it('matches the standard check values, empty input and continuation', () => {
    for (const impl of [undefined, zlibCrc32]) {
      useNativeCrc32(impl)
      expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926)
      expect(crc32(new Uint8Array(0))).toBe(0)
      const b = new TextEncoder().encode('The quick brown fox jumps over the lazy dog, and then over it again and again')
      expect(crc32(b, 10, 80, crc32(b, 0, 10))).toBe(crc32(b, 0, 80))
      expect(crc32(b)).toBe(tableCrc32(b))
    }
  })

  it('gives the same value through a native CRC as through the tables, for any range and start value', () => {
    if (zlibCrc32 === undefined) throw new Error('this Node has no zlib.crc32 (Node 20.15 or later has)')
    useNativeCrc32(zlibCrc32)
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 3000 }), fc.nat(), fc.nat(), fc.nat({ max: 0xffffffff }), (bytes, a, b, start) => {
        const from = bytes.length === 0 ? 0 : a % (bytes.length + 1)
        const to = from + (bytes.length === 0 ? 0 : b % (bytes.length - from + 1))
        expect(crc32(bytes, from, to, start)).toBe(tableCrc32(bytes, from, to, start))
      }),
      { numRuns: propertyRuns(300), seed: PROPERTY_SEED },
    )
  })

  it('hands only ranges of 64 bytes or more to the native CRC, as a view of exactly that range', () => {
    const seen: Array<[number, number]> = []
    useNativeCrc32((data, value = 0) => {
      seen.push([data.byteOffset, data.length])
      return tableCrc32(data, 0, data.length, value)
    })
    expect(crc32Implementation()).toBe('native')
    const b = new Uint8Array(600).map((_, i) => i * 7)
    expect(crc32(b, 0, 63)).toBe(tableCrc32(b, 0, 63))
    expect(seen).toEqual([])
    expect(crc32(b, 100, 600)).toBe(tableCrc32(b, 100, 600))
    expect(seen).toEqual([[100, 500]])
    useNativeCrc32(undefined)
    expect(crc32Implementation()).toBe('table')
  })
})
