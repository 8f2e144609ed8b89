/**
 * A file's 64 KiB blocks run on worker threads in batches, the results taken back in file order:
 * the shared core of the parallel renderer and the parallel scan.
 *
 * Chunks are self-contained, so batches of blocks are handed to the workers, which read them
 * from the file themselves; the results are yielded in file order through a bounded reorder
 * window (a few batches per worker in flight), so memory stays bounded too. The file
 * header is read here, each batch's diagnostics are replayed in file order before its result is
 * yielded, and the header's stale counts are reported at the end exactly as the sequential reader
 * does.
 *
 * The workers come from an `EvtxWorkerPool`: the caller's, kept warm across files, or one started
 * for this file and stopped at its end. Node-only: `node:fs` is imported lazily.
 */
import type { FileHandle } from 'node:fs/promises'
import { EvtxError, EvtxErrorCode } from '../errors.js'
import { CHUNK_SIZE, FILE_HEADER_BLOCK_SIZE, FILE_MAGIC, hasMagic, isAllZero } from '../evtx/constants.js'
import { FileWalk } from '../evtx/file-walk.js'
import { createReaderContext, type ParseOptions } from '../evtx/options.js'
import type { FileIdentity, WorkerFile, WorkerResult } from './parallel-protocol.js'
import { EvtxWorkerPool } from './worker-pool.js'

export interface BatchOptions extends Omit<ParseOptions, 'onChunk' | 'prefilter' | 'reuseBuffers'> {
  /**
   * Workers to run on, kept by the caller across files (the caller closes it). Without one, a
   * pool is started for this file and stopped at its end.
   */
  readonly pool?: EvtxWorkerPool
  /** Worker threads of the pool started for this file (default: the number of CPUs). */
  readonly threads?: number
  /**
   * Blocks per batch (default 16: 1 MiB of input), from 1 to {@link MAX_BATCH_BLOCKS}; a value
   * that is not a finite number means the default, and a fraction is rounded down.
   */
  readonly batchBlocks?: number
  /** Where the worker script is, for the pool started for this file (default: parallel-worker.js next to this module). */
  readonly workerUrl?: URL
}

/**
 * The most blocks in one batch (64 MiB of input): a worker reads a batch into one buffer and
 * renders it into one about three times as large, so this bounds what one job allocates.
 */
export const MAX_BATCH_BLOCKS = 1024

/**
 * Blocks per batch for the option `wanted`: the default for a value that is not a finite number
 * (NaN or Infinity would make no batches, and so no output), a fraction rounded down (with 1.5,
 * every other batch started mid-chunk and half the records were lost), and never more than {@link MAX_BATCH_BLOCKS}.
 */
export function batchSize(wanted: number | undefined): number {
  const n = wanted !== undefined && Number.isFinite(wanted) ? wanted : 16
  return Math.min(MAX_BATCH_BLOCKS, Math.max(1, Math.floor(n)))
}

/** A batch's result that holds records (not an error). */
export type BatchResult = Exclude<WorkerResult, { readonly error: unknown } | { readonly crash: string }>

/** What the workers do with the file: render its lines or scan it (`WorkerFile` without what the reader settles). */
export type BatchTask = Pick<WorkerFile, 'format' | 'scan'>

/**
 * Fills `target` from the file at `position`, fewer bytes only at the file's end: one read may
 * return fewer bytes than asked before the end (a network or FUSE file system).
 */
async function readAt(fh: FileHandle, target: Uint8Array, position: number): Promise<number> {
  let got = 0
  while (got < target.length) {
    const n = (await fh.read(target, got, target.length - got, position + got)).bytesRead
    if (n === 0) break
    got += n
  }
  return got
}

/** The first block after the header that is not all zeros; the last one when all are; empty when there is none. */
async function firstNonZeroBlock(fh: FileHandle, size: number): Promise<Uint8Array> {
  const block = new Uint8Array(CHUNK_SIZE)
  let got = 0
  for (let at = FILE_HEADER_BLOCK_SIZE; at < size; at += CHUNK_SIZE) {
    got = await readAt(fh, block, at)
    if (got === 0 || !isAllZero(block, 0, got)) break
  }
  return block.subarray(0, got)
}

/**
 * Runs every block of the file at `path` on worker threads, yielding each batch's result in file
 * order with the pool it came from (to hand output buffers back to).
 * @param inFlightPerWorker - batches handed out per worker and not yet consumed: enough to keep
 *   a worker busy while the main thread takes the last result (a render's each hold a 3 MiB
 *   output buffer, so renders keep two)
 * @throws {EvtxError} when the file cannot be read, a batch fails (strict mode, a source error),
 *   a worker crashes, or `signal` aborts
 */
export async function* orderedBatches(path: string, task: BatchTask, options: BatchOptions, inFlightPerWorker = 2): AsyncGenerator<[BatchResult, EvtxWorkerPool], void, undefined> {
  const { open } = await import('node:fs/promises')
  const ctx = createReaderContext(options)
  let size: number
  let identity: FileIdentity
  // The header block, and when it lost its signature the first block that is not all zeros,
  // which decides whether chunks follow it (evtx/file-walk.ts).
  const headerBlock = new Uint8Array(FILE_HEADER_BLOCK_SIZE)
  let got: number
  let firstBlock: Uint8Array | undefined
  try {
    const fh = await open(path, 'r')
    try {
      const stat = await fh.stat({ bigint: true })
      size = Number(stat.size)
      identity = { dev: stat.dev, ino: stat.ino }
      got = await readAt(fh, headerBlock, 0)
      if (!hasMagic(headerBlock, 0, FILE_MAGIC)) firstBlock = await firstNonZeroBlock(fh, size)
    } finally {
      await fh.close()
    }
  } catch (error) {
    throw new EvtxError(EvtxErrorCode.SourceError, `reading the input failed: ${error instanceof Error ? error.message : String(error)}`, {}, { cause: error })
  }
  const walk = new FileWalk(ctx, headerBlock.subarray(0, got), firstBlock)
  // As the sequential reader reports it (evtx/read.ts): no block follows.
  if (got < FILE_HEADER_BLOCK_SIZE) ctx.sink.report('warning', EvtxErrorCode.FileTooSmall, `file is ${got} bytes, shorter than its 4096-byte header block: it holds no chunks`, { fileOffset: 0 })
  const blocks = Math.ceil(Math.max(0, size - FILE_HEADER_BLOCK_SIZE) / CHUNK_SIZE)
  const batchBlocks = batchSize(options.batchBlocks)
  const batches = Math.ceil(blocks / batchBlocks)
  const settings: WorkerFile = {
    path,
    identity,
    ...task,
    noCrc32: walk.header.noCrc32,
    validateChecksums: options.validateChecksums === true,
    readHiddenRecords: options.readHiddenRecords === true,
    readLeftoverRecords: options.readLeftoverRecords === true,
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
  const window = inFlightPerWorker * pool.size
  let wake: (() => void) | undefined
  let failure: Error | undefined
  let nextJob = 0
  let consumed = 0
  let file: number | undefined
  const signal = options.signal
  // An abort wakes the wait for a result: a worker may take long (a large batch, a read hung on a
  // network file system), and the caller is not to wait for it.
  const onAbort = () => wake?.()
  signal?.addEventListener('abort', onAbort)
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
    const aborted = (batch: number) => new EvtxError(EvtxErrorCode.Aborted, `reading was aborted before block ${batch * batchBlocks}`, { chunkIndex: batch * batchBlocks }, { cause: signal?.reason })
    for (let batch = 0; batch < batches; batch++) {
      if (signal?.aborted) throw aborted(batch)
      let r = results.get(batch)
      while (r === undefined) {
        if (failure) throw failure
        if (signal?.aborted) throw aborted(batch)
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
      yield [r, workers]
    }
    walk.finish()
  } finally {
    signal?.removeEventListener('abort', onAbort)
    if (file !== undefined) pool.closeFile(file)
    if (ownPool) await pool.close()
  }
}
