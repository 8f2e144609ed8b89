/**
 * Chunk-parallel rendering on worker threads, output in file order.
 *
 * Batches of 64 KiB blocks are read, parsed and rendered by worker threads (ordered-batches.ts);
 * the lines come back in shared memory and are yielded in file order, with the diagnostics
 * replayed in file order and the header's stale counts reported at the end exactly as the
 * sequential reader does.
 *
 * Node-only: `node:worker_threads` and `node:fs` are imported lazily so the package stays
 * importable elsewhere.
 */
import type { LineFormat } from '../render/record-line.js'
import { type BatchOptions, orderedBatches } from './ordered-batches.js'

export interface ParallelOptions extends Omit<BatchOptions, 'signal'> {
  readonly format: LineFormat
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
  for await (const [r, workers] of orderedBatches(path, { format: options.format }, options)) {
    if (!('output' in r) || r.length === 0) continue
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
