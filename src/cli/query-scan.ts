/**
 * Reading logs for a query, first pass: which events match and the provider names seen (for typo
 * hints). A log is read in file order.
 *
 * A match is handed on as numbers (to a `MatchPlan`, query-plan.ts, or a `MatchList`,
 * query-matches.ts), never kept as the record: a record keeps its chunk's bytes, and keeping every
 * match kept most of a large log in memory (1.2–3.2 GB for a 1 GiB log). The records to print are
 * read again in the second pass (query-runs.ts, query-fetch.ts).
 */
import { selectValue } from '../access/select.js'
import { readTimeCreatedFiletime, SYSTEM_PATHS } from '../access/system.js'
import { YEAR_10000_TICKS } from '../binary/filetime.js'
import type { Diagnostic } from '../diagnostics.js'
import { EvtxError } from '../errors.js'
import type { EventPrefilter } from '../evtx/prefilter.js'
import { readEvtxChunks } from '../evtx/read.js'
import type { EvtxRecord } from '../evtx/record.js'
import { parseEventTime } from '../query/time.js'
import { renderFailure } from '../render/record-line.js'
import { formatDiagnostic } from './diagnostics-out.js'
import { type CliIo, withInputFile, writeOut } from './io.js'
import type { LogFile } from './query-logs.js'

/**
 * TimeCreated in FILETIME ticks (the record's written time when it has none or it is not a time).
 * A FILETIME value is taken as it is, which is what rendering it and reading the text back gives
 * before the year 10000 (a tenth of a query's time went into that round trip).
 */
export function recordTicks(record: EvtxRecord): bigint {
  const raw = readTimeCreatedFiletime(record)
  if (raw !== undefined && raw < YEAR_10000_TICKS) return raw
  const text = selectValue(record, SYSTEM_PATHS.timeCreated)
  const t = text === undefined ? undefined : parseEventTime(text)
  return t ?? (BigInt(record.writtenHigh) << 32n) + BigInt(record.writtenLow)
}

/** Where the first pass hands each match: its record id, file offset and time in ticks. */
export interface MatchSink {
  push(recordId: number, fileOffset: number, ticks: bigint): void
}

export interface ScanResult {
  /** Records the query selected. */
  matched: number
  readonly providers: Set<string>
  /** The newest TimeCreated seen, in ticks. */
  newest: bigint | undefined
}

/**
 * Whether `select` accepts the record. A record the query cannot read (its text would pass the
 * render limit) is reported with its place and not selected; the other records are read on.
 */
function selects(select: (r: EvtxRecord) => boolean, record: EvtxRecord, onDiagnostic: (d: Diagnostic) => void): boolean {
  try {
    return select(record)
  } catch (error) {
    if (!(error instanceof EvtxError)) throw error
    onDiagnostic(renderFailure(record, error))
    return false
  }
}

/**
 * Reads one log, noting the records `select` accepts and the provider names of the records read
 * (without `select`, only the newest time is wanted). Problems in the file go to stderr once.
 * With a `prefilter` (scan mode), records it rules out are skipped unparsed: they count neither
 * for `providers` nor for `newest`. No record outlives its step, so the reader reuses its buffers.
 * Each match goes to `matches` (a `MatchPlan` or a `MatchList`) when given.
 */
export async function scanLog(
  log: LogFile,
  select: ((r: EvtxRecord) => boolean) | undefined,
  io: CliIo,
  report = true,
  prefilter?: EventPrefilter,
  matches?: MatchSink,
): Promise<ScanResult> {
  const result: ScanResult = { matched: 0, providers: new Set(), newest: undefined }
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
    // A chunk's records at a time: one await per chunk, not per record.
    for await (const records of readEvtxChunks(log.path, { onDiagnostic, reuseBuffers: true, ...(prefilter === undefined ? {} : { prefilter }) })) {
      for (const record of records) {
        const ticks = recordTicks(record)
        if (result.newest === undefined || ticks > result.newest) result.newest = ticks
        if (select === undefined) continue
        const provider = selectValue(record, SYSTEM_PATHS.provider)
        if (provider !== undefined) result.providers.add(provider)
        if (selects(select, record, onDiagnostic)) {
          result.matched++
          matches?.push(record.recordId, record.fileOffset, ticks)
        }
      }
    }
  })
  await written
  return result
}
