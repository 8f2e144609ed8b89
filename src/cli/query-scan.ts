/**
 * Reading logs for a query, first pass: which events match, in the order wevtutil returns them,
 * and the provider names seen (for typo hints). A log is read in file order; events of several
 * logs are merged by the time they were created, oldest first.
 *
 * A match is kept as three numbers (record id, file offset, time), never as the record: a record
 * keeps its chunk's bytes, and keeping every match kept most of a large log in memory (1.2–3.2 GB
 * for a 1 GiB log). The records to print are read again by `RecordFetcher` (query-fetch.ts).
 */
import { selectValue } from '../access/select.js'
import { SYSTEM_PATHS } from '../access/system.js'
import type { Diagnostic } from '../diagnostics.js'
import type { EventPrefilter } from '../evtx/prefilter.js'
import { readEvtx } from '../evtx/read.js'
import type { EvtxRecord } from '../evtx/record.js'
import { parseEventTime } from '../query/time.js'
import { formatDiagnostic } from './diagnostics-out.js'
import { type CliIo, withInputFile, writeOut } from './io.js'
import type { LogFile } from './query-logs.js'

const MAX_TICKS = (1n << 64n) - 1n

/** TimeCreated in FILETIME ticks (the record's written time when it has none). */
export function recordTicks(record: EvtxRecord): bigint {
  const text = selectValue(record, SYSTEM_PATHS.timeCreated)
  const t = text === undefined ? undefined : parseEventTime(text)
  return t ?? (BigInt(record.writtenHigh) << 32n) + BigInt(record.writtenLow)
}

/**
 * Which matches a caller will print at most: the first `count` in record-id order, or the last
 * (`/c:N`, with `/rd` for the last). The first N events of logs merged by time are the first N
 * of the merge of each log's first N (the merge's choices up to then look at no later event),
 * so a log keeps only those. Not so for the last N: the merge takes the smaller time of the two
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

export interface ScanResult {
  readonly matches: MatchList
  readonly providers: Set<string>
  /** The newest TimeCreated seen, in ticks. */
  newest: bigint | undefined
}

/**
 * Reads one log, noting the records `select` accepts. Problems in the file go to stderr once.
 * With a `prefilter` (scan mode), records it rules out are skipped unparsed: they count neither
 * for `providers` nor for `newest`. No record outlives its step, so the reader reuses its buffers.
 * With a `limit`, only the matches it may print are kept.
 */
export async function scanLog(log: LogFile, select: ((r: EvtxRecord) => boolean) | undefined, io: CliIo, report = true, prefilter?: EventPrefilter, limit?: MatchLimit): Promise<ScanResult> {
  const result: ScanResult = { matches: new MatchList(log, limit), providers: new Set(), newest: undefined }
  // Not awaited one by one (the reader calls back synchronously); all are before the scan returns,
  // so the problems of a log come before its events even when stderr and stdout share a pipe.
  let written: Promise<void> = Promise.resolve()
  const onDiagnostic = (d: Diagnostic) => {
    if (report && d.severity !== 'info') {
      const line = writeOut(io.stderr, `${formatDiagnostic(log.display, d)}\n`)
      written = written.then(() => line)
    }
  }
  await withInputFile(log.display, async () => {
    for await (const record of readEvtx(log.path, { onDiagnostic, reuseBuffers: true, ...(prefilter === undefined ? {} : { prefilter }) })) {
      const provider = selectValue(record, SYSTEM_PATHS.provider)
      if (provider !== undefined) result.providers.add(provider)
      const ticks = recordTicks(record)
      if (result.newest === undefined || ticks > result.newest) result.newest = ticks
      if (select?.(record)) result.matches.push(record.recordId, record.fileOffset, ticks)
    }
  })
  await written
  return result
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
