import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ByteCursor } from '../../src/binary/cursor.js'
import { EvtxError } from '../../src/errors.js'

describe('ByteCursor', () => {
  it('reads little-endian values and labels out-of-bounds reads with offsets', () => {
    const c = new ByteCursor(Uint8Array.of(1, 0, 2, 0, 0, 0, 9), 0x1000)
    expect(c.u16('a')).toBe(1)
    expect(c.u32('b')).toBe(2)
    expect(() => c.u32('record.size')).toThrowError(/record.size: need 4 bytes at 0x1006, have 1/)
  })

  it('never lets a RangeError escape, whatever the offset and length', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), fc.integer({ min: -10, max: 100 }), fc.integer({ min: -5, max: 100 }), (bytes, pos, n) => {
        const c = new ByteCursor(bytes)
        c.pos = pos
        for (const read of [() => c.u8('x'), () => c.u16('x'), () => c.u32('x'), () => c.u64('x'), () => c.take(n, 'x'), () => c.skip(n, 'x')]) {
          try {
            read()
          } catch (e) {
            expect(e).toBeInstanceOf(EvtxError)
          }
          c.pos = pos
        }
      }),
      { seed: 1, numRuns: 300 },
    )
  })

  it('honours byteOffset of a view into a larger buffer', () => {
    const big = new Uint8Array(16)
    big[10] = 7
    const c = new ByteCursor(big.subarray(10, 12))
    expect(c.u8('x')).toBe(7)
    expect(c.remaining).toBe(1)
  })

  it('clamps an end past the bytes to their length, so a read there fails as out of bounds', () => {
    const c = new ByteCursor(Uint8Array.of(1, 2), 0, 0, 10)
    expect(c.remaining).toBe(2)
    c.skip(2, 'x')
    expect(() => c.u8('past')).toThrowError(EvtxError)
  })

  it('refuses a negative length and stays where it was', () => {
    const c = new ByteCursor(Uint8Array.of(1, 2, 3, 4), 0x100, 2)
    expect(() => c.skip(-1, 'back')).toThrowError(/back: need -1 bytes at 0x102/)
    expect(() => c.take(-1, 'back')).toThrowError(EvtxError)
    expect(c.pos).toBe(2)
  })

  it('reads a u64 as a number up to 2^53 - 1 and as a bigint from 2^53 on', () => {
    const u64 = (n: bigint): ByteCursor => {
      const b = new Uint8Array(8)
      new DataView(b.buffer).setBigUint64(0, n, true)
      return new ByteCursor(b)
    }
    expect(u64(2n ** 53n - 1n).u64('x')).toBe(Number.MAX_SAFE_INTEGER)
    expect(u64(2n ** 53n + 1n).u64('x')).toBe(2n ** 53n + 1n)
  })
})
