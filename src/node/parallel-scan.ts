/**
 * The analyzer's scan on worker threads: each batch of 64 KiB blocks is scanned by a worker
 * (records no rule wants skipped unread, the rest normalized), and the events and block notes
 * come back in file order, with the diagnostics replayed in file order (ordered-batches.ts).
 *
 * Node-only: `node:worker_threads` and `node:fs` are imported lazily.
 */
import type { ScannedChunk } from '../inputs/scan-mode.js'
import type { NormalizedEvent } from '../model/event.js'
import type { WantedEvent } from '../rules/compile.js'
import { type BatchOptions, orderedBatches } from './ordered-batches.js'

export interface ParallelScanOptions extends BatchOptions {
  /** The rule set's wanted (provider, event id) pairs. */
  readonly wanted: readonly WantedEvent[]
  /** The channel the file name stands for (for events that name none). */
  readonly fallbackChannel: string
}

/** One batch of a scan: its wanted events in file order, and its blocks as noted. */
export interface ScanBatch {
  readonly events: readonly NormalizedEvent[]
  /** The wanted records an earlier use of a chunk left in its unused space (with `readLeftoverRecords`): not the log's. */
  readonly leftovers: readonly NormalizedEvent[]
  readonly chunks: readonly ScannedChunk[]
}

/**
 * Scans the file at `path` on worker threads, yielding each batch's events and block notes in
 * file order.
 * @throws {EvtxError} as the sequential reader would (unreadable input, strict mode, abort), or
 *   INTERNAL when a worker crashes
 */
export async function* scanEvtxParallel(path: string, options: ParallelScanOptions): AsyncGenerator<ScanBatch, void, undefined> {
  const task = { format: 'xml' as const, scan: { wanted: options.wanted, fallbackChannel: options.fallbackChannel } }
  // A scan's results are small (a few events per batch on most logs) and quick to make, so each
  // worker gets six batches ahead: with two, the workers waited a third of the time for the main
  // thread to take a result and hand out the next job.
  for await (const [r] of orderedBatches(path, task, options, 6)) if ('events' in r) yield r
}
