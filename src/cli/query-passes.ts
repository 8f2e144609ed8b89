/**
 * A query's two passes over its logs, and how its matches are kept between them. The first pass
 * (query-scan.ts) finds the matches; the second reads the printed ones again, in wevtutil's
 * order (each log in record-id order, several logs merged by time, `/rd` reversed, `/c` counted
 * from the start):
 *
 * - as plans (query-plan.ts: 2 bytes a match), one log's ascending runs merged by id
 *   (query-runs.ts), several logs' events merged by time as they are read (query-merge.ts);
 * - as lists (query-matches.ts: 16–24 bytes a match, sorted), when a log's ids are out of order in
 *   too many places for a plan, and for every event of several logs newest first, where every
 *   match's place is kept either way.
 */
import type { EventPrefilter } from '../evtx/prefilter.js'
import type { EvtxRecord } from '../evtx/record.js'
import type { CliIo } from './io.js'
import { OpenFiles } from './open-files.js'
import { rereadContext } from './query-fetch.js'
import { printListed } from './query-listed.js'
import type { LogFile } from './query-logs.js'
import { type MatchLimit, MatchList } from './query-matches.js'
import { printMerged } from './query-merge.js'
import { MatchPlan } from './query-plan.js'
import type { EventPrinter } from './query-print.js'
import { BATCH_CHUNKS, eachPlannedEvent, PlannedEvents, SLICE } from './query-runs.js'
import { scanLog } from './query-scan.js'

export interface QueryPasses {
  readonly logs: readonly LogFile[]
  /** The query's test for a record of `log` (a QueryList's depends on the log). */
  readonly selectFor: (log: LogFile) => (record: EvtxRecord) => boolean
  readonly prefilter: EventPrefilter | undefined
  /** Receives the provider names the first pass saw (for the hints). */
  readonly seen: Set<string>
  /** `/c:N`. */
  readonly limit: number | undefined
  /** `/rd:true`. */
  readonly rd: boolean
  readonly io: CliIo
}

/** The first pass over `log`, into `matches`; problems go to stderr and names to `seen` when `report`. */
async function scan(q: QueryPasses, log: LogFile, matches: MatchPlan | MatchList, report: boolean): Promise<void> {
  const r = await scanLog(log, q.selectFor(log), q.io, report, q.prefilter, matches)
  if (report) for (const p of r.providers) q.seen.add(p)
}

/** The matches of every log as lists (read again when `report` is false: a first pass was made). */
async function lists(q: QueryPasses, keep: MatchLimit | undefined, withTimes: boolean, report: boolean): Promise<MatchList[]> {
  const out: MatchList[] = []
  for (const log of q.logs) {
    const list = new MatchList(log, keep, withTimes)
    await scan(q, log, list, report)
    out.push(list)
  }
  return out
}

/** Finds the query's matches and prints them with `printer`; returns how many were chosen to print. */
export async function findAndPrint(q: QueryPasses, printer: EventPrinter): Promise<number> {
  const { logs, limit, rd, prefilter } = q
  if (logs.length > 1 && rd && limit === undefined) return printListed(await lists(q, undefined, true, true), limit, rd, prefilter, printer)
  const plans: MatchPlan[] = []
  for (const log of logs) {
    const plan = new MatchPlan()
    await scan(q, log, plan, true)
    plans.push(plan)
  }
  if (!plans.every((p) => p.ordered)) {
    // With -c, a log keeps only the matches that can be printed (see MatchLimit); the last N
    // only for one log.
    const keep: MatchLimit | undefined = limit === undefined ? undefined : !rd ? { count: limit, from: 'first' } : logs.length === 1 ? { count: limit, from: 'last' } : undefined
    return printListed(await lists(q, keep, logs.length > 1, false), limit, rd, prefilter, printer)
  }
  const single = logs.length === 1 ? logs[0] : undefined
  if (single !== undefined) {
    const plan = plans[0] as MatchPlan
    const shown = Math.min(plan.length, limit ?? Number.POSITIVE_INFINITY)
    await eachPlannedEvent(single, plan, rereadContext(single, prefilter), rd, shown, (record) => printer.print(single, record))
    return shown
  }
  // The logs share one budget of read buffers (a query of the 53 corpus files together took 64 MB
  // more than with lists when each log had its own), and of open files.
  const chunks = Math.max(1, Math.floor(BATCH_CHUNKS / logs.length))
  const files = new OpenFiles()
  try {
    return await printMerged(logs.map((log, i) => new PlannedEvents(log, plans[i] as MatchPlan, rereadContext(log, prefilter), false, chunks, SLICE, files)), limit, rd, prefilter, printer, files)
  } finally {
    await files.close()
  }
}
