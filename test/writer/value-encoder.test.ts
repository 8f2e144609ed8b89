/**
 * Substitution value bytes where the reader is lenient: Bool is the Int32 1 or 0 Windows writes
 * (the reader takes any non-zero byte as true), and `raw` bytes replace the encoding exactly.
 * Numbers a type cannot hold (300 as a UInt8, 1.5 as an Int32, NaN, a SID part past its field)
 * throw instead of being written wrapped; a negative number for an unsigned type is its two's
 * complement, as a negative HRESULT is. Arrays the reader would split differently throw too.
 */
import { describe, expect, it } from 'vitest'
import { ValueType } from '../../src/binxml/value-types.js'
import { encodeSid, encodeValue, type SystemTimeParts, toTicks, val } from '../../src/writer/index.js'

describe('encodeValue', () => {
  it('writes Bool as the Int32 1 or 0', () => {
    expect([...encodeValue(val.bool(true))]).toEqual([1, 0, 0, 0])
    expect([...encodeValue(val.bool(false))]).toEqual([0, 0, 0, 0])
  })

  it('writes raw bytes as they are, for Null and for any other type', () => {
    expect([...encodeValue(val.null(3))]).toEqual([0, 0, 0])
    expect([...encodeValue({ type: ValueType.UInt32, value: 7, raw: Uint8Array.of(1, 2) })]).toEqual([1, 2])
  })

  it('writes a negative number for an unsigned type as its two\'s complement, and the edges of each range', () => {
    expect([...encodeValue(val.hex32(-2146893052))]).toEqual([0x04, 0x03, 0x09, 0x80]) // 0x80090304
    expect([...encodeValue(val.uint32(0xffffffff))]).toEqual([0xff, 0xff, 0xff, 0xff])
    expect([...encodeValue(val.uint8(255))]).toEqual([0xff])
    expect([...encodeValue(val.int16(-32768))]).toEqual([0x00, 0x80])
    expect([...encodeValue(val.uint64(-1n))]).toEqual(Array(8).fill(0xff))
    expect([...encodeValue(val.hex64(0x8000000000000000n))]).toEqual([0, 0, 0, 0, 0, 0, 0, 0x80])
    expect([...encodeValue(val.sizeT(0xffffffff, 4))]).toEqual([0xff, 0xff, 0xff, 0xff])
  })

  it('refuses integers their type cannot hold instead of wrapping them', () => {
    expect(() => encodeValue(val.uint8(300))).toThrowError(new RangeError('value of type 0x04: 300 does not fit in 8 bits'))
    expect(() => encodeValue(val.int8(-129))).toThrow(RangeError)
    expect(() => encodeValue(val.uint16(65536))).toThrow(RangeError)
    expect(() => encodeValue(val.uint32(2 ** 32 + 5))).toThrowError(new RangeError('value of type 0x08: 4294967301 does not fit in 32 bits'))
    expect(() => encodeValue(val.hex32(-(2 ** 31) - 1))).toThrow(RangeError)
    expect(() => encodeValue(val.int64(2n ** 64n + 1n))).toThrow(RangeError)
    expect(() => encodeValue(val.sizeT(2n ** 32n, 4))).toThrow(RangeError)
    expect(() => encodeValue({ type: ValueType.Bool, value: 2 ** 40 })).toThrow(RangeError)
  })

  it('refuses numbers that are not integers for integer types', () => {
    expect(() => encodeValue(val.int32(1.5))).toThrowError(new TypeError('value of type 0x07: expected an integer, got 1.5'))
    expect(() => encodeValue(val.uint32(Number.NaN))).toThrowError(new TypeError('value of type 0x08: expected an integer, got NaN'))
    expect(() => encodeValue(val.hex32(Number.POSITIVE_INFINITY))).toThrow(TypeError)
  })

  it('refuses SYSTEMTIME parts and FILETIME ticks their fields cannot hold', () => {
    const time: SystemTimeParts = { year: 2026, month: 11, dayOfWeek: 3, day: 18, hour: 9, minute: 5, second: 0, milliseconds: 0 }
    expect(encodeValue(val.systemtime(time)).length).toBe(16)
    expect(() => encodeValue(val.systemtime({ ...time, year: 70000 }))).toThrowError(new RangeError('value of type 0x12: SYSTEMTIME part 0 is 70000, not a u16 (0-65535)'))
    expect(() => encodeValue(val.systemtime({ ...time, minute: -1 }))).toThrow(RangeError)
    expect(() => encodeValue(val.systemtime({ ...time, second: 1.5 }))).toThrow(RangeError)
    expect(() => toTicks(-1n)).toThrowError(new RangeError('FILETIME ticks -1 do not fit in 64 bits'))
    expect(() => toTicks(2n ** 64n)).toThrow(RangeError)
    expect(toTicks(2n ** 64n - 1n)).toBe(2n ** 64n - 1n)
  })
})

describe('encodeValue arrays', () => {
  it('refuses arrays the reader could only split differently: Binary items, and string items holding a NUL', () => {
    expect(() => encodeValue(val.array(ValueType.Binary, [Uint8Array.of(1), Uint8Array.of(2)]))).toThrow(/0x8e: Binary items have no size or terminator/)
    expect(() => encodeValue(val.array(ValueType.String, ['a', 'b\u0000c']))).toThrowError(new TypeError('value of type 0x81: item "b\\u0000c" holds a NUL, which ends an array item'))
    expect(() => encodeValue(val.array(ValueType.AnsiString, ['a\u0000']))).toThrow(TypeError)
    expect([...encodeValue(val.array(ValueType.String, ['a', '']))]).toEqual([0x61, 0, 0, 0, 0, 0])
  })
})

describe('encodeSid', () => {
  it('writes the largest revision, authority, sub-authority and count the bytes hold', () => {
    expect([...encodeSid('S-255-281474976710655-4294967295')]).toEqual([255, 1, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff])
    expect(encodeSid(`S-1-5${'-1'.repeat(255)}`)[1]).toBe(255)
  })

  it('refuses a SID part its field cannot hold instead of wrapping it', () => {
    expect(() => encodeSid('S-1-5-4294967296')).toThrowError(new RangeError('SID S-1-5-4294967296: a sub-authority does not fit in 32 bits'))
    expect(() => encodeSid(`S-1-5${'-1'.repeat(256)}`)).toThrow(/256 sub-authorities do not fit an 8-bit count/)
    expect(() => encodeSid('S-256-5-1')).toThrowError(new RangeError('SID S-256-5-1: its revision does not fit in 8 bits'))
    expect(() => encodeSid('S-1-281474976710656-1')).toThrow(/identifier authority does not fit in 48 bits/)
  })
})
