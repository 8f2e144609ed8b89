/**
 * Synchronous parsing of a whole file held in memory.
 */
import { EvtxErrorCode } from '../errors.js'
import { CHUNK_SIZE, FILE_HEADER_BLOCK_SIZE } from './constants.js'
import { FileWalk } from './file-walk.js'
import { createReaderContext, type ParseOptions } from './options.js'
import type { EvtxRecord } from './record.js'

/**
 * Parses an EVTX file held in memory, yielding its records in file order (chunk, then offset).
 * Every 64 KiB block to the end of the file is read, whatever the header says.
 * @param file - the whole file
 * @param options - parse options
 * @throws {EvtxError} EVTX_FILE_TOO_SMALL or EVTX_FILE_BAD_MAGIC when the input is not EVTX;
 *   with `strict`, the first problem found
 */
export function* parseEvtx(file: Uint8Array, options: ParseOptions = {}): Generator<EvtxRecord, void, undefined> {
  if (!(file instanceof Uint8Array)) throw new TypeError('parseEvtx expects a Uint8Array')
  const ctx = createReaderContext(options)
  const walk = new FileWalk(ctx, file.subarray(0, FILE_HEADER_BLOCK_SIZE))
  if (file.length < FILE_HEADER_BLOCK_SIZE) {
    ctx.sink.report('warning', EvtxErrorCode.FileTooSmall, `file is ${file.length} bytes, shorter than its 4096-byte header block: it holds no chunks`, { fileOffset: 0 })
  }
  for (let index = 0, at = FILE_HEADER_BLOCK_SIZE; at < file.length; index++, at += CHUNK_SIZE) {
    yield* walk.block(file.subarray(at, Math.min(at + CHUNK_SIZE, file.length)), index)
  }
  walk.finish()
}
