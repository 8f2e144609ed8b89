/**
 * A query's second pass over one planned log (query-plan.ts): each ascending run of matches is
 * read again chunk by chunk, the records at the places the first pass noted are taken (the query
 * is not evaluated again), and the runs are merged by record id, earlier runs first on equal ids:
 * the order a stable sort of all matches by id gives (file order among equal ids). Backwards
 * (`--rd`) it is that order reversed. Only the chunks that held a match are read, neighbouring
 * ones in one read; memory holds a batch of chunks per run, two past its first (1 MiB each over
 * all runs, and over all logs merged, see {@link BATCH_CHUNKS}; at least a chunk per run) and the
 * records of a slice of a chunk's matches per run ({@link SLICE}), whatever the number of matches.
 */
import { CHUNK_SIZE, FILE_HEADER_BLOCK_SIZE } from '../evtx/constants.js'
import type { ReaderContext } from '../evtx/options.js'
import type { EvtxRecord } from '../evtx/record.js'
import { CliError } from './io.js'
import { OpenFiles } from './open-files.js'
import type { LogFile } from './query-logs.js'
import { type MatchPlan, type MatchRun } from './query-plan.js'
import { parseBlock, readBlocks } from './query-fetch.js'

/**
 * Chunks read at once over all runs (1 MiB; each run gets its share, at least one, and reads
 * its next share while one is printed). 32 was no faster on the bench's 1 GiB log.
 */
export const BATCH_CHUNKS = 16

/** Where the plan's matches start: `starts[i]` is the number of matches before its `i`-th chunk. */
function matchStarts(plan: MatchPlan): Float64Array {
  const starts = new Float64Array(plan.chunkTotal + 1)
  for (let i = 0; i < plan.chunkTotal; i++) starts[i + 1] = (starts[i] as number) + plan.countAt(i)
  return starts
}

/** The plan's chunk (position among the chunks with a match) that holds match `m`. */
function chunkHolding(starts: Float64Array, m: number): number {
  let lo = 0
  let hi = starts.length - 2
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1
    if ((starts[mid] as number) <= m) lo = mid
    else hi = mid - 1
  }
  return lo
}

/** A batch of a run's chunks read into one buffer: plan positions, ascending, and each read. */
interface ReadBatch {
  readonly bytes: Uint8Array
  readonly ascending: readonly number[]
  /** Per read of neighbouring chunks: the block in `bytes` it starts at, its first chunk, how many, the bytes got. */
  readonly reads: ReadonlyArray<{ readonly at: number; readonly first: number; readonly count: number; readonly got: number }>
}

/**
 * One run's matches, read again a batch of chunks at a time, in order or backwards. From the
 * second batch on, while a batch is printed the next one is being read into the other of two
 * buffers (waiting for each read left a third of a query's time idle).
 */
class RunCursor {
  /** The records of the current slice, in the order they go out. */
  private heads: EvtxRecord[] = []
  private at = 0
  /** The current batch's chunks in the order they go out, each with the run's matches still to parse. */
  private pieces: Piece[] = []
  private piece = 0
  /** Next chunk position to read (moving by `step`), and the last one the run has. */
  private next: number
  private readonly last: number
  private readonly step: 1 | -1
  /** Two buffers of `batch` chunks, made at the first read. */
  private readonly buffers: Uint8Array[] = []
  private turn = 0
  private pending: Promise<ReadBatch> | undefined
  private readonly source: RereadLog
  private readonly run: MatchRun
  private readonly batch: number
  private readonly sliceSize: number

  constructor(source: RereadLog, run: MatchRun, backwards: boolean, batch: number, slice: number) {
    this.source = source
    this.run = run
    this.sliceSize = Math.max(1, slice)
    const first = chunkHolding(source.starts, run.start)
    const final = chunkHolding(source.starts, run.end - 1)
    // No larger than the run: a log of a few chunks needs no 1 MiB buffer.
    this.batch = Math.min(batch, final - first + 1)
    this.step = backwards ? -1 : 1
    this.next = backwards ? final : first
    this.last = backwards ? first : final
  }

  /** The record that goes out next from this run (undefined: its batch is spent, see {@link fill}). */
  peek(): EvtxRecord | undefined {
    return this.heads[this.at]
  }

  /**
   * Parses the next slice of the batch, or loads the next batch when this one is spent; false
   * once the run has no more.
   */
  async fill(): Promise<boolean> {
    while (this.at >= this.heads.length) {
      if (this.slice()) continue
      this.pending ??= this.readNext()
      if (this.pending === undefined) return false
      const batch = await this.pending
      // The records of the batch before stood on the other buffer; none is kept, so read into it.
      // Not after the first batch: a run may never get further (a log merged with hundreds whose
      // first match is late, or `-c` met first), and a second buffer for each held 27 MB more for
      // 424 logs with `-c 5` (194 MB against 170 MB); one log's query is as fast without it.
      this.pending = this.turn > 1 ? this.readNext() : undefined
      this.pending?.catch(() => undefined)
      this.take(batch)
    }
    return true
  }

  advance(): void {
    this.at++
  }

  /** Starts reading the run's next `batch` chunks (neighbouring ones in one read), if it has more. */
  private readNext(): Promise<ReadBatch> | undefined {
    if ((this.next - this.last) * this.step > 0) return undefined
    const positions: number[] = []
    for (let p = this.next; positions.length < this.batch && (p - this.last) * this.step <= 0; p += this.step) positions.push(p)
    this.next = (positions[positions.length - 1] as number) + this.step
    const bytes = (this.buffers[this.turn++ & 1] ??= new Uint8Array(this.batch * CHUNK_SIZE))
    return this.readBatch(bytes, this.step === 1 ? positions : positions.reverse())
  }

  private async readBatch(bytes: Uint8Array, ascending: readonly number[]): Promise<ReadBatch> {
    const { plan, log, files } = this.source
    const reads: Array<ReadBatch['reads'][number]> = []
    await files.use(log, async (handle) => {
      for (let k = 0; k < ascending.length; ) {
        const first = plan.chunkAt(ascending[k] as number)
        let j = k + 1
        while (j < ascending.length && plan.chunkAt(ascending[j] as number) === first + (j - k)) j++
        const got = await readBlocks(log, handle, bytes.subarray(k * CHUNK_SIZE, j * CHUNK_SIZE), first)
        reads.push({ at: k, first, count: j - k, got })
        k = j
      }
    })
    return { bytes, ascending, reads }
  }

  /** Notes the chunks of a batch read, in the order they go out; {@link slice} parses them. */
  private take(batch: ReadBatch): void {
    const { starts } = this.source
    const pieces: Piece[] = []
    for (const { at, first, count, got } of batch.reads) {
      const view = batch.bytes.subarray(at * CHUNK_SIZE, (at + count) * CHUNK_SIZE)
      for (let b = 0; b < count; b++) {
        const position = batch.ascending[at + b] as number
        // Only the run's part of its first and last chunks.
        const from = Math.max(this.run.start, starts[position] as number)
        const to = Math.min(this.run.end, starts[position + 1] as number)
        pieces.push({ view, got, first, b, position, from, to })
      }
    }
    if (this.step === -1) pieces.reverse()
    this.pieces = pieces
    this.piece = 0
  }

  /**
   * Parses the next slice of the batch's matches (up to {@link SLICE}, all in one chunk) into
   * `heads`; false when the batch has none left. A chunk's records are parsed a slice at a time,
   * not all at once: 424 logs merged (as many as a Windows logs folder holds) kept a chunk of
   * parsed records each.
   */
  private slice(): boolean {
    for (; this.piece < this.pieces.length; this.piece++) {
      const p = this.pieces[this.piece] as Piece
      if (p.from >= p.to) continue
      let from: number
      let to: number
      if (this.step === 1) {
        from = p.from
        to = Math.min(p.to, from + this.sliceSize)
        p.from = to
      } else {
        to = p.to
        from = Math.max(p.from, to - this.sliceSize)
        p.to = from
      }
      const places = this.source.places(from, to)
      const records = p.b * CHUNK_SIZE < p.got ? parseBlock(this.source.ctx, p.view, p.got, p.first, p.b, places) : []
      const heads = this.source.noted(records, p.position, from, to)
      if (this.step === -1) heads.reverse()
      this.heads = heads
      this.at = 0
      return true
    }
    return false
  }
}

/** Matches parsed at a time from one chunk (see {@link RunCursor.slice}). */
export const SLICE = 32

/** A chunk of a batch read: where its bytes are, and the run's matches in it still to parse (`from` to `to`). */
interface Piece {
  readonly view: Uint8Array
  readonly got: number
  readonly first: number
  readonly b: number
  readonly position: number
  from: number
  to: number
}

/** What the cursors of one log share: where its file is opened, its reader context, the plan. */
class RereadLog {
  readonly starts: Float64Array
  readonly log: LogFile
  readonly plan: MatchPlan
  readonly ctx: ReaderContext
  /** The log's file, opened there for all the cursors (which may read at the same time). */
  readonly files: OpenFiles
  private readonly ownsFiles: boolean
  private placeBuffer = new Int32Array(256)

  constructor(log: LogFile, plan: MatchPlan, ctx: ReaderContext, files: OpenFiles | undefined) {
    this.log = log
    this.plan = plan
    this.ctx = ctx
    this.starts = matchStarts(plan)
    this.ownsFiles = files === undefined
    this.files = files ?? new OpenFiles()
  }

  /**
   * The places (chunk offsets, ascending) of matches `from` to `to` (excluded, all in one chunk),
   * the only records parsed again (in a buffer the next call reuses).
   */
  places(from: number, to: number): Int32Array {
    const count = to - from
    if (count > this.placeBuffer.length) this.placeBuffer = new Int32Array(count)
    for (let k = 0; k < count; k++) this.placeBuffer[k] = this.plan.placeOf(from + k)
    return this.placeBuffer.subarray(0, count)
  }

  /** The records of matches `from` to `to` (excluded) of the plan's chunk `position`, among `records` (in file order). */
  noted(records: readonly EvtxRecord[], position: number, from: number, to: number): EvtxRecord[] {
    const chunk = this.plan.chunkAt(position)
    const base = FILE_HEADER_BLOCK_SIZE + chunk * CHUNK_SIZE
    const out: EvtxRecord[] = []
    let r = 0
    for (let m = from; m < to; m++) {
      const at = base + this.plan.placeOf(m)
      while (r < records.length && (records[r] as EvtxRecord).fileOffset < at) r++
      const record = records[r]
      if (record === undefined || record.fileOffset !== at) {
        throw new CliError(`${this.log.display}: the record at file offset 0x${at.toString(16)} (chunk ${chunk}) could not be read again: did the file change while it was queried?`)
      }
      out.push(record)
    }
    return out
  }

  /** Closes the file unless the pool is shared (its owner closes it). */
  async close(): Promise<void> {
    if (this.ownsFiles) await this.files.close()
  }
}

/**
 * The events of one planned log in record-id order (or newest first, `backwards`), read again:
 * {@link peek} the next one, {@link advance} past it, and {@link fill} when `peek` has none (the
 * next batch of some run is needed), until `fill` says there are no more. The record `peek` gave
 * stays readable until the next `fill`.
 */
export class PlannedEvents {
  readonly log: LogFile
  private readonly source: RereadLog
  private readonly backwards: boolean
  private live: RunCursor[]
  /** The run whose head goes out next, once chosen. */
  private chosen: RunCursor | undefined

  /**
   * `chunks`: how many chunks a batch of all its runs together may hold (logs merged share
   * {@link BATCH_CHUNKS}); `slice`: how many records of a chunk are parsed at a time; `files`:
   * where the file is opened (logs merged share one {@link OpenFiles}, which their caller closes;
   * without it the log's own, closed by {@link close}).
   */
  constructor(log: LogFile, plan: MatchPlan, ctx: ReaderContext, backwards: boolean, chunks = BATCH_CHUNKS, slice = SLICE, files?: OpenFiles) {
    this.log = log
    this.backwards = backwards
    this.source = new RereadLog(log, plan, ctx, files)
    const runs = plan.runs()
    const share = Math.max(1, Math.floor(chunks / Math.max(1, runs.length)))
    this.live = runs.map((run) => new RunCursor(this.source, run, backwards, share, slice))
  }

  /** The next event, or undefined when a run must be read further first ({@link fill}). */
  peek(): EvtxRecord | undefined {
    this.chosen ??= this.choose()
    return this.chosen?.peek()
  }

  advance(): void {
    this.chosen?.advance()
    this.chosen = undefined
  }

  /** Reads further every run whose batch is spent (at once); false once no run has more. */
  async fill(): Promise<boolean> {
    const more = await Promise.all(this.live.map((c) => (c.peek() === undefined ? c.fill() : true)))
    this.live = this.live.filter((_, i) => more[i])
    this.chosen = undefined
    return this.live.length > 0
  }

  async close(): Promise<void> {
    await this.source.close()
  }

  /** Forwards the lowest id, the earliest run on ties; backwards the highest, the latest run. */
  private choose(): RunCursor | undefined {
    let best: RunCursor | undefined
    let bestId = 0
    for (const cursor of this.live) {
      const head = cursor.peek()
      if (head === undefined) return undefined
      const id = head.recordId
      if (best === undefined || (this.backwards ? id >= bestId : id < bestId)) {
        best = cursor
        bestId = id
      }
    }
    return best
  }
}

/**
 * Hands the first `count` events of one planned log, in record-id order (or the last `count`,
 * newest first, `backwards`), to `print`, reading them again `chunks` at a time at most. `ctx`
 * parses as the first pass did.
 */
export async function eachPlannedEvent(
  log: LogFile,
  plan: MatchPlan,
  ctx: ReaderContext,
  backwards: boolean,
  count: number,
  print: (record: EvtxRecord) => Promise<void> | undefined,
  chunks = BATCH_CHUNKS,
  slice = SLICE,
): Promise<void> {
  const events = new PlannedEvents(log, plan, ctx, backwards, chunks, slice)
  try {
    for (let printed = 0; printed < count; ) {
      const record = events.peek()
      if (record === undefined) {
        if (!(await events.fill())) return
        continue
      }
      events.advance()
      printed++
      const written = print(record)
      if (written !== undefined) await written
    }
  } finally {
    await events.close()
  }
}
