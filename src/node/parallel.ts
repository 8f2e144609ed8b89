/**
 * Chunk-parallel rendering on worker threads, output in file order.
 *
 * Chunks are self-contained, so batches of 64 KiB blocks are handed to worker threads, which read
 * them from the file, parse and render them; the main thread writes the results in file order
 * through a bounded reorder window (at most two batches per worker in flight), so memory stays
 * bounded too. The file header is read here, diagnostics are replayed in file order, and the
 * header's stale counts are reported at the end exactly as the sequential reader does.
 *
 * Node-only: `node:worker_threads` and `node:fs` are imported lazily so the package stays
 * importable elsewhere.
 */
import type { Worker } from 'node:worker_threads'
import { EvtxError, EvtxErrorCode } from '../errors.js'
import { CHUNK_SIZE, FILE_HEADER_BLOCK_SIZE } from '../evtx/constants.js'
import { FileWalk } from '../evtx/file-walk.js'
import { createReaderContext, type ParseOptions } from '../evtx/options.js'
import type { LineFormat } from '../render/record-line.js'
import type { WorkerInit, WorkerJob, WorkerResult } from './parallel-protocol.js'

export interface ParallelOptions extends Omit<ParseOptions, 'onChunk' | 'signal'> {
  readonly format: LineFormat
  /** Worker threads (default: the number of CPUs). */
  readonly threads?: number
  /** Blocks per batch (default 16: 1 MiB of input). */
  readonly batchBlocks?: number
  /** Where the worker script is (default: parallel-worker.js next to this module). */
  readonly workerUrl?: URL
  /**
   * Reuse output buffers: each yielded array is handed back to the workers and overwritten once
   * the loop asks for the next one, so it must be fully consumed by then (copied, or written
   * and its write completed). Saves an allocation and a page-faulted buffer per batch. Default
   * false: every yielded array is the caller's to keep.
   */
  readonly reuseOutput?: boolean
}

/**
 * Renders every record of the file at `path`, yielding UTF-8 bytes (whole lines, one record per
 * line) in file order.
 */
export async function* renderEvtxParallel(path: string, options: ParallelOptions): AsyncGenerator<Uint8Array, void, undefined> {
  const { open } = await import('node:fs/promises')
  const { Worker } = await import('node:worker_threads')
  const { availableParallelism } = await import('node:os')
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
  const threads = Math.max(1, Math.min(options.threads ?? availableParallelism(), batches))
  const init: WorkerInit = {
    path,
    format: options.format,
    noCrc32: walk.header.noCrc32,
    validateChecksums: options.validateChecksums === true,
    ansiCodepage: options.ansiCodepage,
    strict: options.strict === true,
    limits: options.limits as Record<string, number> | undefined,
  }
  const workerUrl = options.workerUrl ?? new URL('./parallel-worker.js', import.meta.url)
  const workers: Array<{ worker: Worker; busy: number }> = []
  const results = new Map<number, WorkerResult>()
  const window = 2 * threads
  let wake: (() => void) | undefined
  let failure: Error | undefined
  let nextJob = 0
  let consumed = 0
  // Consumed output buffers waiting to go back to a worker with its next job (reuseOutput).
  let recycled: ArrayBuffer[] = []
  // Hand out batches while fewer than `window` are in flight; the least busy worker goes first.
  const pump = () => {
    while (nextJob < batches && nextJob - consumed < window) {
      let best = workers[0]
      for (const w of workers) if (best === undefined || w.busy < best.busy) best = w
      if (best === undefined) return
      const give = recycled
      recycled = []
      const job: WorkerJob = { batch: nextJob, first: nextJob * batchBlocks, count: Math.min(batchBlocks, blocks - nextJob * batchBlocks), ...(give.length > 0 ? { recycled: give } : {}) }
      nextJob++
      best.busy++
      best.worker.postMessage(job, give)
    }
  }
  try {
    for (let i = 0; i < threads; i++) {
      const slot = { worker: new Worker(workerUrl, { workerData: init }), busy: 0 }
      slot.worker.on('message', (r: WorkerResult) => {
        slot.busy--
        results.set(r.batch, r)
        wake?.()
      })
      slot.worker.on('error', (e) => {
        failure ??= e
        wake?.()
      })
      workers.push(slot)
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
      if (r.bytes.length > 0) {
        yield r.bytes
        // The consumer asked for more: it is done with these bytes.
        if (options.reuseOutput === true && recycled.length < 2 * threads) recycled.push(r.bytes.buffer as ArrayBuffer)
      }
    }
    walk.finish()
  } finally {
    await Promise.all(workers.map((w) => w.worker.terminate()))
  }
}
