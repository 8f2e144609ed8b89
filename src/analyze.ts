/**
 * `analyze(inputs, options)`: the library's main job. Finds the log files, streams every record
 * of each through the rule engine (only the records a rule wants are decoded beyond provider and
 * event id), anchors the analysis window at the newest record (or `now`), and returns the report.
 *
 * One unreadable or damaged file never stops the others: its problems are in the report. The
 * library never prints; progress goes to `onProgress`. Files can be scanned on the caller's
 * worker threads (`pool`), with the same report.
 */
import { type AnalyzeInput, discoverInputs } from './inputs/discover.js'
import { type InputSummary, scanInput } from './inputs/scan.js'
import type { EventLike } from './model/event.js'
import type { EvtxWorkerPool } from './node/worker-pool.js'
import type { CompiledRuleSet } from './rules/compile.js'
import { compileRules } from './rules/compile.js'
import { builtinRules } from './rules/builtin/index.js'
import { RuleEngine } from './rules/engine.js'
import { checkTime, checkWindow, DEFAULT_WINDOW_MS, parseDuration, parseTime } from './rules/time.js'
import { buildReport } from './report/build.js'
import type { Report } from './report/schema.js'

// The analyzer's public surface (src/index.ts re-exports this module).
export type { AnalyzeInput, InputOrigin } from './inputs/discover.js'
export type { InputSummary } from './inputs/scan.js'
export { type EventLike, type NormalizedEvent, type UserDataFields, makeEvent } from './model/event.js'
export { normalizeRecord } from './model/from-record.js'
export { compileRules, type CompiledRuleSet, type CompiledRule, type CompiledSignal, type WantedEvent } from './rules/compile.js'
export { RuleError, type RuleIssue } from './rules/errors.js'
export { RuleSetSchema, RuleSchema, type Rule, type RuleSet, type Signal, type Condition, type FieldRef } from './rules/schema.js'
export { BUILTIN_RULE_DATA, builtinRules } from './rules/builtin/index.js'
export { RuleEngine, type RuleOutcome, type FindingDraft, type SignalMatch } from './rules/engine.js'
export { DEFAULT_WINDOW_MS, parseDuration, formatDuration, parseTime } from './rules/time.js'
export { ReportSchema, REPORT_SCHEMA_VERSION, type Report, type Finding, type Evidence, type Fact, type ReportInput, type ScenarioResult } from './report/schema.js'
export { renderReportJson } from './report/render-json.js'
export { renderReportMarkdown } from './report/render-markdown.js'
export { renderReportText, type TextOptions } from './report/render-text.js'
export { renderMessage } from './report/messages.js'

export interface AnalyzeProgress {
  /** The file being read. */
  readonly file: string
  readonly fileIndex: number
  readonly fileCount: number
  /** Bytes read of all files so far, and their total (sizes of in-memory and unstat-able files count as read). */
  readonly bytesDone: number
  readonly bytesTotal: number
}

export interface AnalyzeOptions {
  /**
   * End of the analysis window: an ISO 8601 time (UTC when no zone), a Date or ms since the epoch,
   * from 1601-01-01 to 9999-12-31 UTC (the times an event log can hold). The report describes the logs as of that time: events dated after it are left out, and each
   * scenario's notes count its failure events among them. Default: the newest record of the inputs.
   */
  readonly now?: string | Date | number
  /** Length of the window: `24h` (default), `90m`, `7d`, `PT24H`, or milliseconds; 1 ms to 1000 years. */
  readonly window?: string | number
  /** Stop reading a file at its first problem (the file is then reported as damaged or unreadable). */
  readonly strict?: boolean
  /** Rules to use instead of the built-in ones: compiled, or rule set data (`{ scenarios, rules }`). */
  readonly rules?: CompiledRuleSet | unknown
  /** Evidence records listed per finding: a whole number from 1 (default 10). */
  readonly maxEvidence?: number
  readonly onProgress?: (progress: AnalyzeProgress) => void
  /** Called after each file with its summary (diagnostics, errors), e.g. to print warnings as they happen. */
  readonly onInput?: (summary: InputSummary) => void
  readonly signal?: AbortSignal
  /**
   * Worker threads to scan the files on, kept by the caller across calls (the caller closes it).
   * In-memory logs, logs in ZIP archives and `strict` reads stay in-process. The workers decide
   * which records to decode from the rule set's `wanted` list (a rule set from `compileRules`
   * decides the same way). The report is the same either way. A warm pool analyzes 0.9-1.2
   * times as fast as one thread, a pool started for one call is slower (docs/performance.md).
   */
  readonly pool?: EvtxWorkerPool
}

function isCompiled(rules: unknown): rules is CompiledRuleSet {
  return rules !== null && typeof rules === 'object' && 'prefilter' in rules && typeof rules.prefilter === 'function'
}

function resolveNow(now: AnalyzeOptions['now']): number | undefined {
  if (now === undefined) return undefined
  if (typeof now === 'string') return parseTime(now)
  const ms = typeof now === 'number' ? now : now.getTime()
  const shown = typeof now === 'number' ? `${now} ms since 1970-01-01` : Number.isFinite(ms) ? now.toISOString() : 'an invalid Date'
  return checkTime(ms, `${shown} (now)`)
}

function resolveWindow(window: AnalyzeOptions['window']): number {
  if (window === undefined) return DEFAULT_WINDOW_MS
  if (typeof window === 'number') {
    // Rounded first: 0.4 ms is no window, as `--window 0.4ms` is none.
    return checkWindow(Math.round(window), `${window} ms`)
  }
  return parseDuration(window)
}

/**
 * Analyzes event logs for the known RDP failure scenarios.
 * @param inputs - .evtx files, folders (searched recursively), mounted Windows volume roots, ZIP
 *   archives (their .evtx entries, read in place), or in-memory logs `{ name, bytes }` (the name
 *   stands for the file name, e.g. `System.evtx`)
 * @param options - window, reference time, strictness, rules, progress, worker threads
 * @returns the report (see `ReportSchema`); it lists problems with inputs instead of throwing
 * @throws {RangeError} for an invalid `now`, `window` or `maxEvidence`
 * @throws {RuleError} for invalid rule data in `options.rules`
 */
export async function analyze(inputs: AnalyzeInput | readonly AnalyzeInput[], options: AnalyzeOptions = {}): Promise<Report> {
  const list: readonly AnalyzeInput[] = Array.isArray(inputs) ? inputs : [inputs as AnalyzeInput]
  const nowMs = resolveNow(options.now)
  const windowMs = resolveWindow(options.window)
  const rules = options.rules === undefined ? builtinRules() : isCompiled(options.rules) ? options.rules : compileRules(options.rules)
  const engine = new RuleEngine(rules, options.maxEvidence === undefined ? {} : { maxEvidence: options.maxEvidence })
  // With `now`, the report describes the logs as of that time: events after it are left out of
  // the analysis (they made a finding "stale: seen only before the window" when all came after
  // it). A second engine takes them only to count them per rule, for a note.
  const later = nowMs === undefined ? undefined : new RuleEngine(rules)
  const push = (event: EventLike, source: string) => {
    if (later !== undefined && event.timeCreatedMs !== undefined && event.timeCreatedMs > (nowMs as number)) later.push(event, source)
    else engine.push(event, source)
  }
  const { files, problems } = await discoverInputs(list)
  const bytesTotal = files.reduce((n, f) => n + (f.size ?? 0), 0)
  let bytesBefore = 0
  let newestMs: number | undefined
  let newestTime: string | undefined
  const summaries: InputSummary[] = []
  for (const [fileIndex, file] of files.entries()) {
    options.signal?.throwIfAborted()
    const progress = (bytesRead: number) =>
      options.onProgress?.({ file: file.display, fileIndex, fileCount: files.length, bytesDone: bytesBefore + bytesRead, bytesTotal })
    progress(0)
    const result = await scanInput(file, rules, (event) => push(event, file.display), {
      strict: options.strict === true,
      onBytes: progress,
      ...(options.signal === undefined ? {} : { signal: options.signal }),
      ...(options.pool === undefined ? {} : { parallel: { pool: options.pool } }),
    })
    bytesBefore += file.size ?? 0
    progress(0)
    summaries.push(result.summary)
    options.onInput?.(result.summary)
    if (result.newestMs !== undefined && (newestMs === undefined || result.newestMs > newestMs)) {
      newestMs = result.newestMs
      newestTime = result.newestTime
    }
  }
  const anchorMs = nowMs ?? newestMs
  return buildReport({
    rules,
    outcomes: engine.finish({ anchorMs, windowMs }),
    ...(later === undefined ? {} : { afterNow: later.finish({ anchorMs: undefined, windowMs }) }),
    inputs: summaries,
    problems,
    anchorMs,
    anchorTime: nowMs === undefined ? newestTime : undefined,
    anchorSource: nowMs !== undefined ? 'now-option' : newestMs !== undefined ? 'newest-record' : 'none',
    windowMs,
    strict: options.strict === true,
  })
}
