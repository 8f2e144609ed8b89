/**
 * Streaming: records from any byte source, one 64 KiB chunk in memory at a time.
 *
 * This layer only assembles blocks: the 4096-byte header block, then exact 65536-byte chunks,
 * each in a fresh buffer (records keep their chunk's bytes, so buffers are never reused), handed
 * to the same synchronous chunk reader `parseEvtx` uses. Memory stays bounded by what the caller
 * keeps, whatever the file size. Breaking out of the loop releases the source.
 */
import { EvtxErrorCode } from '../errors.js'
import { type ByteSource, openByteSource } from './byte-source.js'
import { CHUNK_SIZE, FILE_HEADER_BLOCK_SIZE } from './constants.js'
import { FileWalk } from './file-walk.js'
import { createReaderContext, type ParseOptions } from './options.js'
import type { EvtxRecord } from './record.js'

/**
 * Streams the records of an EVTX file in file order.
 * @param source - a file path or URL, Uint8Array, Blob, web ReadableStream, Node stream or any
 *   (async) iterable of Uint8Array
 * @param options - parse options
 * @throws {EvtxError} when the input is not EVTX or cannot be read; with `strict`, the first problem
 */
export async function* readEvtx(source: ByteSource, options: ParseOptions = {}): AsyncGenerator<EvtxRecord, void, undefined> {
  const ctx = createReaderContext(options)
  const reader = await openByteSource(source)
  try {
    const headerBlock = new Uint8Array(FILE_HEADER_BLOCK_SIZE)
    const got = await reader.read(headerBlock)
    const walk = new FileWalk(ctx, headerBlock.subarray(0, got))
    if (got < FILE_HEADER_BLOCK_SIZE) {
      ctx.sink.report('warning', EvtxErrorCode.FileTooSmall, `file is ${got} bytes, shorter than its 4096-byte header block: it holds no chunks`, { fileOffset: 0 })
    } else {
      for (let index = 0; ; index++) {
        const block = new Uint8Array(CHUNK_SIZE)
        const n = await reader.read(block)
        if (n === 0) break
        yield* walk.block(n < CHUNK_SIZE ? block.subarray(0, n) : block, index)
        if (n < CHUNK_SIZE) break
      }
    }
    walk.finish()
  } finally {
    await reader.close()
  }
}
