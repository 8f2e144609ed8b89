/**
 * The byte writers of render/scalar-bytes.ts give exactly the text of `scalarText` (the string
 * formatter every other output uses) for every type they handle, at every size, and write
 * nothing when they hand a value back.
 */
import { fc, test } from '@fast-check/vitest'
import { describe, expect, it } from 'vitest'
import { ValueTable } from '../../src/binxml/value-table.js'
import { ValueType } from '../../src/binxml/value-types.js'
import { scalarText } from '../../src/binxml/values.js'
import { ByteSink } from '../../src/render/byte-sink.js'
import { writeScalarBytes } from '../../src/render/scalar-bytes.js'
import { PROPERTY_SEED, propertyRuns } from '../helpers/properties.js'

const HANDLED = [
  ValueType.FileTime,
  ValueType.HexInt64,
  ValueType.HexInt32,
  ValueType.SizeT,
  ValueType.Guid,
  ValueType.Binary,
  ValueType.Sid,
  ValueType.Int8,
  ValueType.Int16,
  ValueType.Int32,
  ValueType.UInt64,
]

/** A value table holding one value of `type` whose bytes are `data`, placed after a prefix. */
function table(type: number, data: Uint8Array): ValueTable {
  const bytes = new Uint8Array(8 + 4 + data.length)
  bytes[0] = 1 // count
  bytes[4] = data.length & 0xff
  bytes[5] = data.length >> 8
  bytes[6] = type
  bytes.set(data, 8)
  const offsets = Int32Array.of(0, 0, 0, 8, 8 + data.length)
  return new ValueTable(bytes, new DataView(bytes.buffer), 1, 4, offsets, 3, 'windows-1252')
}

function written(type: number, data: Uint8Array): { handled: boolean; text: string } {
  const vt = table(type, data)
  const sink = new ByteSink(4)
  sink.byte(0x3e) // something before, to check the writer appends
  const handled = writeScalarBytes(sink, vt, type, vt.offset(0), vt.size(0))
  return { handled, text: new TextDecoder().decode(sink.view()).slice(1) }
}

describe('writeScalarBytes', () => {
  it('writes the values of a real System element as scalarText does', () => {
    const filetime = Uint8Array.of(0x6d, 0x3c, 0x58, 0x92, 0x8e, 0x59, 0xd9, 0x01)
    const keywords = Uint8Array.of(0, 0, 0, 0, 0, 0, 0x80, 0x80)
    const system = Uint8Array.of(1, 1, 0, 0, 0, 0, 0, 5, 18, 0, 0, 0)
    for (const [type, data, expected] of [
      [ValueType.FileTime, filetime, scalarText(table(ValueType.FileTime, filetime), ValueType.FileTime, 8, 8)],
      [ValueType.HexInt64, keywords, '0x8080000000000000'],
      [ValueType.Sid, system, 'S-1-5-18'],
      [ValueType.HexInt32, Uint8Array.of(0, 0, 0, 0), '0x0'],
    ] as const) {
      expect(written(type, data)).toEqual({ handled: true, text: expected })
    }
    expect(written(ValueType.FileTime, filetime).text).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z$/)
  })

  it('writes hex numbers of every length as scalarText does', () => {
    // The first and last value of each digit count, in either 32-bit half of a HexInt64.
    const values = [0n, ...Array.from({ length: 16 }, (_, k) => [(1n << BigInt(4 * k + 4)) - 1n, 1n << BigInt(4 * k)]).flat()].filter((v) => v < 1n << 64n)
    for (const v of values) {
      const data = new Uint8Array(8)
      new DataView(data.buffer).setBigUint64(0, v, true)
      for (const type of [ValueType.HexInt64, ValueType.HexInt32]) {
        if (type === ValueType.HexInt32 && v >= 1n << 32n) continue
        const bytes = type === ValueType.HexInt32 ? data.subarray(0, 4) : data
        const vt = table(type, bytes)
        expect(written(type, bytes)).toEqual({ handled: true, text: scalarText(vt, type, vt.offset(0), vt.size(0)) })
        expect(written(type, bytes).text).toBe(`0x${v.toString(16)}`)
      }
    }
  })

  it('hands back the values at the edge of what it formats: a SID authority of 2^32, a UInt64 of 2^53 or more', () => {
    // Authority 0x000100000000 is written as hex by scalarText (`S-1-0x000100000000-5`).
    const sid = Uint8Array.of(1, 1, 0, 1, 0, 0, 0, 0, 5, 0, 0, 0)
    expect(written(ValueType.Sid, sid)).toEqual({ handled: false, text: '' })
    expect(scalarText(table(ValueType.Sid, sid), ValueType.Sid, 8, 12)).toBe('S-1-0x000100000000-5')
    const below = Uint8Array.of(1, 1, 0, 0, 0xff, 0xff, 0xff, 0xff, 5, 0, 0, 0)
    expect(written(ValueType.Sid, below)).toEqual({ handled: true, text: 'S-1-4294967295-5' })
    // 2^53 + 1 is not a float64: the string formatter's BigInt path keeps its last digit.
    const big = new Uint8Array(8)
    new DataView(big.buffer).setBigUint64(0, 2n ** 53n + 1n, true)
    expect(written(ValueType.UInt64, big)).toEqual({ handled: false, text: '' })
    expect(scalarText(table(ValueType.UInt64, big), ValueType.UInt64, 8, 8)).toBe('9007199254740993')
    new DataView(big.buffer).setBigUint64(0, 2n ** 53n - 1n, true)
    expect(written(ValueType.UInt64, big)).toEqual({ handled: true, text: '9007199254740991' })
  })

  it('hands back types it does not handle, writing nothing', () => {
    for (const type of [ValueType.String, ValueType.AnsiString, ValueType.Real64, ValueType.Bool, ValueType.UInt32]) {
      expect(written(type, Uint8Array.of(0x41, 0, 0x42, 0))).toEqual({ handled: false, text: '' })
    }
  })

  test.prop([fc.constantFrom(...HANDLED), fc.uint8Array({ minLength: 0, maxLength: 40 })], { seed: PROPERTY_SEED, numRuns: propertyRuns(2000) })(
    'equals scalarText for every handled type and size, or writes nothing',
    (type, data) => {
      const vt = table(type, data)
      const { handled, text } = written(type, data)
      if (handled) expect(text).toBe(scalarText(vt, type, vt.offset(0), vt.size(0)))
      else expect(text).toBe('')
    },
  )

  test.prop([fc.bigInt({ min: 0n, max: (1n << 64n) - 1n })], { seed: PROPERTY_SEED, numRuns: propertyRuns(2000) })(
    'FILETIMEs over the whole 64-bit range, five-digit years included, and 64-bit integers',
    (v) => {
      const data = new Uint8Array(8)
      new DataView(data.buffer).setBigUint64(0, v, true)
      for (const type of [ValueType.FileTime, ValueType.UInt64, ValueType.HexInt64, ValueType.SizeT]) {
        const vt = table(type, data)
        const { handled, text } = written(type, data)
        if (handled) expect(text).toBe(scalarText(vt, type, 8, 8))
      }
    },
  )
})
