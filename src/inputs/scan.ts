/**
 * Reading one log file for the analysis: every record is counted and dated, and only records
 * whose provider and event id a rule wants are normalized and handed on ("scan mode").
 *
 * The parser's scan mode does the filtering: per record it locates the event id (and, only for
 * wanted ids, the provider) in the record's template values without parsing the record; records
 * no rule wants are skipped unread. Record counts, ids and times come from the chunk summaries,
 * which cover skipped records too; the channel and computer from each chunk's first record. A damaged file
 * yields what can be read plus its diagnostics; a file that cannot be read at all is summarised
 * with its error. Neither stops the other inputs.
 *
 * With `parallel`, a file on disk is scanned by worker threads instead (node/parallel-scan.ts):
 * the same events, block notes and diagnostics, in the same order.
 */
import type { Diagnostic, Severity } from '../diagnostics.js'
import { EvtxError, EvtxErrorCode } from '../errors.js'
import { missingFacts } from '../evtx/completeness.js'
import { CHUNK_SIZE, FILE_HEADER_BLOCK_SIZE } from '../evtx/constants.js'
import { readEvtxChunks } from '../evtx/read.js'
import type { NormalizedEvent } from '../model/event.js'
import { normalizeOrReport } from '../model/normalize-or-report.js'
import type { BatchOptions } from '../node/ordered-batches.js'
import type { CompiledRuleSet } from '../rules/compile.js'
import { prefilterOf } from '../rules/compile.js'
import { failureScenariosOf } from '../rules/failure-scenarios.js'
import { channelFromFileName } from './channels.js'
import { describeLogClear, LOG_CLEAR_EVENTS, type LogClear, logClearOf } from './log-clears.js'
import type { InputFile } from './discover.js'
import { daysOutOfLine, laterRecord } from './last-written.js'
import { KeptDiagnostics } from './kept-diagnostics.js'
import { type LeftoverFailures, LeftoverEvents, normalizeLeftover } from './leftover-events.js'
import { type ScannedChunk, scannedChunk, scanPrefilter } from './scan-mode.js'

/** Diagnostics kept per file in full; the rest are only counted. */
export const MAX_DIAGNOSTICS_KEPT = 20

/** Clears of logs kept (and noted) per file; the rest are only counted. */
const MAX_CLEARS_KEPT = 10

/** The index of the earliest of `clears` (one without a time counts as earliest). */
function earliestClear(clears: readonly LogClear[]): number {
  let at = 0
  for (let i = 1; i < clears.length; i++) if ((clears[i]?.timeMs ?? Number.NEGATIVE_INFINITY) < (clears[at]?.timeMs ?? Number.NEGATIVE_INFINITY)) at = i
  return at
}

/** Computers a note names one by one; past it, it counts them. */
const MAX_COMPUTERS_NAMED = 3

/** Names with their record counts, most records first, then by name. */
function byRecords(counts: ReadonlyMap<string, number>): Array<{ name: string; records: number }> {
  return [...counts].map(([name, records]) => ({ name, records })).sort((a, b) => b.records - a.records || a.name.localeCompare(b.name))
}

export interface InputSummary {
  readonly file: string
  readonly origin: InputFile['origin']
  readonly size: number | null
  /** The channel the records name (most records), else the one the file name stands for. */
  readonly channel: string | null
  readonly fileNameChannel: string
  readonly channels: Array<{ name: string; records: number }>
  /** The computers the records name (each block's first record), most records first. */
  readonly computers: Array<{ name: string; records: number }>
  readonly records: number
  /** Records handed to the rules (those that passed the provider/event-id prefilter). */
  readonly recordsExamined: number
  readonly recordIds: { first: number; last: number } | null
  /** Written times of the oldest and newest records. */
  readonly timeRange: { first: string; last: string } | null
  readonly chunks: { valid: number; empty: number; bad: number; truncated: number }
  readonly diagnostics: {
    total: number
    bySeverity: Record<Severity, number>
    byCode: Record<string, number>
    items: Diagnostic[]
  }
  readonly status: 'ok' | 'damaged' | 'unreadable'
  readonly error: string | null
  readonly notes: string[]
  /** The clears of logs this input's events record (inputs/log-clears.ts): the latest MAX_CLEARS_KEPT, in file order. */
  readonly logClears: LogClear[]
  /**
   * Failure events of each scenario among the records a wrap or a clear left in the file's unused
   * space (inputs/leftover-events.ts): not part of the log, never analyzed, but after a clear
   * perhaps all that is left of a problem.
   */
  readonly leftoverFailures: LeftoverFailures[]
}

export interface ScanResult {
  readonly summary: InputSummary
  /** Written time of the newest record (ms since the epoch), for the window anchor. */
  readonly newestMs: number | undefined
  readonly newestTime: string | undefined
}

export interface ScanOptions {
  readonly strict?: boolean
  readonly signal?: AbortSignal
  /** Bytes of this file read so far (called once per 64 KiB chunk). */
  readonly onBytes?: (bytesRead: number) => void
  /**
   * Scan on worker threads (a pool, or a thread count for one started for this file). Used for a
   * file on disk of at least one chunk, and not with `strict`: a worker's batch that fails in
   * strict mode is lost whole, where the in-process scan keeps the chunks before the failure.
   */
  readonly parallel?: Pick<BatchOptions, 'pool' | 'threads' | 'batchBlocks' | 'workerUrl'>
}

/** Whether `scanInput` scans this file on worker threads. */
export function scansInParallel(file: InputFile, options: ScanOptions): boolean {
  return options.parallel !== undefined && options.strict !== true && typeof file.source === 'string' && (file.size ?? 0) >= FILE_HEADER_BLOCK_SIZE + CHUNK_SIZE
}

/**
 * A note when the file's newest written time is out of line with its last-written record's
 * (inputs/last-written.ts): such a time can make every real failure look stale when it ends the
 * window, so the note names the time to give `--now` instead.
 */
function newestOutOfLine(newest: { ms: number; text: string } | undefined, last: ScannedChunk['lastRecord']): string | undefined {
  const days = daysOutOfLine(newest?.ms, last)
  if (days === undefined || newest === undefined || last === undefined) return undefined
  return (
    `the newest written time, ${newest.text}, is ${days.toFixed(1)} days after that of the last-written record (record ${last.id}, ${last.writtenTime}): ` +
    `a damaged time or a clock set back. When it ends the window, a failure logged since may look stale; --now ${last.writtenTime} ends the window at the last-written record instead`
  )
}

/**
 * Reads one log file, handing each wanted event to `sink`.
 * @param file - the file to read
 * @param rules - the compiled rules (their prefilter decides which records are normalized)
 * @param sink - receives each wanted event
 * @throws {EvtxError} ABORTED when `signal` aborts; other read errors are summarised, not thrown
 */
export async function scanInput(
  file: InputFile,
  rules: CompiledRuleSet,
  sink: (event: NormalizedEvent) => unknown,
  options: ScanOptions = {},
): Promise<ScanResult> {
  const fileNameChannel = channelFromFileName(file.display)
  const diagnostics: InputSummary['diagnostics'] = { total: 0, bySeverity: { info: 0, warning: 0, error: 0 }, byCode: {}, items: [] }
  const chunks = { valid: 0, empty: 0, bad: 0, truncated: 0 }
  const channels = new Map<string, number>()
  const computers = new Map<string, number>()
  let records = 0
  let examined = 0
  let minId = Number.POSITIVE_INFINITY
  let maxId = Number.NEGATIVE_INFINITY
  let oldest: { ms: number; text: string } | undefined
  let newest: { ms: number; text: string } | undefined
  let lastWritten: ScannedChunk['lastRecord']
  let error: string | null = null
  let incomplete: string | undefined
  let staleHeader: string | undefined
  const kept = new KeptDiagnostics(MAX_DIAGNOSTICS_KEPT)
  // Clears of logs (Eventlog 104 and 1102) are read whatever the rules want; the rules get only
  // the events they want.
  const wanted = [...rules.wanted, ...LOG_CLEAR_EVENTS]
  const logClears: LogClear[] = []
  let clearsSeen = 0
  const leftoverEvents = new LeftoverEvents()
  const rulesWant = (e: NormalizedEvent) => {
    const pass = rules.prefilter(e.provider, e.eventId)
    return pass === 'yes' || (pass === 'guid' && rules.wantsGuid(e.providerGuid))
  }
  const take = (event: NormalizedEvent) => {
    const clear = logClearOf(event)
    if (clear !== undefined) {
      clearsSeen++
      logClears.push(clear)
      // The latest ones are kept: the conclusion names each log's latest clear.
      if (logClears.length > MAX_CLEARS_KEPT) logClears.splice(earliestClear(logClears), 1)
    }
    if (clear === undefined || rulesWant(event)) {
      examined++
      sink(event)
    }
  }
  const onDiagnostic = (d: Diagnostic) => {
    diagnostics.total++
    diagnostics.bySeverity[d.severity]++
    diagnostics.byCode[d.code] = (diagnostics.byCode[d.code] ?? 0) + 1
    kept.add(d)
    // Reported after the last block, when the items kept may be full already.
    if (d.code === EvtxErrorCode.FileIncomplete) incomplete = missingFacts(d.message) ?? d.message
    if (d.code === EvtxErrorCode.FileHeaderInconsistent && /chunks hold records/.test(d.message)) staleHeader ??= d.message
  }
  // Counts, ids and times come from every block (records read or skipped), the channel from
  // each block's first record.
  const noteChunk = (c: ScannedChunk) => {
    if (c.status === 'valid') chunks.valid++
    else if (c.status === 'empty') chunks.empty++
    else if (c.status === 'truncated') chunks.truncated++
    else chunks.bad++
    records += c.records
    if (c.idRange !== undefined) {
      if (c.idRange[0] < minId) minId = c.idRange[0]
      if (c.idRange[1] > maxId) maxId = c.idRange[1]
    }
    if (c.writtenRange !== undefined && c.writtenTimes !== undefined) {
      if (oldest === undefined || c.writtenRange[0] < oldest.ms) oldest = { ms: c.writtenRange[0], text: c.writtenTimes[0] }
      if (newest === undefined || c.writtenRange[1] > newest.ms) newest = { ms: c.writtenRange[1], text: c.writtenTimes[1] }
    }
    lastWritten = laterRecord(lastWritten, c.lastRecord)
    if (c.channel !== undefined && c.records > 0) channels.set(c.channel, (channels.get(c.channel) ?? 0) + c.records)
    if (c.computer !== undefined && c.records > 0) computers.set(c.computer, (computers.get(c.computer) ?? 0) + c.records)
    options.onBytes?.(Math.min(file.size ?? Number.POSITIVE_INFINITY, FILE_HEADER_BLOCK_SIZE + (c.index + 1) * CHUNK_SIZE))
  }
  try {
    const common = { strict: options.strict === true, onDiagnostic, ...(options.signal === undefined ? {} : { signal: options.signal }) }
    if (options.parallel !== undefined && scansInParallel(file, options)) {
      const { scanEvtxParallel } = await import('../node/parallel-scan.js')
      const batches = scanEvtxParallel(file.source as string, { ...common, ...options.parallel, readLeftoverRecords: true, wanted, fallbackChannel: fileNameChannel })
      for await (const batch of batches) {
        for (const c of batch.chunks) noteChunk(c)
        for (const event of batch.events) take(event)
        for (const event of batch.leftovers) if (rulesWant(event)) leftoverEvents.add(event, failureScenariosOf(rules, event))
      }
    } else {
      // Scan mode in the parser: a record whose event id and provider no rule wants is skipped
      // before its BinXML is parsed. Records are normalized at once and none is kept, so the
      // reader may reuse its buffers.
      // A log in a ZIP archive is streamed out of it (src/archive), loaded only then.
      const source =
        typeof file.source === 'string' || file.source instanceof Uint8Array
          ? file.source
          : (await import('../archive/file-access.js')).archiveEntryBytes(file.source.archive, file.source.entry)
      // Leftovers (evtx/leftover-records.ts) are read to be named, never handed to the rules.
      const reader = readEvtxChunks(source, { ...common, prefilter: scanPrefilter(prefilterOf(wanted)), onChunk: (c) => noteChunk(scannedChunk(c)), reuseBuffers: true, readLeftoverRecords: true })
      for await (const batch of reader) {
        for (const r of batch) {
          // An event that cannot be read (a render limit) is a diagnostic, not examined (as on
          // worker threads, which send only the events); the file goes on.
          if (r.leftover) {
            const event = normalizeLeftover(r, fileNameChannel, onDiagnostic)
            if (event !== undefined && rulesWant(event)) leftoverEvents.add(event, failureScenariosOf(rules, event))
            continue
          }
          const event = normalizeOrReport(r, fileNameChannel, onDiagnostic, common.strict)
          if (event === undefined) continue
          take(event)
        }
      }
    }
  } catch (e) {
    // A damaged or unreadable file is summarised; an abort, or a worker thread that failed (a bug,
    // not the file), is the caller's to see.
    if (!(e instanceof EvtxError) || e.code === EvtxErrorCode.Aborted || e.code === EvtxErrorCode.Internal) throw e
    error = e.message
  }
  const channelList = byRecords(channels)
  const computerList = byRecords(computers)
  const channel = channelList[0]?.name ?? (records === 0 && error !== null ? null : fileNameChannel)
  const notes: string[] = file.note === undefined ? [] : [file.note]
  // Copies are often renamed with a prefix (`host1__System.evtx`): only a name that does not end
  // with the records' channel disagrees with it.
  if (channelList[0] !== undefined && !fileNameChannel.toLowerCase().endsWith(channelList[0].name.toLowerCase())) {
    notes.push(`the file name stands for channel "${fileNameChannel}" but its records are from "${channelList[0].name}"; the records' channel is used`)
  }
  if (channelList.length > 1) notes.push(`records from ${channelList.length} channels (a forwarded or merged log)`)
  if (computerList.length > 1) {
    const named = computerList.slice(0, MAX_COMPUTERS_NAMED).map((c) => c.name).join(', ')
    const more = computerList.length > MAX_COMPUTERS_NAMED ? ` and ${computerList.length - MAX_COMPUTERS_NAMED} more` : ''
    notes.push(`records from ${computerList.length} computers (${named}${more}): a renamed host, or a forwarded or merged log`)
  }
  if (staleHeader !== undefined) notes.push(`stale file header (${staleHeader}): a reader that trusts the header would miss the newest records`)
  for (const clear of logClears) notes.push(describeLogClear(clear))
  if (clearsSeen > logClears.length) notes.push(`and ${clearsSeen - logClears.length} earlier clears of logs (Eventlog 104 or 1102)`)
  const late = newestOutOfLine(newest, lastWritten)
  if (late !== undefined) notes.push(late)
  if (incomplete !== undefined) notes.push(`incomplete copy (${incomplete}): events it lost cannot be checked, so a scenario not found in it may still be current`)
  // A chunk with zeros before its last record lost records without an error.
  const unreadable = diagnostics.bySeverity.error > 0 || chunks.bad > 0 || chunks.truncated > 0 || diagnostics.byCode[EvtxErrorCode.ChunkIncomplete] !== undefined
  if (unreadable && error === null) notes.push('some records could not be read (see diagnostics); evidence in them may be missed')
  const lent = diagnostics.byCode[EvtxErrorCode.BinXmlTemplateBorrowed]
  if (lent !== undefined) notes.push(`${lent} template reference(s) lost with the record that defined them were read with the template an earlier chunk defines under the same id, which fits every value (see diagnostics)`)
  // Records past a chunk header not written after them (evtx/stale-header.ts): read, and said.
  const past = diagnostics.byCode[EvtxErrorCode.ChunkStaleHeader]
  if (past !== undefined) notes.push(`${past} chunk(s) hold their newest records past where their header ends them (a header not written after them: a copy taken while the log was being written); those records were read`)
  // Records hidden inside the record before them (evtx/hidden-records.ts): the log was edited.
  const hidden = diagnostics.byCode[EvtxErrorCode.RecordHidden]
  if (hidden !== undefined) notes.push(`${hidden} record(s) hold records hidden inside them (their size grown over the records after them, as log-tampering tools do): the log was edited after Windows wrote it; the hidden records were not analyzed ('rdp-triage dump --hidden-records' prints them)`)
  const oversized = diagnostics.byCode[EvtxErrorCode.RecordOversized]
  if (oversized !== undefined) notes.push(`${oversized} record(s) end their document with room for a whole record and none there (their size grown over a record since wiped, as log-tampering tools do): the log was edited after Windows wrote it, and what was hidden cannot be read`)
  // Whole records an earlier use of a chunk left in its unused space (evtx/leftover-records.ts).
  const leftovers = diagnostics.byCode[EvtxErrorCode.ChunkLeftoverRecords]
  if (leftovers !== undefined) notes.push(`${leftovers} chunk(s) hold whole records of an earlier use of the chunk (a wrap or a clear) in their unused space; they are not part of the log and were not analyzed ('rdp-triage dump --leftover-records' prints them)`)
  const evidence = leftoverEvents.note()
  if (evidence !== undefined) notes.push(evidence)
  const damaged = unreadable || incomplete !== undefined || hidden !== undefined || oversized !== undefined
  const status = error !== null ? (records > 0 ? 'damaged' : 'unreadable') : damaged ? 'damaged' : 'ok'
  return {
    summary: {
      file: file.display,
      origin: file.origin,
      size: file.size ?? null,
      channel,
      fileNameChannel,
      channels: channelList,
      computers: computerList,
      records,
      recordsExamined: examined,
      recordIds: records > 0 ? { first: minId, last: maxId } : null,
      timeRange: oldest !== undefined && newest !== undefined ? { first: oldest.text, last: newest.text } : null,
      chunks,
      diagnostics: { ...diagnostics, items: kept.items() },
      status,
      error,
      notes,
      logClears,
      leftoverFailures: leftoverEvents.failures(),
    },
    newestMs: newest?.ms,
    newestTime: newest?.text,
  }
}
