import { describe, expect, it } from 'vitest'
import { compareField, compareNumbers, numberLiteral, parseNumber, stringLiteral, toBits } from '../../src/query/values.js'

describe('literal types (by syntax, as MS-EVEN6 types them)', () => {
  it('reads times, GUIDs and SIDs out of quoted strings, and leaves other text as text', () => {
    expect(stringLiteral('2026-11-20T08:00:00.000Z').type).toBe('time')
    expect(stringLiteral('{1F678132-5938-4686-9FDC-C8FF68F15C85}')).toMatchObject({ type: 'guid', norm: '1f678132-5938-4686-9fdc-c8ff68f15c85' })
    expect(stringLiteral('s-1-5-18')).toMatchObject({ type: 'sid', norm: 'S-1-5-18' })
    expect(stringLiteral('1058').type).toBe('string')
    expect(stringLiteral('2026-13-01T00:00:00Z').type).toBe('string')
  })

  it('parses decimal and 0x numbers, exact for integers', () => {
    expect(parseNumber(' 1058 ')).toEqual({ value: 1058, int: 1058n })
    expect(parseNumber('0x8000000000000001')?.int).toBe(0x8000000000000001n)
    expect(parseNumber('5.')?.int).toBe(5n)
    expect(parseNumber('0.5')).toEqual({ value: 0.5, int: undefined })
    expect(parseNumber('1e3')).toBeUndefined()
    expect(parseNumber('')).toBeUndefined()
    expect(numberLiteral('abc')).toMatchObject({ num: { value: Number.NaN } })
  })
})

describe('compareField', () => {
  it('compares 64-bit integers exactly, beyond double precision', () => {
    expect(compareField('0x8000000000000001', '>', numberLiteral('0x8000000000000000'))).toBe(true)
    expect(compareField('9223372036854775809', '=', numberLiteral('9223372036854775808'))).toBe(false)
    expect(compareNumbers({ value: 1, int: 1n }, '<', { value: 1.5, int: undefined })).toBe(true)
  })

  it('treats a field that is not a number as NaN: only != holds', () => {
    for (const op of ['=', '<', '<=', '>', '>='] as const) expect(compareField('server', op, numberLiteral('1'))).toBe(false)
    expect(compareField('server', '!=', numberLiteral('1'))).toBe(true)
  })

  it('never matches a typed literal with a field that is not of its type, not even with !=', () => {
    expect(compareField('not a time', '!=', stringLiteral('2026-11-20T08:00:00Z'))).toBe(false)
    expect(compareField('x', '!=', stringLiteral('S-1-5-18'))).toBe(false)
    expect(compareField('2026-11-20T08:00:00.0000001Z', '>', stringLiteral('2026-11-20T08:00:00Z'))).toBe(true)
  })

  it('compares GUIDs and SIDs whatever their case, as values', () => {
    expect(compareField('{1F678132-5938-4686-9FDC-C8FF68F15C85}', '=', stringLiteral('{1f678132-5938-4686-9fdc-c8ff68f15c85}'))).toBe(true)
    expect(compareField('{1f678132-5938-4686-9fdc-c8ff68f15c85}', '=', stringLiteral('{1F678132-5938-4686-9FDC-C8FF68F15C85}'))).toBe(true)
    expect(compareField('s-1-5-18', '=', stringLiteral('S-1-5-18'))).toBe(true)
    expect(compareField('S-1-5-20', '=', stringLiteral('s-1-5-18'))).toBe(false)
  })

  it('compares text exactly for = and != and as numbers otherwise', () => {
    expect(compareField('Schannel', '=', stringLiteral(' Schannel '))).toBe(false)
    expect(compareField('10', '<', stringLiteral('9'))).toBe(false)
    expect(compareField('b', '>', stringLiteral('a'))).toBe(false)
  })

  it('reads band() bit fields from decimal or hexadecimal integers only', () => {
    expect(toBits('0x80000000000000')).toBe(0x80000000000000n)
    expect(toBits('-1')).toBe(0xffffffffffffffffn)
    expect(toBits('1.5')).toBeUndefined()
  })
})
