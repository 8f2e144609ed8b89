/**
 * Chunk-parallel rendering on worker threads, output in file order.
 *
 * Chunks are self-contained, so batches of 64 KiB blocks are handed to worker threads, which read
 * them from the file, parse and render them; the main thread yields the results in file order
 * through a bounded reorder window (at most two batches per worker in flight), so memory stays
 * bounded too. The file header is read here, diagnostics are replayed in file order, and the
 * header's stale counts are reported at the end exactly as the sequential reader does.
 *
 * The workers come from an `EvtxWorkerPool`: the caller's, kept warm across files, or one started
 * for this file and stopped at its end.
 *
 * Node-only: `node:worker_threads` and `node:fs` are imported lazily so the package stays
 * importable elsewhere.
 */
import { EvtxError, EvtxErrorCode } from '../errors.js'
import { CHUNK_SIZE, FILE_HEADER_BLOCK_SIZE } from '../evtx/constants.js'
import { FileWalk } from '../evtx/file-walk.js'
import { createReaderContext, type ParseOptions } from '../evtx/options.js'
import type { LineFormat } from '../render/record-line.js'
import type { WorkerFile, WorkerResult } from './parallel-protocol.js'
import { EvtxWorkerPool } from './worker-pool.js'

export interface ParallelOptions extends Omit<ParseOptions, 'onChunk' | 'signal'> {
  readonly format: LineFormat
  /**
   * Workers to render on, kept by the caller across files (the caller closes it). Without one, a
   * pool is started for this file and stopped at its end.
   */
  readonly pool?: EvtxWorkerPool
  /** Worker threads of the pool started for this file (default: the number of CPUs). */
  readonly threads?: number
  /** Blocks per batch (default 16: 1 MiB of input). */
  readonly batchBlocks?: number
  /** Where the worker script is, for the pool started for this file (default: parallel-worker.js next to this module). */
  readonly workerUrl?: URL
  /**
   * Reuse output buffers: each yielded array is a view on a worker's output buffer (shared
   * memory), handed back to the workers and overwritten once the loop asks for the next one, so
   * it must be fully consumed by then (copied, or written and its write completed). Saves a copy
   * and an allocation per batch. Default false: every yielded array is a copy, the caller's to
   * keep.
   */
  readonly reuseOutput?: boolean
}

/**
 * Renders every record of the file at `path`, yielding UTF-8 bytes (whole lines, one record per
 * line) in file order.
 */
export async function* renderEvtxParallel(path: string, options: ParallelOptions): AsyncGenerator<Uint8Array, void, undefined> {
  const { open } = await import('node:fs/promises')
  const ctx = createReaderContext(options)
  let size: number
  const headerBlock = new Uint8Array(FILE_HEADER_BLOCK_SIZE)
  let got: number
  try {
    const fh = await open(path, 'r')
    try {
      size = (await fh.stat()).size
      got = (await fh.read(headerBlock, 0, FILE_HEADER_BLOCK_SIZE, 0)).bytesRead
    } finally {
      await fh.close()
    }
  } catch (error) {
    throw new EvtxError(EvtxErrorCode.SourceError, `reading the input failed: ${error instanceof Error ? error.message : String(error)}`, {}, { cause: error })
  }
  const walk = new FileWalk(ctx, headerBlock.subarray(0, got))
  const blocks = Math.ceil(Math.max(0, size - FILE_HEADER_BLOCK_SIZE) / CHUNK_SIZE)
  const batchBlocks = Math.max(1, options.batchBlocks ?? 16)
  const batches = Math.ceil(blocks / batchBlocks)
  const settings: WorkerFile = {
    path,
    format: options.format,
    noCrc32: walk.header.noCrc32,
    validateChecksums: options.validateChecksums === true,
    ansiCodepage: options.ansiCodepage,
    strict: options.strict === true,
    limits: options.limits as Record<string, number> | undefined,
  }
  let pool = options.pool
  const ownPool = pool === undefined
  if (pool === undefined) {
    if (batches === 0) {
      walk.finish()
      return
    }
    const { availableParallelism } = await import('node:os')
    const threads = Math.max(1, Math.min(options.threads ?? availableParallelism(), batches))
    pool = await EvtxWorkerPool.create({ threads, ...(options.workerUrl !== undefined ? { workerUrl: options.workerUrl } : {}) })
  }
  const results = new Map<number, WorkerResult>()
  const window = 2 * pool.size
  let wake: (() => void) | undefined
  let failure: Error | undefined
  let nextJob = 0
  let consumed = 0
  let file: number | undefined
  try {
    const workers = pool
    file = workers.openFile(settings, {
      result(r) {
        results.set(r.batch, r)
        wake?.()
      },
      fail(error) {
        failure ??= error
        wake?.()
      },
    })
    const id = file
    // Hand out batches while fewer than `window` are in flight.
    const pump = () => {
      while (nextJob < batches && nextJob - consumed < window) {
        workers.submit({ kind: 'job', file: id, batch: nextJob, first: nextJob * batchBlocks, count: Math.min(batchBlocks, blocks - nextJob * batchBlocks) })
        nextJob++
      }
    }
    pump()
    for (let batch = 0; batch < batches; batch++) {
      let r = results.get(batch)
      while (r === undefined) {
        if (failure) throw failure
        await new Promise<void>((resolve) => {
          wake = resolve
        })
        r = results.get(batch)
      }
      results.delete(batch)
      consumed++
      pump()
      if ('crash' in r) throw new EvtxError(EvtxErrorCode.Internal, `worker thread failed: ${r.crash}`)
      if ('error' in r) throw new EvtxError(r.error.code, r.error.message, r.error.location)
      for (const d of r.diagnostics) ctx.sink.report(d.severity, d.code, d.message, d.location)
      for (const [records, max] of r.blocks) walk.note(records, max)
      if (r.length > 0) {
        const view = new Uint8Array(r.output, 0, r.length)
        if (options.reuseOutput === true) {
          yield view
          // The consumer asked for more: it is done with these bytes.
          workers.recycle(r.output)
        } else {
          // The caller keeps what it is given: a copy in its own (not shared) memory, and the
          // worker gets its buffer back before the caller even sees the copy.
          const copy = view.slice()
          workers.recycle(r.output)
          yield copy
        }
      }
    }
    walk.finish()
  } finally {
    if (file !== undefined) pool.closeFile(file)
    if (ownPool) await pool.close()
  }
}
