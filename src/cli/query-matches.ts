/**
 * A query's matches between its two passes, and wevtutil's order of them: each log's in record-id
 * order (not file order in a log that has wrapped), logs merged by the time their events were
 * created, oldest first. A match is 24 bytes in typed arrays: record id, the record's file offset
 * (to read it again), its time in FILETIME ticks.
 */
import type { LogFile } from './query-logs.js'

const MAX_TICKS = (1n << 64n) - 1n

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

/** The matches of one log, 24 bytes each: record id, the record's file offset, its time in ticks. */
export class MatchList {
  readonly log: LogFile
  length = 0
  private ids = new Float64Array(16)
  private offsets = new Float64Array(16)
  private times = new BigUint64Array(16)
  private readonly limit: MatchLimit | undefined

  constructor(log: LogFile, limit?: MatchLimit) {
    this.log = log
    this.limit = limit
  }

  push(recordId: number, fileOffset: number, ticks: bigint): void {
    if (this.length === this.ids.length) {
      if (this.limit !== undefined && this.length >= 2 * this.limit.count) this.trim(this.limit)
      if (this.length === this.ids.length) this.grow()
    }
    const i = this.length++
    this.ids[i] = recordId
    this.offsets[i] = fileOffset
    this.times[i] = ticks < 0n ? 0n : ticks > MAX_TICKS ? MAX_TICKS : ticks
  }

  recordId(i: number): number {
    return this.ids[i] as number
  }

  fileOffset(i: number): number {
    return this.offsets[i] as number
  }

  ticks(i: number): bigint {
    return this.times[i] as bigint
  }

  /** The indexes of the matches in record-id order (file order among equal ids). */
  inRecordOrder(): Uint32Array {
    const order = new Uint32Array(this.length)
    let sorted = true
    for (let i = 0; i < order.length; i++) {
      order[i] = i
      if (i > 0 && (this.ids[i] as number) < (this.ids[i - 1] as number)) sorted = false
    }
    if (sorted) return order
    const ids = this.ids
    return order.sort((a, b) => (ids[a] as number) - (ids[b] as number) || a - b)
  }

  /** Keeps the `limit.count` matches a limited caller may print, in the order they came. */
  private trim(limit: MatchLimit): void {
    const order = this.inRecordOrder()
    const kept = (limit.from === 'first' ? order.subarray(0, limit.count) : order.subarray(order.length - limit.count)).sort()
    for (let k = 0; k < kept.length; k++) {
      const i = kept[k] as number
      this.ids[k] = this.ids[i] as number
      this.offsets[k] = this.offsets[i] as number
      this.times[k] = this.times[i] as bigint
    }
    this.length = kept.length
  }

  private grow(): void {
    const n = this.ids.length * 2
    const ids = new Float64Array(n)
    const offsets = new Float64Array(n)
    const times = new BigUint64Array(n)
    ids.set(this.ids)
    offsets.set(this.offsets)
    times.set(this.times)
    this.ids = ids
    this.offsets = offsets
    this.times = times
  }
}

/** Matches in output order: match k is item `items[k]` of list `lists[listOf[k]]`. */
export interface MatchOrder {
  readonly lists: readonly MatchList[]
  readonly listOf: Uint32Array
  readonly items: Uint32Array
}

/** Events of several logs in wevtutil's order: each log's in record order, logs merged by time. */
export function mergeMatches(perLog: readonly MatchList[]): MatchOrder {
  const lists = perLog.filter((l) => l.length > 0)
  const orders = lists.map((l) => l.inRecordOrder())
  const total = lists.reduce((n, l) => n + l.length, 0)
  const listOf = new Uint32Array(total)
  const items = new Uint32Array(total)
  const heads = lists.map(() => 0)
  for (let k = 0; k < total; k++) {
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
    listOf[k] = best
    items[k] = (orders[best] as Uint32Array)[head] as number
    heads[best] = head + 1
  }
  return { lists, listOf, items }
}
