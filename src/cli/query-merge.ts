/**
 * A query's second pass over several planned logs (query-plan.ts): each log's events in record-id
 * order (`PlannedEvents`, query-runs.ts), merged by the time they were created, oldest first,
 * earlier logs first on equal times: wevtutil's order, the one `mergeMatches` gives from lists.
 * Forwards, the events are printed as the merge reaches them, and `-c N` stops it after N. Newest
 * first (`--rd`) is that order reversed, and a log's times need not follow its record ids, so the
 * merge runs to its end keeping only the last N events' places (all of them without `-c`), which
 * are then read again and printed backwards (query-listed.ts).
 */
import type { EventPrefilter } from '../evtx/prefilter.js'
import type { EvtxRecord } from '../evtx/record.js'
import type { OpenFiles } from './open-files.js'
import { printOrder } from './query-listed.js'
import { RecordFetcher } from './query-fetch.js'
import { clampTicks, MatchList } from './query-matches.js'
import type { EventPrinter } from './query-print.js'
import type { PlannedEvents } from './query-runs.js'
import { recordTicks } from './query-scan.js'


/**
 * Hands the first `count` events of the merge to `visit` (the stream's index and the record, which
 * stays readable until `visit`'s promise settles).
 */
async function eachMerged(streams: readonly PlannedEvents[], count: number, visit: (stream: number, record: EvtxRecord) => Promise<void> | undefined): Promise<void> {
  const ticks: Array<bigint | undefined> = streams.map(() => undefined)
  let live = streams.map((_, i) => i)
  for (let n = 0; n < count; n++) {
    // Every log still going has its next event at hand (reading further where it must).
    for (let k = 0; k < live.length; ) {
      const stream = streams[live[k] as number] as PlannedEvents
      if (stream.peek() !== undefined) k++
      else if (!(await stream.fill())) live = live.filter((_, j) => j !== k)
    }
    if (live.length === 0) return
    let best = -1
    let bestTicks = 0n
    for (const i of live) {
      const t = (ticks[i] ??= clampTicks(recordTicks((streams[i] as PlannedEvents).peek() as EvtxRecord)))
      if (best < 0 || t < bestTicks) {
        best = i
        bestTicks = t
      }
    }
    const stream = streams[best] as PlannedEvents
    const record = stream.peek() as EvtxRecord
    stream.advance()
    ticks[best] = undefined
    const done = visit(best, record)
    if (done !== undefined) await done
  }
}

/**
 * Prints the events of several planned logs in wevtutil's order: the first `limit` (all without
 * one), or with `newestFirst` the last `limit` newest first. Returns how many were chosen. Closes
 * the streams. `files`: where the streams open their files, if they share one (the newest-first
 * reads use it too); its owner closes it.
 */
export async function printMerged(streams: readonly PlannedEvents[], limit: number | undefined, newestFirst: boolean, prefilter: EventPrefilter | undefined, printer: EventPrinter, files?: OpenFiles): Promise<number> {
  try {
    if (!newestFirst) {
      let shown = 0
      await eachMerged(streams, limit ?? Number.POSITIVE_INFINITY, (i, record) => {
        shown++
        return printer.print((streams[i] as PlannedEvents).log, record)
      })
      return shown
    }
    // The last `limit` places of the whole merge, in a ring of three arrays (every place without
    // a limit). Reading every event of every log for its time is what newest-first costs here:
    // two copies of the bench's 1 GiB log with --rd -c 3 took 9 s and 123 MB (lists: 5.5 s, 394 MB).
    const keep = limit ?? Number.POSITIVE_INFINITY
    const ringStream: number[] = []
    const ringId: number[] = []
    const ringOffset: number[] = []
    let next = 0
    if (keep > 0) {
      await eachMerged(streams, Number.POSITIVE_INFINITY, (stream, record) => {
        ringStream[next] = stream
        ringId[next] = record.recordId
        ringOffset[next] = record.fileOffset
        next = next + 1 === keep ? 0 : next + 1
        return undefined
      })
    }
    // Oldest first: from `next` when the ring went round, else from the start.
    const size = ringStream.length
    const from = size < keep ? 0 : next
    // As lists: one per log with its kept places, in merge order.
    const lists = streams.map((s) => new MatchList(s.log, undefined, false))
    const listOf = new Uint32Array(size)
    const items = new Uint32Array(size)
    for (let k = 0; k < size; k++) {
      const at = (from + k) % size
      const stream = ringStream[at] as number
      const list = lists[stream] as MatchList
      listOf[k] = stream
      items[k] = list.length
      list.push(ringId[at] as number, ringOffset[at] as number, 0n)
    }
    const fetcher = new RecordFetcher(prefilter, files)
    try {
      await printOrder({ lists, listOf, items }, size - 1, -1, fetcher, printer)
    } finally {
      await fetcher.close()
    }
    return size
  } finally {
    await Promise.all(streams.map((s) => s.close()))
  }
}
