/**
 * The file-level walk shared by the synchronous and streaming readers.
 *
 * It reads the file header once, reports what the header gets wrong (dirty flag, CRC, stale
 * counts), and then reads every 64 KiB block handed to it, whatever the header's chunk count
 * says: dirty files hold chunks past it, and those hold the newest records. At the end it reports
 * what the header vouches for and the file lacks (completeness.ts): a copy cut short.
 *
 * A header without the `ElfFile\0` signature (a zeroed first sector of a copy, a flipped byte)
 * does not end the reading when the first block that is not all zeros is a chunk, or a chunk
 * whose header was lost to zeros too (whole records after them): that is reported as an error and
 * the chunks are read, since they hold everything (a copy that lost its first sectors can have
 * lost part or all of the first chunk too). Otherwise the input is not EVTX and the
 * signature error is thrown, before any record or diagnostic.
 */
import { EvtxError, EvtxErrorCode } from '../errors.js'
import { readChunkBlock } from './chunk.js'
import { headerFromRecords } from './chunk-gaps.js'
import { describeMissing } from './completeness.js'
import { CHUNK_MAGIC, CHUNK_SIZE, FILE_HEADER_BLOCK_SIZE, hasMagic, isAllZero } from './constants.js'
import { describeMagic, type EvtxFileHeader, readFileHeader } from './file-header.js'
import type { ReaderContext } from './options.js'
import type { EvtxRecord } from './record.js'

/** The header of a file whose header lost its signature: no flag, no count, no CRC to trust. */
const HEADERLESS: EvtxFileHeader = {
  firstChunkNumber: 0n,
  lastChunkNumber: 0n,
  nextRecordId: 0n,
  headerSize: 0,
  minorVersion: 0,
  majorVersion: 0,
  headerBlockSize: 0,
  chunkCount: 0,
  rawFlags: 0,
  flags: 0,
  dirty: false,
  full: false,
  noCrc32: false,
  storedChecksum: 0,
  computedChecksum: 0,
  checksumValid: false,
}

export class FileWalk {
  readonly header: EvtxFileHeader
  private readonly ctx: ReaderContext
  private maxRecordId = -1
  private validChunks = 0
  /** Blocks the file holds after its header (a cut-off last one included), read or empty. */
  private blocks = 0
  /** The header's signature error, until a block shows whether chunks follow it. */
  private badSignature: EvtxError | undefined
  /** The bad signature as messages write it. */
  private signature = ''
  /** True when the header's fields are a stand-in (its signature was bad): nothing to compare. */
  private readonly headerless: boolean

  /**
   * @param headerBlock - the file's first 4096 bytes (fewer for a shorter file)
   * @param firstBlock - when the caller reads blocks elsewhere (worker threads) and does not hand
   *   them to {@link block}: the first block after the header that is not all zeros (or the last
   *   one read, or none, when every block is): with it, a header without its signature is
   *   judged here
   */
  constructor(ctx: ReaderContext, headerBlock: Uint8Array, firstBlock?: Uint8Array) {
    this.ctx = ctx
    let header: EvtxFileHeader
    try {
      header = readFileHeader(headerBlock)
      this.headerless = false
    } catch (error) {
      if (!(error instanceof EvtxError) || error.code !== EvtxErrorCode.FileBadMagic) throw error
      this.badSignature = error
      this.signature = describeMagic(headerBlock.subarray(0, 8))
      this.headerless = true
      header = HEADERLESS
    }
    this.header = header
    // A header block cut short: the file ends before any block could say otherwise.
    if (this.badSignature !== undefined && headerBlock.length < FILE_HEADER_BLOCK_SIZE) throw this.badSignature
    if (firstBlock !== undefined) {
      this.judgeSignature(firstBlock)
      // Nothing else will be shown to this walk: no chunk after the zeros, no EVTX.
      if (this.badSignature !== undefined) throw this.badSignature
    }
    if (this.headerless) return
    const h = this.header
    const sink = ctx.sink
    const at = { fileOffset: 0 }
    if (h.dirty) {
      sink.report('info', EvtxErrorCode.FileDirty, 'file header is marked dirty (not flushed when the log was copied): its counts may be stale, so every block is read', at)
    }
    if (!h.checksumValid) {
      sink.report('warning', EvtxErrorCode.FileHeaderBadCrc, `file header CRC is 0x${h.computedChecksum.toString(16)}, stored 0x${h.storedChecksum.toString(16)}`, at)
    }
    if (h.majorVersion !== 3 || (h.minorVersion !== 1 && h.minorVersion !== 2)) {
      sink.report('info', EvtxErrorCode.FileHeaderInconsistent, `unusual format version ${h.majorVersion}.${h.minorVersion} (expected 3.1 or 3.2); reading anyway`, at)
    }
    if (h.rawFlags !== h.flags) {
      sink.report('info', EvtxErrorCode.FileHeaderInconsistent, `file flags 0x${h.rawFlags.toString(16)} have unknown bits; using 0x${h.flags.toString(16)}`, at)
    }
  }

  /**
   * With a bad signature pending, the first block that is not all zeros decides: a chunk clears
   * it (reported as an error), anything else throws it. An all-zero block (unused, or lost with
   * the header) leaves it pending: it yields no record and no diagnostic.
   */
  private judgeSignature(block: Uint8Array): void {
    const pending = this.badSignature
    if (pending === undefined) return
    if (block.length > 0 && isAllZero(block)) return
    // A chunk, or one whose header was lost to zeros too (a copy that lost its first sectors past
    // the file header): whole records after the zeros (chunk-gaps.ts).
    if (!hasMagic(block, 0, CHUNK_MAGIC) && headerFromRecords(block) === undefined) throw pending
    this.badSignature = undefined
    this.ctx.sink.report('error', EvtxErrorCode.FileBadMagic, `file header signature is ${this.signature}, expected "ElfFile\\0"; a chunk follows it, so the file is read without its header`, { fileOffset: 0 })
  }

  /** Reads the records of block `index` (its bytes start at 4096 + index × 65536). */
  block(bytes: Uint8Array, index: number): EvtxRecord[] {
    if (this.badSignature !== undefined) this.judgeSignature(bytes)
    if (this.ctx.signal?.aborted) {
      throw new EvtxError(EvtxErrorCode.Aborted, `reading was aborted before block ${index}`, { chunkIndex: index }, { cause: this.ctx.signal.reason })
    }
    const fileOffset = FILE_HEADER_BLOCK_SIZE + index * CHUNK_SIZE
    const read = readChunkBlock(this.ctx, bytes, index, fileOffset, this.header.noCrc32)
    this.note(read.records.length - read.leftovers + read.skipped, read.maxRecordId)
    return read.records
  }

  /** Accounts for a block read elsewhere (a worker thread): its record count and highest id. */
  note(records: number, maxRecordId: number): void {
    this.blocks++
    if (maxRecordId > this.maxRecordId) this.maxRecordId = maxRecordId
    if (records > 0) this.validChunks++
  }

  /** Reports how the header's counts compare with what the file holds. Call after the last block. */
  finish(): void {
    // No block after a header without its signature: nothing says it is EVTX.
    if (this.badSignature !== undefined) throw this.badSignature
    if (this.headerless) return
    const h = this.header
    const sink = this.ctx.sink
    const at = { fileOffset: 0 }
    if (this.validChunks > h.chunkCount) {
      sink.report('info', EvtxErrorCode.FileHeaderInconsistent, `file header declares ${h.chunkCount} chunks, but ${this.validChunks} chunks hold records; all were read`, at)
    }
    if (this.maxRecordId >= 0 && BigInt(this.maxRecordId) >= h.nextRecordId) {
      sink.report('info', EvtxErrorCode.FileHeaderInconsistent, `file header's next record id ${h.nextRecordId} is stale: records up to id ${this.maxRecordId} are present`, at)
    }
    const missing = describeMissing(h, this.blocks, this.maxRecordId)
    if (missing !== undefined) sink.report('warning', EvtxErrorCode.FileIncomplete, missing, at)
  }
}
