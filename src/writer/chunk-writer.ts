/**
 * One 64 KiB chunk: records appended until the next one does not fit, then the header.
 *
 * Header fields written as Windows writes them: first/last record number and id (numbers equal
 * ids, as in real logs), header size 128, last-record offset, free-space offset (end of the last
 * record), CRC-32 of the record data [512, free space), flags 0x1 (set in every real chunk), the
 * header CRC-32 over [0,120) ‖ [128,512), the 64-bucket string table and 32-bucket template table.
 * Unused space after the last record is zero, as in a fresh chunk.
 * Ref: ../shared/docs/evtx-format.md c.3.
 */
import { crc32 } from '../binary/crc32.js'
import { encodeGuid } from '../binary/guid.js'
import { computeChunkHeaderChecksum } from '../evtx/chunk-header.js'
import { CHUNK_HEADER_SIZE, CHUNK_MAGIC, CHUNK_SIZE, ChunkFlags } from '../evtx/constants.js'
import type { WriterRecord } from './model.js'
import { encodeRecord } from './record-writer.js'
import { StringTable } from './string-table.js'
import { TemplateTable, templateBucket } from './template-table.js'

export interface ChunkWriterOptions {
  /**
   * Stop filling at this chunk offset instead of 65536 (a test knob for small chunks; Windows
   * always fills up to the chunk end).
   */
  readonly fillLimit?: number
  /** Close the chunk after this many records (a test knob for many chunks; Windows fills by space). */
  readonly maxRecords?: number
  /** Chunk flags (default 0x1, as in every real chunk). */
  readonly flags?: number
}

/** Summary of a finished chunk. */
export interface ChunkSummary {
  readonly firstRecordId: bigint
  readonly lastRecordId: bigint
  readonly recordCount: number
  readonly lastRecordOffset: number
  readonly freeSpaceOffset: number
}

/** Bytes a chunk always keeps free after its last record. */
const MIN_FREE_BYTES = 8

function guidBucket(guid: string): number {
  const bytes = new Uint8Array(16)
  encodeGuid(guid, bytes, 0)
  return templateBucket(bytes)
}

export class ChunkWriter {
  readonly bytes = new Uint8Array(CHUNK_SIZE)
  private readonly view = new DataView(this.bytes.buffer)
  private readonly names = new StringTable()
  private readonly templates = new TemplateTable(guidBucket)
  private readonly limit: number
  private readonly flags: number
  private readonly maxRecords: number
  private offset = CHUNK_HEADER_SIZE
  private lastOffset = 0
  private firstId: bigint | undefined
  private lastId = 0n
  private count = 0

  /** @throws {RangeError} when maxRecords is below 1 or fillLimit is not a number (no record could ever be added) */
  constructor(options: ChunkWriterOptions = {}) {
    if (options.maxRecords !== undefined && !(options.maxRecords >= 1)) throw new RangeError(`maxRecords must be at least 1, got ${options.maxRecords}`)
    if (options.fillLimit !== undefined && Number.isNaN(options.fillLimit)) throw new RangeError('fillLimit must be a number, got NaN')
    this.limit = Math.min(CHUNK_SIZE, options.fillLimit ?? CHUNK_SIZE)
    this.flags = options.flags ?? ChunkFlags.Dirty
    this.maxRecords = options.maxRecords ?? Number.POSITIVE_INFINITY
  }

  get recordCount(): number {
    return this.count
  }

  /**
   * Appends a record if it fits; returns false (and leaves the chunk unchanged) if it does not.
   * A record that throws leaves the chunk unchanged too.
   * @throws {RangeError} when the record would not fit even in an empty chunk
   * @throws {TypeError} when the record is malformed
   */
  tryAdd(record: WriterRecord): boolean {
    if (this.count >= this.maxRecords) return false
    const tables = { names: this.names, templates: this.templates }
    let bytes: Uint8Array
    try {
      bytes = encodeRecord(tables, record, this.offset)
    } catch (e) {
      // A malformed record leaves nothing behind: a later record must not refer to its names.
      this.names.rollback()
      this.templates.rollback()
      throw e
    }
    // Windows never fills a chunk to its last byte (smallest gap in 567 real chunks: 8 bytes),
    // and libevtx drops a record that ends exactly at the chunk end: keep at least 8 bytes free.
    if (this.offset + bytes.length > this.limit - MIN_FREE_BYTES) {
      this.names.rollback()
      this.templates.rollback()
      if (this.count === 0) {
        throw new RangeError(`record ${record.recordId} is ${bytes.length} bytes and does not fit in an empty chunk (${this.limit - CHUNK_HEADER_SIZE - MIN_FREE_BYTES} bytes of record space)`)
      }
      return false
    }
    this.bytes.set(bytes, this.offset)
    const setNext = (at: number, next: number) => this.view.setUint32(at, next, true)
    this.names.commit(setNext)
    this.templates.commit(setNext)
    this.lastOffset = this.offset
    this.offset += bytes.length
    const id = BigInt(record.recordId)
    this.firstId ??= id
    this.lastId = id
    this.count++
    return true
  }

  /** Writes the header and returns the chunk's 65536 bytes and a summary. */
  finish(): { bytes: Uint8Array; summary: ChunkSummary } {
    const b = this.bytes
    const v = this.view
    const first = this.firstId ?? 0n
    b.set(CHUNK_MAGIC, 0)
    v.setBigUint64(8, first, true)
    v.setBigUint64(16, this.lastId, true)
    v.setBigUint64(24, first, true)
    v.setBigUint64(32, this.lastId, true)
    v.setUint32(40, 128, true)
    v.setUint32(44, this.lastOffset, true)
    v.setUint32(48, this.offset, true)
    v.setUint32(52, crc32(b, CHUNK_HEADER_SIZE, this.offset), true)
    v.setUint32(120, this.flags, true)
    this.names.heads.forEach((h, i) => v.setUint32(128 + 4 * i, h, true))
    this.templates.heads.forEach((h, i) => v.setUint32(384 + 4 * i, h, true))
    v.setUint32(124, computeChunkHeaderChecksum(b), true)
    return {
      bytes: b,
      summary: {
        firstRecordId: first,
        lastRecordId: this.lastId,
        recordCount: this.count,
        lastRecordOffset: this.lastOffset,
        freeSpaceOffset: this.offset,
      },
    }
  }
}
