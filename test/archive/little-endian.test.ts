import { describe, expect, it } from 'vitest'
import { u16, u32 } from '../../src/archive/little-endian.js'

describe('little-endian reads', () => {
  it('reads unsigned 16- and 32-bit values at an offset, the high bit included', () => {
    const b = Uint8Array.of(0xaa, 0x50, 0x4b, 0x03, 0x04, 0xff, 0xff, 0xff, 0xff)
    expect(u16(b, 1)).toBe(0x4b50)
    expect(u32(b, 1)).toBe(0x04034b50)
    expect(u32(b, 5)).toBe(0xffffffff)
    expect(u16(b, 7)).toBe(0xffff)
  })
})
