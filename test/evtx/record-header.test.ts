import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { RECORD_FIELD_OFFSETS, readRecordHeader } from '../../src/evtx/record-header.js'

describe('record header', () => {
  it('derives the field offsets from the binary-parser declaration', () => {
    expect(RECORD_FIELD_OFFSETS).toEqual({ magic: 0, size: 4, recordIdLow: 8, recordIdHigh: 12, writtenLow: 16, writtenHigh: 20 })
  })

  it('direct reads at those offsets agree with the declared parser on any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 24, maxLength: 64 }), fc.nat(40), (bytes, shift) => {
        const at = Math.min(shift, bytes.length - 24)
        const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
        const parsed = readRecordHeader(bytes, at)
        for (const [field, offset] of Object.entries(RECORD_FIELD_OFFSETS)) {
          expect(view.getUint32(at + offset, true)).toBe(parsed[field as keyof typeof parsed])
        }
      }),
      { seed: 3, numRuns: 300 },
    )
  })
})
