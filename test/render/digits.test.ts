/** Decimal digits written into bytes: the same text as String(v), and zero-padded widths. */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { decimalLength, writeDigits, writeTwoDigits } from '../../src/render/digits.js'

const ascii = (b: Uint8Array) => String.fromCharCode(...b)

describe('digits', () => {
  it('writes any 32-bit integer as String does, in as many digits as decimalLength says', () => {
    // Every length's first and last number.
    const edges = [0, 0xffff_ffff, ...Array.from({ length: 9 }, (_, k) => [10 ** (k + 1) - 1, 10 ** (k + 1)]).flat()]
    const check = (v: number) => {
      const n = decimalLength(v)
      const buf = new Uint8Array(n + 2).fill(0x2e)
      writeDigits(buf, 1, v, n)
      expect(ascii(buf)).toBe(`.${v}.`)
    }
    for (const v of edges) check(v)
    fc.assert(fc.property(fc.integer({ min: 0, max: 0xffff_ffff }), check), { seed: 11, numRuns: 2000 })
  })

  it('pads to a fixed width with zeros', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 9 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (width, f) => {
        const v = Math.floor(f * 10 ** width)
        const buf = new Uint8Array(width)
        writeDigits(buf, 0, v, width)
        expect(ascii(buf)).toBe(String(v).padStart(width, '0'))
      }),
      { seed: 12, numRuns: 2000 },
    )
    const buf = new Uint8Array(2)
    for (let v = 0; v < 100; v++) {
      writeTwoDigits(buf, 0, v)
      expect(ascii(buf)).toBe(String(v).padStart(2, '0'))
    }
  })
})
