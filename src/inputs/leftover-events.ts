/**
 * Events the scenarios look for among the records an earlier use of a chunk left in its unused
 * space (evtx/leftover-records.ts): before a clear, all that is left of the old log.
 *
 * They are not part of the log Windows shows, so the rules never see them: a finding must stand
 * on the log itself. But a log cleared after the problem may hold its evidence only there, so
 * the input says which events they are and when they were written, and how to print them.
 */
import type { Diagnostic } from '../diagnostics.js'
import type { EvtxRecord } from '../evtx/record.js'
import type { NormalizedEvent } from '../model/event.js'
import { normalizeOrReport } from '../model/normalize-or-report.js'

/** Kinds of event a note names one by one; past it, it counts them. */
const MAX_KINDS_NAMED = 5

/**
 * Record keys remembered to count a record two chunks left once. Leftovers are bounded only by the
 * file's size (a hostile log could fill every chunk's unused space with them), so past this many
 * the keys of further records are not kept: such a record is still checked against the ones kept,
 * and a copy of it among later leftovers would be counted twice (50,000 keys take about 7.5 MB).
 */
export const MAX_RECORDS_REMEMBERED = 50_000

/** One scenario's failure events among an input's leftovers: how many, and when (as Windows renders it). */
export interface LeftoverFailures {
  readonly scenario: string
  readonly count: number
  readonly first: string | null
  readonly last: string | null
}

/** A time span grown one event at a time. */
class Span {
  first: { ms: number; text: string } | undefined
  last: { ms: number; text: string } | undefined

  add(event: NormalizedEvent): void {
    const ms = event.timeCreatedMs
    const text = event.timeCreated
    if (ms === undefined || text === undefined) return
    if (this.first === undefined || ms < this.first.ms) this.first = { ms, text }
    if (this.last === undefined || ms > this.last.ms) this.last = { ms, text }
  }
}

/**
 * The wanted events among one input's leftovers: counted by kind, with their time span, and the
 * failure events of each scenario (rules/failure-scenarios.ts) counted with theirs.
 */
export class LeftoverEvents {
  private readonly kinds = new Map<string, number>()
  private count = 0
  private readonly span = new Span()
  private readonly scenarios = new Map<string, { count: number; span: Span }>()
  /** Record id and time of each event counted: two chunks can hold leftovers of one record. */
  private readonly seen = new Set<string>()

  /** Counts `event`, a failure event of `scenarios` (none when it is only wanted), once. */
  add(event: NormalizedEvent, scenarios: readonly string[]): void {
    if (event.recordId !== undefined) {
      const key = `${event.recordId} ${event.timeCreated ?? ''}`
      if (this.seen.has(key)) return
      if (this.seen.size < MAX_RECORDS_REMEMBERED) this.seen.add(key)
    }
    this.count++
    const kind = `${event.provider ?? '(no provider)'} ${event.eventId ?? '(no event id)'}`
    this.kinds.set(kind, (this.kinds.get(kind) ?? 0) + 1)
    this.span.add(event)
    for (const id of scenarios) {
      const s = this.scenarios.get(id) ?? { count: 0, span: new Span() }
      s.count++
      s.span.add(event)
      this.scenarios.set(id, s)
    }
  }

  /** Each scenario's failure events among the leftovers, by scenario id. */
  failures(): LeftoverFailures[] {
    return [...this.scenarios]
      .sort((a, b) => a[0].localeCompare(b[0], 'en', { numeric: true }))
      .map(([scenario, s]) => ({ scenario, count: s.count, first: s.span.first?.text ?? null, last: s.span.last?.text ?? null }))
  }

  /** The input note, or undefined when there are none. */
  note(): string | undefined {
    if (this.count === 0) return undefined
    const kinds = [...this.kinds].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    const named = kinds.slice(0, MAX_KINDS_NAMED).map(([kind, n]) => `${kind} x${n}`)
    if (kinds.length > MAX_KINDS_NAMED) named.push(`${kinds.length - MAX_KINDS_NAMED} more kinds`)
    const { first, last } = this.span
    const when = first === undefined || last === undefined ? '' : first.text === last.text ? `, written ${first.text}` : `, written ${first.text} to ${last.text}`
    return (
      `${this.count} of the records left in unused space are events the scenarios look for (${named.join(', ')}${when}): ` +
      "they are not part of the log, so they were not analyzed; if the log was cleared after the problem, they may be its only trace ('rdp-triage dump --leftover-records' prints them)"
    )
  }
}

/**
 * A leftover normalized for naming: one that cannot be (a render limit) is reported as info, never
 * as an error of the log (it would count the input as damaged) nor a strict-mode stop.
 */
export function normalizeLeftover(record: EvtxRecord, fallbackChannel: string, onDiagnostic: (d: Diagnostic) => void): NormalizedEvent | undefined {
  return normalizeOrReport(record, fallbackChannel, (d) => onDiagnostic({ ...d, severity: 'info' }), false)
}
