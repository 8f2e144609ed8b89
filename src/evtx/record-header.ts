/**
 * The 24-byte event record header, declared with binary-parser.
 *
 * | off    | size | field                                      |
 * |--------|------|--------------------------------------------|
 * | 0      | 4    | signature `**\0\0`                         |
 * | 4      | 4    | size of the whole record (≥ 28)            |
 * | 8      | 8    | event record id                            |
 * | 16     | 8    | written time (FILETIME)                    |
 * | 24     | n-28 | BinXML document                            |
 * | size-4 | 4    | copy of size                               |
 */
import { Parser } from 'binary-parser'
import { RECORD_HEADER_SIZE } from './constants.js'

const recordHeaderLayout = new Parser()
  .endianness('little')
  .uint32('magic')
  .uint32('size')
  .uint32('recordIdLow')
  .uint32('recordIdHigh')
  .uint32('writtenLow')
  .uint32('writtenHigh')

export interface RecordHeader {
  magic: number
  size: number
  recordIdLow: number
  recordIdHigh: number
  writtenLow: number
  writtenHigh: number
}

/** Reads the record header at `at` inside a chunk (the caller has checked 24 bytes are there). */
export function readRecordHeader(chunk: Uint8Array, at: number): RecordHeader {
  return recordHeaderLayout.parse(chunk.subarray(at, at + RECORD_HEADER_SIZE)) as RecordHeader
}
