/**
 * Value type tables: which types are decoded, and the item widths arrays are split by.
 */
import { describe, expect, it } from 'vitest'
import { fixedWidth, isKnownValueType, ValueType } from '../../src/binxml/value-types.js'

describe('isKnownValueType', () => {
  it('knows scalars 0x00-0x15, BinXml, and arrays of 0x01-0x15, up to HexInt64 arrays', () => {
    const known = [0x00, 0x15, ValueType.BinXml, 0x81, 0x95]
    const unknown = [0x16, ValueType.EvtHandle, ValueType.EvtXml, 0x80, 0x96, 0xa1]
    expect(known.map(isKnownValueType)).toEqual(known.map(() => true))
    expect(unknown.map(isKnownValueType)).toEqual(unknown.map(() => false))
  })
})

describe('fixedWidth', () => {
  it('gives Bool items 4 bytes, variable-size types 0 and unknown ones -1', () => {
    expect([ValueType.Bool, ValueType.SizeT, ValueType.Sid, 0x16].map(fixedWidth)).toEqual([4, 0, 0, -1])
  })
})
