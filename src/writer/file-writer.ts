/**
 * Whole EVTX files: the 4096-byte file header block followed by chunks filled in record order.
 *
 * The file header is written as a cleanly closed log has it: first chunk 0, last chunk n−1,
 * next record id = last id + 1, header size 128, version 3.minor (2 by default, as Windows 10
 * 2004 and later write; 1 for older builds), block size 4096, chunk count n, flags 0 and the
 * CRC-32 of bytes [0,120). damage.ts turns a clean file into the broken shapes found in the wild.
 * Ref: ../shared/docs/evtx-format.md c.1-c.2.
 */
import { crc32 } from '../binary/crc32.js'
import { CHUNK_SIZE, FILE_HEADER_BLOCK_SIZE, FILE_HEADER_SIZE, FILE_MAGIC } from '../evtx/constants.js'
import { type ChunkSummary, ChunkWriter, type ChunkWriterOptions } from './chunk-writer.js'
import type { WriterRecord } from './model.js'

export interface FileHeaderFields {
  readonly firstChunkNumber: bigint | number
  readonly lastChunkNumber: bigint | number
  readonly nextRecordId: bigint | number
  readonly minorVersion: number
  readonly chunkCount: number
  readonly flags: number
}

export interface WriteEvtxOptions extends ChunkWriterOptions {
  /** Format minor version in the file header (default 2). */
  readonly minorVersion?: 1 | 2
  /** File header flags (default 0: closed cleanly; 0x1 dirty, 0x2 full, 0x4 no CRC). */
  readonly fileFlags?: number
}

/** Where each chunk of a written file went and what it holds. */
export interface WrittenChunk extends ChunkSummary {
  readonly index: number
  readonly fileOffset: number
}

export interface WrittenEvtx {
  readonly bytes: Uint8Array
  readonly chunks: readonly WrittenChunk[]
  readonly header: FileHeaderFields
}

/** The 4096-byte file header block. */
export function encodeFileHeader(h: FileHeaderFields): Uint8Array {
  const out = new Uint8Array(FILE_HEADER_BLOCK_SIZE)
  const v = new DataView(out.buffer)
  out.set(FILE_MAGIC, 0)
  v.setBigUint64(8, BigInt(h.firstChunkNumber), true)
  v.setBigUint64(16, BigInt(h.lastChunkNumber), true)
  v.setBigUint64(24, BigInt(h.nextRecordId), true)
  v.setUint32(32, FILE_HEADER_SIZE, true)
  v.setUint16(36, h.minorVersion, true)
  v.setUint16(38, 3, true)
  v.setUint16(40, FILE_HEADER_BLOCK_SIZE, true)
  v.setUint16(42, h.chunkCount & 0xffff, true)
  v.setUint32(120, h.flags, true)
  v.setUint32(124, crc32(out, 0, 120), true)
  return out
}

/**
 * Writes records into chunks (a new chunk whenever the next record does not fit) and returns the
 * file with its layout.
 * @throws {RangeError} when one record does not fit even in an empty chunk
 * @throws {TypeError} when an event or value is malformed
 */
export function buildEvtx(records: Iterable<WriterRecord>, options: WriteEvtxOptions = {}): WrittenEvtx {
  const chunks: Uint8Array[] = []
  const layout: WrittenChunk[] = []
  let current = new ChunkWriter(options)
  const flush = () => {
    const { bytes, summary } = current.finish()
    layout.push({ ...summary, index: chunks.length, fileOffset: FILE_HEADER_BLOCK_SIZE + chunks.length * CHUNK_SIZE })
    chunks.push(bytes)
  }
  for (const record of records) {
    if (current.tryAdd(record)) continue
    flush()
    current = new ChunkWriter(options)
    current.tryAdd(record)
  }
  if (current.recordCount > 0) flush()
  const last = layout[layout.length - 1]
  const header: FileHeaderFields = {
    firstChunkNumber: 0,
    lastChunkNumber: Math.max(0, layout.length - 1),
    nextRecordId: last === undefined ? 1n : last.lastRecordId + 1n,
    minorVersion: options.minorVersion ?? 2,
    chunkCount: layout.length,
    flags: options.fileFlags ?? 0,
  }
  const bytes = new Uint8Array(FILE_HEADER_BLOCK_SIZE + chunks.length * CHUNK_SIZE)
  bytes.set(encodeFileHeader(header), 0)
  chunks.forEach((c, i) => bytes.set(c, FILE_HEADER_BLOCK_SIZE + i * CHUNK_SIZE))
  return { bytes, chunks: layout, header }
}

/** Writes records as a complete EVTX file. See {@link buildEvtx}. */
export function writeEvtx(records: Iterable<WriterRecord>, options: WriteEvtxOptions = {}): Uint8Array {
  return buildEvtx(records, options).bytes
}

/**
 * Writes records into one chunk.
 * @throws {RangeError} when they do not all fit
 */
export function writeChunk(records: Iterable<WriterRecord>, options: ChunkWriterOptions = {}): Uint8Array {
  const w = new ChunkWriter(options)
  for (const r of records) {
    if (!w.tryAdd(r)) throw new RangeError(`record ${r.recordId} does not fit in the chunk after ${w.recordCount} records`)
  }
  return w.finish().bytes
}
