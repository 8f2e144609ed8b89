/**
 * A query's matches between its two passes when they must be sorted, and wevtutil's order of
 * them: each log's in record-id order (not file order in a log that has wrapped), logs merged by
 * the time their events were created, oldest first. Used when a log's ids are out of order in too
 * many places for a `MatchPlan` (query-plan.ts, used otherwise) and for every event of several
 * logs newest first (query-passes.ts). A match is 24 bytes in typed arrays: record id, the record's
 * file offset (to read it again), its time in FILETIME ticks (16 bytes for a query of one log,
 * which needs no times).
 */
import type { LogFile } from './query-logs.js'

const MAX_TICKS = (1n << 64n) - 1n

/** A time as a list keeps it: clamped to 64-bit ticks (a merge of plans compares it the same way). */
export function clampTicks(ticks: bigint): bigint {
  return ticks < 0n ? 0n : ticks > MAX_TICKS ? MAX_TICKS : ticks
}

/**
 * Which matches a caller will print at most: the first `count` in record-id order, or the last
 * (`/c:N`, with `/rd` for the last). The first N events of logs merged by time are the first N
 * of the merge of each log's first N (the merge's choices up to then look at no later event),
 * so a log keeps only those. Not so for the last N: the merge takes the earliest time among the
 * heads, and a log's times need not grow with its record ids, so which events end the merge
 * depends on all of them; `last` is for a query of one log.
 */
export interface MatchLimit {
  readonly count: number
  readonly from: 'first' | 'last'
}

/** Matches per segment once a list has outgrown its first, growing one (2^16). */
const SEGMENT_BITS = 16
const SEGMENT = 1 << SEGMENT_BITS
const IN_SEGMENT = SEGMENT - 1

/**
 * The matches of one log, 24 bytes each (16 without times: one log needs no merge by time):
 * record id, the record's file offset, its time in ticks. Kept in segments of 2^16 (the first
 * grows to that size by doubling), so a list of a million matches is never copied to grow and
 * holds at most one segment more than it needs (a doubling array held up to three times the
 * bytes while it grew: 75 MB of buffers for the 1.16 million matches of a query on the bench's
 * 1 GiB log).
 */
export class MatchList {
  readonly log: LogFile
  length = 0
  private capacity = 16
  private ids: Float64Array[] = [new Float64Array(16)]
  private offsets: Float64Array[] = [new Float64Array(16)]
  private times: BigUint64Array[] | undefined
  private readonly limit: MatchLimit | undefined

  /**
   * @param limit - keep only the matches a limited caller may print
   * @param withTimes - keep each match's time (needed to merge several logs by time)
   */
  constructor(log: LogFile, limit?: MatchLimit, withTimes = true) {
    this.log = log
    this.limit = limit
    if (withTimes) this.times = [new BigUint64Array(16)]
  }

  push(recordId: number, fileOffset: number, ticks: bigint): void {
    if (this.length === this.capacity) {
      if (this.limit !== undefined && this.length >= 2 * this.limit.count) this.trim(this.limit)
      if (this.length === this.capacity) this.grow()
    }
    const i = this.length++
    const seg = i >>> SEGMENT_BITS
    const at = i & IN_SEGMENT
    ;(this.ids[seg] as Float64Array)[at] = recordId
    ;(this.offsets[seg] as Float64Array)[at] = fileOffset
    if (this.times !== undefined) (this.times[seg] as BigUint64Array)[at] = clampTicks(ticks)
  }

  recordId(i: number): number {
    return (this.ids[i >>> SEGMENT_BITS] as Float64Array)[i & IN_SEGMENT] as number
  }

  fileOffset(i: number): number {
    return (this.offsets[i >>> SEGMENT_BITS] as Float64Array)[i & IN_SEGMENT] as number
  }

  /** The match's time in ticks (0 when the list keeps no times). */
  ticks(i: number): bigint {
    return this.times === undefined ? 0n : ((this.times[i >>> SEGMENT_BITS] as BigUint64Array)[i & IN_SEGMENT] as bigint)
  }

  /** The indexes of the matches in record-id order (file order among equal ids). */
  inRecordOrder(): Uint32Array {
    const order = new Uint32Array(this.length)
    let sorted = true
    let previous = Number.NEGATIVE_INFINITY
    for (let i = 0; i < order.length; i++) {
      order[i] = i
      const id = this.recordId(i)
      if (id < previous) sorted = false
      previous = id
    }
    if (sorted) return order
    // The ids in one array for the comparator (segment lookups in a sort's inner loop cost more).
    // A plain numeric sort of packed id × n + index keys used less memory (8 MB of 173 on the
    // bench's 1 GiB query) but made that query a second slower: measured and left.
    const ids = new Float64Array(this.length)
    for (let i = 0; i < ids.length; i++) ids[i] = this.recordId(i)
    return order.sort((a, b) => (ids[a] as number) - (ids[b] as number) || a - b)
  }

  /** Keeps the `limit.count` matches a limited caller may print, in the order they came. */
  private trim(limit: MatchLimit): void {
    const order = this.inRecordOrder()
    const kept = (limit.from === 'first' ? order.subarray(0, limit.count) : order.subarray(order.length - limit.count)).sort()
    // kept[k] >= k: moving each kept match down to place k never overwrites one still to move.
    for (let k = 0; k < kept.length; k++) this.move(kept[k] as number, k)
    this.length = kept.length
  }

  private move(from: number, to: number): void {
    const fs = from >>> SEGMENT_BITS
    const fa = from & IN_SEGMENT
    const ts = to >>> SEGMENT_BITS
    const ta = to & IN_SEGMENT
    ;(this.ids[ts] as Float64Array)[ta] = (this.ids[fs] as Float64Array)[fa] as number
    ;(this.offsets[ts] as Float64Array)[ta] = (this.offsets[fs] as Float64Array)[fa] as number
    if (this.times !== undefined) (this.times[ts] as BigUint64Array)[ta] = (this.times[fs] as BigUint64Array)[fa] as bigint
  }

  /** Doubles the first segment up to 2^16 entries, then adds segments of that size. */
  private grow(): void {
    if (this.capacity < SEGMENT) {
      const n = this.capacity * 2
      this.ids[0] = widened(this.ids[0] as Float64Array, new Float64Array(n))
      this.offsets[0] = widened(this.offsets[0] as Float64Array, new Float64Array(n))
      if (this.times !== undefined) this.times[0] = widened(this.times[0] as BigUint64Array, new BigUint64Array(n))
      this.capacity = n
      return
    }
    this.ids.push(new Float64Array(SEGMENT))
    this.offsets.push(new Float64Array(SEGMENT))
    this.times?.push(new BigUint64Array(SEGMENT))
    this.capacity += SEGMENT
  }
}

function widened<T extends Float64Array | BigUint64Array>(from: T, to: T): T {
  ;(to as Float64Array).set(from as Float64Array)
  return to
}

/** Matches in output order: match k is item `items[k]` of list `lists[listOf[k]]`. */
export interface MatchOrder {
  readonly lists: readonly MatchList[]
  readonly listOf: Uint32Array
  readonly items: Uint32Array
}

/**
 * Events of several logs in wevtutil's order: each log's in record order, logs merged by time.
 * With `window`, only the first or last `count` of that order are kept (the merge still runs
 * over every match, but holds no more than those: for `--rd -c N` over several logs of millions
 * of matches, two arrays of N instead of two arrays of millions).
 */
export function mergeMatches(perLog: readonly MatchList[], window?: MatchLimit): MatchOrder {
  const lists = perLog.filter((l) => l.length > 0)
  const orders = lists.map((l) => l.inRecordOrder())
  const total = lists.reduce((n, l) => n + l.length, 0)
  const size = window === undefined ? total : Math.min(total, window.count)
  // One log: its record order is the order (no times needed, and it may keep none).
  if (lists.length === 1) {
    const order = orders[0] as Uint32Array
    const items = window === undefined ? order : window.from === 'first' ? order.subarray(0, size) : order.subarray(total - size)
    return { lists, listOf: new Uint32Array(size), items }
  }
  const listOf = new Uint32Array(size)
  const items = new Uint32Array(size)
  if (size === 0) return { lists, listOf, items }
  const end = window?.from === 'first' ? size : total
  const heads = lists.map(() => 0)
  for (let k = 0; k < end; k++) {
    let best = -1
    let bestTicks = 0n
    for (let i = 0; i < lists.length; i++) {
      const order = orders[i] as Uint32Array
      const head = heads[i] as number
      if (head >= order.length) continue
      const t = (lists[i] as MatchList).ticks(order[head] as number)
      if (best < 0 || t < bestTicks) {
        best = i
        bestTicks = t
      }
    }
    const head = heads[best] as number
    // The last `size` go round a ring; the first `size` (or all) go in place.
    const at = k % size
    listOf[at] = best
    items[at] = (orders[best] as Uint32Array)[head] as number
    heads[best] = head + 1
  }
  // The ring's oldest entry is at end % size: turn it to the front.
  const turn = end % size
  if (turn !== 0) return { lists, listOf: rotated(listOf, turn), items: rotated(items, turn) }
  return { lists, listOf, items }
}

/** `a` turned left by `by`: a[by], a[by + 1], …, a[0], …, a[by - 1]. */
function rotated(a: Uint32Array, by: number): Uint32Array {
  const out = new Uint32Array(a.length)
  out.set(a.subarray(by))
  out.set(a.subarray(0, by), a.length - by)
  return out
}
