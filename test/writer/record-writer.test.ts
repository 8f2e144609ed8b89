/** The record header (src/writer/record-writer.ts): a record id or written time a u64 cannot hold throws instead of being written wrapped. */
import { describe, expect, it } from 'vitest'
import { buildEvtx, doc, el, instance, sub, val, type WriterRecord } from '../../src/writer/index.js'

const template = { guid: '{00000000-0000-0000-0000-0000000000e1}', body: [el('Event', [], [sub(0, 0x01)])] }
const record = (recordId: number | bigint, written: bigint = 134_080_000_000_000_000n): WriterRecord => ({ recordId, written, document: doc([instance(template, [val.string('x')])]) })

describe('encodeRecord', () => {
  it('refuses a record id or written time a u64 cannot hold', () => {
    expect(() => buildEvtx([record(-1)])).toThrowError(new RangeError('record id -1 does not fit in 64 bits'))
    expect(() => buildEvtx([record(2n ** 64n)])).toThrow(RangeError)
    expect(() => buildEvtx([record(1, -5n)])).toThrowError(new RangeError('FILETIME ticks -5 do not fit in 64 bits'))
    expect(buildEvtx([record(2n ** 64n - 2n)]).header.nextRecordId).toBe(2n ** 64n - 1n)
  })
})
