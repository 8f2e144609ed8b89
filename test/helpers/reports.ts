/**
 * Report-building fixtures: input summaries as the scan would produce them, and a report built
 * from normalized events through the real engine, without any .evtx file.
 */
import type { InputSummary } from '../../src/inputs/scan.js'
import type { NormalizedEvent } from '../../src/model/event.js'
import { buildReport } from '../../src/report/build.js'
import type { Report } from '../../src/report/schema.js'
import { builtinRules } from '../../src/rules/builtin/index.js'
import { RuleEngine } from '../../src/rules/engine.js'
import { DEFAULT_WINDOW_MS } from '../../src/rules/time.js'

export function inputSummary(file: string, channel: string, patch: Partial<InputSummary> = {}): InputSummary {
  return {
    file,
    origin: 'file',
    size: 69632,
    channel,
    fileNameChannel: channel,
    channels: [{ name: channel, records: 10 }],
    computers: [],
    records: 10,
    recordsExamined: 0,
    recordIds: { first: 1, last: 10 },
    timeRange: { first: '2026-11-19T00:00:00.0000000Z', last: '2026-11-20T14:00:00.0000000Z' },
    chunks: { valid: 1, empty: 0, bad: 0, truncated: 0 },
    diagnostics: { total: 0, bySeverity: { info: 0, warning: 0, error: 0 }, byCode: {}, items: [] },
    status: 'ok',
    error: null,
    notes: [],
    logClears: [],
    leftoverFailures: [],
    ...patch,
  }
}

/** A report over `events` (each tagged with the file it came from) and the given inputs. */
export function reportOf(events: ReadonlyArray<readonly [file: string, event: NormalizedEvent]>, inputs: InputSummary[], anchor?: string): Report {
  const rules = builtinRules()
  const engine = new RuleEngine(rules)
  for (const [file, e] of events) engine.push(e, file)
  const newest = events.length === 0 ? undefined : Math.max(...events.map(([, e]) => e.timeCreatedMs ?? 0))
  const anchorMs = anchor === undefined ? newest : Date.parse(anchor)
  return buildReport({
    rules,
    outcomes: engine.finish({ anchorMs, windowMs: DEFAULT_WINDOW_MS }),
    inputs,
    problems: [],
    anchorMs,
    anchorTime: undefined,
    anchorSource: anchor === undefined ? (newest === undefined ? 'none' : 'newest-record') : 'now-option',
    windowMs: DEFAULT_WINDOW_MS,
    strict: false,
  })
}
