/**
 * A query's second pass for matches kept as lists (query-matches.ts; query-passes.ts says when):
 * the lists are put in wevtutil's order and the records printed are read again by
 * `RecordFetcher`, a load of chunks at a time. `printOrder` also prints the places the merge of
 * several planned logs keeps for `/rd /c:N` (query-merge.ts).
 */
import type { EventPrefilter } from '../evtx/prefilter.js'
import { chunkOf, RecordFetcher } from './query-fetch.js'
import type { LogFile } from './query-logs.js'
import { type MatchList, type MatchOrder, mergeMatches } from './query-matches.js'
import type { EventPrinter } from './query-print.js'

/** Chunks loaded at once for printing: 2 MiB of bytes, read in runs of neighbouring chunks. */
const CHUNKS_PER_LOAD = 32

/**
 * Prints matches `from` (included) to `to` (excluded) of `order`, backwards when `from > to`,
 * reading the records again a load of chunks at a time.
 */
export async function printOrder(order: MatchOrder, from: number, to: number, fetcher: RecordFetcher, printer: EventPrinter): Promise<void> {
  const step = from <= to ? 1 : -1
  const at = (k: number) => {
    const list = order.lists[order.listOf[k] as number] as MatchList
    return { list, item: order.items[k] as number }
  }
  for (let k = from; k !== to; ) {
    const chunks = new Map<string, readonly [LogFile, number]>()
    let end = k
    for (; end !== to; end += step) {
      const { list, item } = at(end)
      const index = chunkOf(list.fileOffset(item))
      const key = `${order.listOf[end]}:${index}`
      if (!chunks.has(key)) {
        if (chunks.size === CHUNKS_PER_LOAD) break
        chunks.set(key, [list.log, index])
      }
    }
    await fetcher.load([...chunks.values()])
    for (; k !== end; k += step) {
      const { list, item } = at(k)
      const written = printer.print(list.log, fetcher.record(list.log, list.fileOffset(item), list.recordId(item)))
      if (written !== undefined) await written
    }
  }
}

/** Matches kept as lists, put in wevtutil's order and printed; returns how many were chosen to print. */
export async function printListed(perLog: MatchList[], limit: number | undefined, rd: boolean, prefilter: EventPrefilter | undefined, printer: EventPrinter): Promise<number> {
  // Only the events that can be printed: the first or last N of the merge.
  const order = mergeMatches(perLog, limit === undefined ? undefined : { count: limit, from: rd ? 'last' : 'first' })
  const shown = Math.min(order.items.length, limit ?? Number.POSITIVE_INFINITY)
  const fetcher = new RecordFetcher(prefilter)
  try {
    if (rd) await printOrder(order, order.items.length - 1, order.items.length - 1 - shown, fetcher, printer)
    else await printOrder(order, 0, shown, fetcher, printer)
  } finally {
    await fetcher.close()
  }
  return shown
}
