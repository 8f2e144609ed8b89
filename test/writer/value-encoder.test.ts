/**
 * Substitution value bytes where the reader is lenient: Bool is the Int32 1 or 0 Windows writes
 * (the reader takes any non-zero byte as true), and `raw` bytes replace the encoding exactly.
 */
import { describe, expect, it } from 'vitest'
import { ValueType } from '../../src/binxml/value-types.js'
import { encodeValue, val } from '../../src/writer/index.js'

describe('encodeValue', () => {
  it('writes Bool as the Int32 1 or 0', () => {
    expect([...encodeValue(val.bool(true))]).toEqual([1, 0, 0, 0])
    expect([...encodeValue(val.bool(false))]).toEqual([0, 0, 0, 0])
  })

  it('writes raw bytes as they are, for Null and for any other type', () => {
    expect([...encodeValue(val.null(3))]).toEqual([0, 0, 0])
    expect([...encodeValue({ type: ValueType.UInt32, value: 7, raw: Uint8Array.of(1, 2) })]).toEqual([1, 2])
  })
})
