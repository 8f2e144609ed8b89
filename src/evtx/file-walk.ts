/**
 * The file-level walk shared by the synchronous and streaming readers.
 *
 * It reads the file header once, reports what the header gets wrong (dirty flag, CRC, stale
 * counts), and then reads every 64 KiB block handed to it, whatever the header's chunk count
 * says: dirty files hold chunks past it, and those hold the newest records.
 */
import { EvtxError, EvtxErrorCode } from '../errors.js'
import { readChunkBlock } from './chunk.js'
import { CHUNK_SIZE, FILE_HEADER_BLOCK_SIZE } from './constants.js'
import { type EvtxFileHeader, readFileHeader } from './file-header.js'
import type { ReaderContext } from './options.js'
import type { EvtxRecord } from './record.js'

export class FileWalk {
  readonly header: EvtxFileHeader
  private readonly ctx: ReaderContext
  private maxRecordId = -1
  private validChunks = 0

  constructor(ctx: ReaderContext, headerBlock: Uint8Array) {
    this.ctx = ctx
    this.header = readFileHeader(headerBlock)
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

  /** Reads the records of block `index` (its bytes start at 4096 + index × 65536). */
  block(bytes: Uint8Array, index: number): EvtxRecord[] {
    if (this.ctx.signal?.aborted) {
      throw new EvtxError(EvtxErrorCode.Aborted, `reading was aborted before block ${index}`, { chunkIndex: index }, { cause: this.ctx.signal.reason })
    }
    const fileOffset = FILE_HEADER_BLOCK_SIZE + index * CHUNK_SIZE
    const read = readChunkBlock(this.ctx, bytes, index, fileOffset, this.header.noCrc32)
    this.note(read.records.length + read.skipped, read.maxRecordId)
    return read.records
  }

  /** Accounts for a block read elsewhere (a worker thread): its record count and highest id. */
  note(records: number, maxRecordId: number): void {
    if (maxRecordId > this.maxRecordId) this.maxRecordId = maxRecordId
    if (records > 0) this.validChunks++
  }

  /** Reports how the header's counts compare with what the file holds. Call after the last block. */
  finish(): void {
    const h = this.header
    const sink = this.ctx.sink
    const at = { fileOffset: 0 }
    if (this.validChunks > h.chunkCount) {
      sink.report('info', EvtxErrorCode.FileHeaderInconsistent, `file header declares ${h.chunkCount} chunks, but ${this.validChunks} chunks hold records; all were read`, at)
    }
    if (this.maxRecordId >= 0 && BigInt(this.maxRecordId) >= h.nextRecordId) {
      sink.report('info', EvtxErrorCode.FileHeaderInconsistent, `file header's next record id ${h.nextRecordId} is stale: records up to id ${this.maxRecordId} are present`, at)
    }
  }
}
