/**
 * The 512-byte chunk header, declared with binary-parser.
 *
 * | off | size | field                                             |
 * |-----|------|---------------------------------------------------|
 * | 0   | 8    | signature `ElfChnk\0`                             |
 * | 8   | 8    | first event record number                         |
 * | 16  | 8    | last event record number                          |
 * | 24  | 8    | first event record id                             |
 * | 32  | 8    | last event record id                              |
 * | 40  | 4    | header size (128)                                 |
 * | 44  | 4    | last event record data offset (chunk-relative)    |
 * | 48  | 4    | free space offset (end of record data; may lie)   |
 * | 52  | 4    | CRC-32 of the event records [512, free space)     |
 * | 56  | 64   | unknown                                           |
 * | 120 | 4    | chunk flags (0x1 set in every real chunk; 0x4 no CRC) |
 * | 124 | 4    | header CRC-32 over [0,120) ‖ [128,512)            |
 * | 128 | 256  | common string table: 64 × u32 name offsets        |
 * | 384 | 128  | template pointer table: 32 × u32 definition offsets |
 */
import { Parser } from 'binary-parser'
import { crc32 } from '../binary/crc32.js'
import { EvtxError, EvtxErrorCode } from '../errors.js'
import { CHUNK_HEADER_SIZE, CHUNK_SIZE, ChunkFlags } from './constants.js'

const chunkHeaderLayout = new Parser()
  .endianness('little')
  .buffer('signature', { length: 8 })
  .uint64('firstRecordNumber')
  .uint64('lastRecordNumber')
  .uint64('firstRecordId')
  .uint64('lastRecordId')
  .uint32('headerSize')
  .uint32('lastRecordOffset')
  .uint32('freeSpaceOffset')
  .uint32('dataChecksum')
  .seek(64)
  .uint32('flags')
  .uint32('headerChecksum')
  .array('stringTable', { type: 'uint32le', length: 64 })
  .array('templateTable', { type: 'uint32le', length: 32 })

interface RawChunkHeader {
  firstRecordNumber: bigint
  lastRecordNumber: bigint
  firstRecordId: bigint
  lastRecordId: bigint
  headerSize: number
  lastRecordOffset: number
  freeSpaceOffset: number
  dataChecksum: number
  flags: number
  headerChecksum: number
  stringTable: number[]
  templateTable: number[]
}

export interface ChunkHeader {
  readonly firstRecordNumber: bigint
  readonly lastRecordNumber: bigint
  readonly firstRecordId: bigint
  readonly lastRecordId: bigint
  readonly headerSize: number
  readonly lastRecordOffset: number
  readonly freeSpaceOffset: number
  readonly dataChecksum: number
  readonly flags: number
  readonly noCrc32: boolean
  readonly headerChecksum: number
  readonly stringTable: readonly number[]
  readonly templateTable: readonly number[]
}

/**
 * Reads the chunk header of a 64 KiB chunk (the caller has checked the magic).
 * @throws {EvtxError} EVTX_CHUNK_TRUNCATED when fewer than 512 bytes are given
 */
export function readChunkHeader(chunk: Uint8Array): ChunkHeader {
  if (chunk.length < CHUNK_HEADER_SIZE) {
    throw new EvtxError(
      EvtxErrorCode.ChunkTruncated,
      `chunk header needs ${CHUNK_HEADER_SIZE} bytes, have ${chunk.length}`,
    )
  }
  const raw = chunkHeaderLayout.parse(chunk.subarray(0, CHUNK_HEADER_SIZE)) as RawChunkHeader
  return {
    firstRecordNumber: raw.firstRecordNumber,
    lastRecordNumber: raw.lastRecordNumber,
    firstRecordId: raw.firstRecordId,
    lastRecordId: raw.lastRecordId,
    headerSize: raw.headerSize,
    lastRecordOffset: raw.lastRecordOffset,
    freeSpaceOffset: raw.freeSpaceOffset,
    dataChecksum: raw.dataChecksum,
    flags: raw.flags,
    noCrc32: (raw.flags & ChunkFlags.NoCrc32) !== 0,
    headerChecksum: raw.headerChecksum,
    stringTable: raw.stringTable,
    templateTable: raw.templateTable,
  }
}

/** CRC-32 of the chunk header as Windows computes it: [0,120) followed by [128,512). */
export function computeChunkHeaderChecksum(chunk: Uint8Array): number {
  return crc32(chunk, 128, CHUNK_HEADER_SIZE, crc32(chunk, 0, 120))
}

/** CRC-32 of the record data [512, end), with `end` clamped into the chunk. */
export function computeChunkDataChecksum(chunk: Uint8Array, freeSpaceOffset: number): number {
  const end = Math.max(CHUNK_HEADER_SIZE, Math.min(freeSpaceOffset, CHUNK_SIZE, chunk.length))
  return crc32(chunk, CHUNK_HEADER_SIZE, end)
}
