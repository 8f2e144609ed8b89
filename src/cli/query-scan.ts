/**
 * Reading logs for a query: the events that match, in the order wevtutil returns them, and the
 * provider names seen (for typo hints). A log is read in file order; events of several logs are
 * merged by the time they were created, oldest first.
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

export interface Match {
  readonly log: LogFile
  readonly record: EvtxRecord
  /** TimeCreated in FILETIME ticks (the record's written time when it has none). */
  readonly ticks: bigint
}

export interface ScanResult {
  readonly matches: Match[]
  readonly providers: Set<string>
  /** The newest TimeCreated seen, in ticks. */
  newest: bigint | undefined
}

export function recordTicks(record: EvtxRecord): bigint {
  const text = selectValue(record, SYSTEM_PATHS.timeCreated)
  const t = text === undefined ? undefined : parseEventTime(text)
  return t ?? (BigInt(record.writtenHigh) << 32n) + BigInt(record.writtenLow)
}

/**
 * Reads one log, keeping the records `select` accepts. Problems in the file go to stderr once.
 * With a `prefilter` (scan mode), records it rules out are skipped unparsed: they count neither
 * for `providers` nor for `newest`.
 */
export async function scanLog(log: LogFile, select: ((r: EvtxRecord) => boolean) | undefined, io: CliIo, report = true, prefilter?: EventPrefilter): Promise<ScanResult> {
  const result: ScanResult = { matches: [], providers: new Set(), newest: undefined }
  const onDiagnostic = (d: Diagnostic) => {
    if (report && d.severity !== 'info') void writeOut(io.stderr, `${formatDiagnostic(log.display, d)}\n`)
  }
  await withInputFile(log.display, async () => {
    for await (const record of readEvtx(log.path, prefilter === undefined ? { onDiagnostic } : { onDiagnostic, prefilter })) {
      const provider = selectValue(record, SYSTEM_PATHS.provider)
      if (provider !== undefined) result.providers.add(provider)
      const ticks = recordTicks(record)
      if (result.newest === undefined || ticks > result.newest) result.newest = ticks
      if (select?.(record)) result.matches.push({ log, record, ticks })
    }
  })
  return result
}

/** Events of several logs in wevtutil's order: each log's in record order, logs merged by time. */
export function mergeMatches(perLog: readonly (readonly Match[])[]): Match[] {
  const lists = perLog.map((l) => [...l].sort((a, b) => a.record.recordId - b.record.recordId)).filter((l) => l.length > 0)
  if (lists.length <= 1) return lists[0] ?? []
  const heads = lists.map(() => 0)
  const out: Match[] = []
  for (;;) {
    let best = -1
    for (let i = 0; i < lists.length; i++) {
      const m = lists[i]?.[heads[i] as number]
      if (m === undefined) continue
      const b = best < 0 ? undefined : lists[best]?.[heads[best] as number]
      if (b === undefined || m.ticks < b.ticks) best = i
    }
    if (best < 0) return out
    out.push(lists[best]?.[heads[best] as number] as Match)
    heads[best] = (heads[best] as number) + 1
  }
}
