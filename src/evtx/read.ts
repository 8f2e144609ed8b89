/**
 * Streaming: records from any byte source, one 64 KiB chunk in memory at a time.
 *
 * This layer only assembles blocks: the 4096-byte header block, then exact 65536-byte chunks
 * (read 1 MiB at a time into fresh buffers: records keep their chunk's bytes, so buffers are
 * never reused), handed to the same synchronous chunk reader `parseEvtx` uses. Memory stays
 * bounded by what the caller keeps, whatever the file size. Breaking out of the loop releases
 * the source.
 */
import { EvtxErrorCode } from '../errors.js'
import { type ByteSource, openByteSource } from './byte-source.js'
import { CHUNK_SIZE, FILE_HEADER_BLOCK_SIZE } from './constants.js'
import { FileWalk } from './file-walk.js'
import { createReaderContext, type ParseOptions } from './options.js'
import type { EvtxRecord } from './record.js'

const READ_BATCH_CHUNKS = 16

/**
 * Streams the records of an EVTX file in file order.
 * @param source - a file path or URL, Uint8Array, Blob, web ReadableStream, Node stream or any
 *   (async) iterable of Uint8Array
 * @param options - parse options
 * @throws {EvtxError} when the input is not EVTX or cannot be read; with `strict`, the first problem
 */
export async function* readEvtx(source: ByteSource, options: ParseOptions = {}): AsyncGenerator<EvtxRecord, void, undefined> {
  // A plain loop: `yield*` over an array in an async generator wraps every element in an extra
  // async-from-sync step.
  for await (const records of readEvtxChunks(source, options)) for (const r of records) yield r
}

/**
 * Streams the records of an EVTX file one chunk at a time (an array per 64 KiB chunk that holds
 * records). Same records as {@link readEvtx}; one await per chunk instead of one per record, for
 * callers that go through millions of records.
 */
export async function* readEvtxChunks(source: ByteSource, options: ParseOptions = {}): AsyncGenerator<EvtxRecord[], void, undefined> {
  const ctx = createReaderContext(options)
  const reader = await openByteSource(source)
  try {
    const headerBlock = new Uint8Array(FILE_HEADER_BLOCK_SIZE)
    const got = await reader.read(headerBlock)
    const walk = new FileWalk(ctx, headerBlock.subarray(0, got))
    if (got < FILE_HEADER_BLOCK_SIZE) {
      ctx.sink.report('warning', EvtxErrorCode.FileTooSmall, `file is ${got} bytes, shorter than its 4096-byte header block: it holds no chunks`, { fileOffset: 0 })
    } else {
      // Read 16 chunks (1 MiB) at a time: one I/O request instead of sixteen. Each chunk is a view
      // of a fresh buffer that is never reused, so records may outlive the loop.
      // A slow stream is not waited on for more than one chunk; a partial chunk at the end of a
      // read is carried over to the next buffer.
      let index = 0
      let carry: Uint8Array | undefined
      for (;;) {
        const batch = new Uint8Array(CHUNK_SIZE * READ_BATCH_CHUNKS)
        let have = 0
        if (carry !== undefined) {
          batch.set(carry)
          have = carry.length
          carry = undefined
        }
        const n = await reader.read(batch.subarray(have), CHUNK_SIZE - have)
        have += n
        const whole = have - (have % CHUNK_SIZE)
        for (let at = 0; at < whole; at += CHUNK_SIZE, index++) {
          const records = walk.block(batch.subarray(at, at + CHUNK_SIZE), index)
          if (records.length > 0) yield records
        }
        if (n === 0 || have < CHUNK_SIZE) {
          // The source ended: a last partial block is the truncated tail of the file.
          if (have > whole) {
            const records = walk.block(batch.subarray(whole, have), index)
            if (records.length > 0) yield records
          }
          break
        }
        if (have > whole) carry = batch.slice(whole, have)
      }
    }
    walk.finish()
  } finally {
    await reader.close()
  }
}
