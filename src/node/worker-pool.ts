/**
 * A pool of rendering worker threads that outlives one file.
 *
 * Starting a worker and warming its JIT costs each thread a good part of a second of CPU, which
 * is most of what two workers lose against one thread on a single file of a few hundred MB. A
 * tool that renders many files (every log of a VM, many VMs) keeps one pool, pays that once,
 * and passes it to `renderEvtxParallel`. Renders may share the pool at the same time: results
 * are routed by file number, and every worker takes jobs from any of them.
 *
 * An idle pool does not keep the process alive (its workers are unref'd while no job is in
 * flight), so forgetting `close()` never hangs a program at exit; closing it still frees the
 * threads at once. A worker that dies breaks the pool: every render on it fails with that error,
 * later ones too, and the other workers stop.
 *
 * Node-only: `node:worker_threads` is imported lazily, when a pool is created.
 */
import type { Worker } from 'node:worker_threads'
import type { WorkerFile, WorkerJob, WorkerResult } from './parallel-protocol.js'

/** The most worker threads a pool starts (as `dump --threads` takes): each costs some 10 MB. */
export const MAX_WORKER_THREADS = 256

/**
 * How many workers a pool given `threads` starts on a machine of `cpus` CPUs: a count that is not
 * a number (NaN from a bad option) means the default, never no workers, and never more than the
 * ceiling (a million would exhaust memory starting them).
 */
export function workerCount(threads: number | undefined, cpus: number): number {
  const wanted = threads !== undefined && Number.isFinite(threads) ? threads : cpus
  return Math.min(MAX_WORKER_THREADS, Math.max(1, Math.floor(wanted)))
}

export interface WorkerPoolOptions {
  /** Worker threads (default: the number of CPUs), from 1 to {@link MAX_WORKER_THREADS}. */
  readonly threads?: number
  /** Where the worker script is (default: parallel-worker.js next to this module). */
  readonly workerUrl?: URL
}

/** One file's share of the pool: its results and a worker failure come here. */
export interface PoolClient {
  result(r: WorkerResult): void
  fail(error: Error): void
}

interface Slot {
  readonly worker: Worker
  /** Jobs sent to this worker whose result has not come back. */
  busy: number
  /** This worker's output buffers that their consumers are done with, going back with its next job. */
  returned: SharedArrayBuffer[]
}

/**
 * Each worker's young generation, in MB (Node's default is 48). A worker's allocations are short-lived
 * (values, names, lines), so a smaller nursery costs it little, and what it saves is what bounds a
 * pool's memory on a large file: `dump --threads 2` of a 1 GiB log peaked at 122-128 MB with 12 in
 * eight runs; with the default at 138-144 MB in twenty-two runs of twenty-five and 150-170 MB in the
 * other three (16 and 24, nineteen runs, kept the default's usual 139-143). Rendering speed on a
 * real single log and on the 256 MB synthetic one did not change; on the 22 MB log of chunks from
 * many files, whose hundreds of templates are kept state a nursery must copy, the pool read 5-10 %
 * slower (docs/performance.md).
 */
export const WORKER_YOUNG_GENERATION_MB = 12

/** Output buffers kept waiting for one worker's next job (more than a render has in flight). */
const MAX_RETURNED = 8

export class EvtxWorkerPool {
  /** Worker threads in the pool. */
  readonly size: number
  private readonly slots: Slot[]
  private readonly clients = new Map<number, PoolClient>()
  /** Which worker made each output buffer still out with a consumer. */
  private readonly owners = new WeakMap<SharedArrayBuffer, Slot>()
  private nextFile = 0
  private inFlight = 0
  private failure: Error | undefined
  private closed = false

  private constructor(workers: Worker[]) {
    this.size = workers.length
    this.slots = workers.map((worker) => ({ worker, busy: 0, returned: [] }))
    for (const slot of this.slots) {
      slot.worker.on('message', (r: WorkerResult) => this.received(slot, r))
      slot.worker.on('error', (e) => this.broken(e))
      slot.worker.on('exit', (code) => {
        if (!this.closed) this.broken(new Error(`a worker thread exited (code ${code})`))
      })
      slot.worker.unref()
    }
  }

  /** Starts the workers. */
  static async create(options: WorkerPoolOptions = {}): Promise<EvtxWorkerPool> {
    const { Worker } = await import('node:worker_threads')
    const { availableParallelism } = await import('node:os')
    const threads = workerCount(options.threads, availableParallelism())
    const url = options.workerUrl ?? new URL('./parallel-worker.js', import.meta.url)
    return new EvtxWorkerPool(Array.from({ length: threads }, () => new Worker(url, { resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB } })))
  }

  /** Opens a file on every worker; its results go to `client` until `closeFile`. */
  openFile(settings: WorkerFile, client: PoolClient): number {
    this.usable()
    const file = this.nextFile++
    this.clients.set(file, client)
    for (const slot of this.slots) slot.worker.postMessage({ kind: 'open', file, settings })
    return file
  }

  /** Releases a file on every worker; results of its jobs still in flight are dropped. */
  closeFile(file: number): void {
    if (!this.clients.delete(file) || this.closed) return
    for (const slot of this.slots) slot.worker.postMessage({ kind: 'close', file })
  }

  /**
   * Sends a job to the least busy worker, with that worker's output buffers handed back (shared,
   * never transferred).
   */
  submit(job: Omit<WorkerJob, 'recycled'>): void {
    this.usable()
    let best = this.slots[0] as Slot
    for (const slot of this.slots) if (slot.busy < best.busy) best = slot
    best.busy++
    if (this.inFlight++ === 0) for (const slot of this.slots) slot.worker.ref()
    const recycled = best.returned
    best.returned = []
    best.worker.postMessage(recycled.length > 0 ? { ...job, recycled } : job)
  }

  /**
   * Hands a result's output buffer back to the worker that made it, once its consumer is done
   * with it. Each worker so renders into the same few buffers for the life of the pool: buffers
   * passed between workers would leave one making new ones while another drops them, and a
   * dropped buffer is only freed when every thread that saw it has collected its garbage.
   */
  recycle(buffer: SharedArrayBuffer): void {
    const slot = this.owners.get(buffer)
    if (slot === undefined) return
    this.owners.delete(buffer)
    if (slot.returned.length < MAX_RETURNED) slot.returned.push(buffer)
  }

  /** Stops the workers. Renders still running on the pool fail. */
  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    const clients = [...this.clients.values()]
    this.clients.clear()
    for (const client of clients) client.fail(new Error('the worker pool was closed'))
    await Promise.all(this.slots.map((slot) => slot.worker.terminate()))
  }

  private usable(): void {
    if (this.failure) throw this.failure
    if (this.closed) throw new Error('the worker pool is closed')
  }

  private received(slot: Slot, r: WorkerResult): void {
    slot.busy--
    if (--this.inFlight === 0) for (const s of this.slots) s.worker.unref()
    if ('output' in r && r.length > 0) this.owners.set(r.output, slot)
    this.clients.get(r.file)?.result(r)
  }

  /**
   * A worker died: the pool cannot keep its promises, so every render on it fails and the other
   * workers stop (jobs lost with the dead one would otherwise keep them ref'd, and the process
   * alive, until `close()`).
   */
  private broken(error: Error): void {
    if (this.failure !== undefined) return
    this.failure = error
    const clients = [...this.clients.values()]
    this.clients.clear()
    for (const client of clients) client.fail(error)
    for (const slot of this.slots) {
      slot.worker.unref()
      void slot.worker.terminate()
    }
  }
}
