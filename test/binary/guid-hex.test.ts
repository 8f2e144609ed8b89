import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { encodeGuid, formatGuid } from '../../src/binary/guid.js'
import { hex32, hex64, hexUpper } from '../../src/binary/hex.js'

describe('GUID', () => {
  it('renders mixed-endian fields, braced and lowercase', () => {
    const b = Uint8Array.of(0x25, 0x96, 0x84, 0x54, 0x78, 0x54, 0x94, 0x49, 0xa5, 0xba, 0x3e, 0x3b, 0x03, 0x28, 0xc3, 0x0d)
    expect(formatGuid(b, 0)).toBe('{54849625-5478-4994-a5ba-3e3b0328c30d}')
  })

  it('round-trips any GUID text', () => {
    fc.assert(
      fc.property(fc.uuid(), (u) => {
        const b = new Uint8Array(16)
        expect(encodeGuid(u, b, 0)).toBe(true)
        expect(formatGuid(b, 0)).toBe(`{${u.toLowerCase()}}`)
      }),
      { seed: 1, numRuns: 200 },
    )
    expect(encodeGuid('not a guid', new Uint8Array(16), 0)).toBe(false)
  })
})

describe('hex', () => {
  it('renders Binary uppercase without separators and hex integers without padding', () => {
    expect(hexUpper(Uint8Array.of(0xd9, 0x06, 0x00, 0x00))).toBe('D9060000')
    expect(hex32(0x488fe7)).toBe('0x488fe7')
    expect(hex64(0, 0x80200000)).toBe('0x8020000000000000')
    expect(hex64(0x3e7, 0)).toBe('0x3e7')
    expect(hex64(0x1, 0x1)).toBe('0x100000001')
  })
})
