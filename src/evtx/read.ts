/**
 * Streaming: records from any byte source, one 64 KiB chunk in memory at a time.
 *
 * This layer only assembles blocks: the 4096-byte header block, then exact 65536-byte chunks
 * (read 1 MiB at a time into fresh buffers, since records keep their chunk's bytes, or into two
 * buffers in turn for a caller that keeps no record, `reuseBuffers`; the next read runs while the
 * current one is parsed), handed to the same synchronous chunk reader `parseEvtx` uses. Memory
 * stays bounded by what the caller keeps, whatever the file size. Breaking out of the loop
 * releases the source.
 */
import { EvtxErrorCode } from '../errors.js'
import { type ByteSource, openByteSource } from './byte-source.js'
import { CHUNK_SIZE, FILE_HEADER_BLOCK_SIZE } from './constants.js'
import { FileWalk } from './file-walk.js'
import { createReaderContext, type ParseOptions } from './options.js'
import type { EvtxRecord } from './record.js'

const READ_BATCH_CHUNKS = 16

/** One read: the buffer, the bytes in it (carry included), and the bytes this read added. */
interface ReadBatch {
  readonly batch: Uint8Array
  readonly have: number
  readonly n: number
}

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
  const reader = await openByteSource(source, ctx.validateChecksums)
  try {
    const headerBlock = new Uint8Array(FILE_HEADER_BLOCK_SIZE)
    const got = await reader.read(headerBlock)
    const walk = new FileWalk(ctx, headerBlock.subarray(0, got))
    if (got < FILE_HEADER_BLOCK_SIZE) {
      ctx.sink.report('warning', EvtxErrorCode.FileTooSmall, `file is ${got} bytes, shorter than its 4096-byte header block: it holds no chunks`, { fileOffset: 0 })
    } else {
      // Read 16 chunks (1 MiB) at a time: one I/O request instead of sixteen. Each chunk is a view
      // of a fresh buffer that is never reused, so records may outlive the loop; with
      // `reuseBuffers`, of one of two buffers used in turn, one read into while the records of the
      // other are parsed and consumed. The next read is started before this batch is parsed, so a
      // file's I/O overlaps the parsing. A slow stream is not waited on for more than one chunk; a
      // partial chunk at the end of a read is carried over (copied) to the next buffer.
      const buffers: Uint8Array[] = []
      let turn = 0
      const readBatch = async (carry: Uint8Array | undefined): Promise<ReadBatch> => {
        const batch = options.reuseBuffers === true ? (buffers[turn++ & 1] ??= new Uint8Array(CHUNK_SIZE * READ_BATCH_CHUNKS)) : new Uint8Array(CHUNK_SIZE * READ_BATCH_CHUNKS)
        let have = 0
        if (carry !== undefined) {
          batch.set(carry)
          have = carry.length
        }
        const n = await reader.read(batch.subarray(have), CHUNK_SIZE - have)
        return { batch, have: have + n, n }
      }
      let index = 0
      let next: Promise<ReadBatch> = readBatch(undefined)
      // The partial chunk handed to the read in flight: if that read fails, it is the truncated
      // tail of what the source gave, read before the failure is passed on.
      let inFlight: Uint8Array | undefined
      for (;;) {
        let got: ReadBatch
        try {
          got = await next
        } catch (error) {
          if (inFlight !== undefined) {
            const records = walk.block(inFlight, index)
            if (records.length > 0) yield records
          }
          throw error
        }
        const { batch, have, n } = got
        const whole = have - (have % CHUNK_SIZE)
        const ended = n === 0 || have < CHUNK_SIZE
        if (!ended) {
          inFlight = have > whole ? batch.slice(whole, have) : undefined
          next = readBatch(inFlight)
          // Observed when awaited; when the loop is left early, closing the source ends it (a
          // file handle closes after its pending read, a stream is cancelled) and its outcome
          // no longer matters.
          next.catch(() => undefined)
        }
        // Records keep their chunk's bytes alive, and a chunk is a view of its batch. A stream
        // that delivers less than a batch at a time (Node streams give 64 KiB) would leave every
        // chunk holding a 1 MiB buffer: 16 times the file for a caller that keeps the records.
        // The whole chunks that arrived are copied into a buffer of their size instead (a file
        // fills whole batches; the partial chunk after them went to the next batch), unless the
        // caller keeps no record.
        const chunks = whole < batch.length && options.reuseBuffers !== true ? batch.slice(0, whole) : batch
        for (let at = 0; at < whole; at += CHUNK_SIZE, index++) {
          const records = walk.block(chunks.subarray(at, at + CHUNK_SIZE), index)
          if (records.length > 0) yield records
        }
        if (ended) {
          // The source ended: a last partial block is the truncated tail of the file.
          if (have > whole) {
            const records = walk.block(batch.slice(whole, have), index)
            if (records.length > 0) yield records
          }
          break
        }
      }
    }
    walk.finish()
    // A source that failed after handing over its last bytes (byte-source.ts keeps the error for
    // the next read) says so now, after what it gave was read.
    await reader.read(new Uint8Array(0))
  } finally {
    await reader.close()
  }
}
