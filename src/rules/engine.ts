/**
 * The rule engine: events stream in, findings come out. It knows nothing of EVTX; it reads only
 * {@link EventLike} objects and an opaque source label for each (the file they came from).
 *
 * `push` keeps, per rule, the events that matched a signal (the first signal of the rule that
 * matches wins) and counts look-alikes that rules ignore. Nothing is decided while streaming,
 * because the analysis window is anchored at the newest record of all the inputs, known only at
 * the end; `finish` then places every match inside or outside the window, applies recovery
 * (a recovery event after the last failure resolves the finding), grades confidence and picks
 * the evidence. The same record seen twice (two copies of one log) counts once.
 *
 * On logs with very many matches, each match past the kept ones costs only its time and what
 * tells duplicates apart (a few dozen bytes), not its event: counts, first and last events, the
 * window status, recovery and confidence are exact over every match, while evidence and facts
 * use at most `maxMatchesPerRule` matches, the newest ones (the outcome says when).
 */
import type { EventLike } from '../model/event.js'
import type { CapturedFact, CompiledRule, CompiledRuleSet, CompiledSignal } from './compile.js'
import { collectFacts, pickEvidence, supportingReach } from './evidence.js'
import { type GradeResult, gradeConfidence, type TimedSignal } from './grade.js'
import { keptEvent, keptFields } from './kept-event.js'
import { SeenRecords } from './seen.js'
import type { FactKind } from './schema.js'
import type { FieldValue } from './values.js'

/** One event that matched one signal. */
export interface SignalMatch {
  readonly signal: CompiledSignal
  readonly event: EventLike
  /** Where the event came from (a file path, as given). */
  readonly source: string
  /** Event time in ms since the epoch (NaN when the event has none). */
  readonly timeMs: number
  /** The fields the signal's conditions matched on. */
  readonly fields: readonly FieldValue[]
  readonly facts: readonly CapturedFact[]
  /** Inside the analysis window (set by `finish`). */
  inWindow: boolean
}

/**
 * A match as the engine records it. Its facts are captured on first use: on a dense log most
 * matches never reach the evidence, and capturing (reading, validating and formatting fields)
 * would cost more than the rest of recording them.
 */
class RecordedMatch implements SignalMatch {
  readonly signal: CompiledSignal
  readonly event: EventLike
  readonly source: string
  readonly timeMs: number
  readonly fields: readonly FieldValue[]
  inWindow = false
  private captured: readonly CapturedFact[] | undefined

  constructor(signal: CompiledSignal, event: EventLike, source: string, timeMs: number, fields: readonly FieldValue[]) {
    this.signal = signal
    this.event = event
    this.source = source
    this.timeMs = timeMs
    this.fields = fields
  }

  get facts(): readonly CapturedFact[] {
    this.captured ??= this.signal.capture(this.event)
    return this.captured
  }
}

export interface SignalSummary {
  readonly signal: CompiledSignal
  readonly count: number
  readonly countInWindow: number
  readonly first: SignalMatch | undefined
  readonly last: SignalMatch | undefined
}

export type FindingStatus = 'current' | 'stale' | 'resolved'

export interface FindingDraft {
  readonly status: FindingStatus
  readonly inWindow: boolean
  readonly resolved: boolean
  readonly confidence: GradeResult
  /** Failure events, first and last by time. */
  readonly first: SignalMatch
  readonly last: SignalMatch
  readonly count: number
  readonly countInWindow: number
  readonly signals: readonly SignalSummary[]
  /** The first recovery event after the last failure. */
  readonly recovery: SignalMatch | undefined
  readonly evidence: readonly SignalMatch[]
  readonly evidenceOmitted: number
  readonly facts: Readonly<Record<string, { kind: FactKind; values: Array<string | number> }>>
}

export interface RuleOutcome {
  readonly compiled: CompiledRule
  readonly finding: FindingDraft | undefined
  /** Events of `ignored` signals (look-alikes the rule deliberately does not count). */
  readonly ignored: readonly SignalSummary[]
  /** Records seen more than once (duplicate copies of a log), counted once. */
  readonly duplicates: number
  /** More matches than the per-rule limit: evidence and facts used the newest of them. */
  readonly truncated: boolean
  /** The per-rule limit of kept matches. */
  readonly matchLimit: number
  /** Recovery events counted, whatever their time (a record seen twice once). */
  readonly recoveries: number
}

export interface EngineOptions {
  /** Evidence records listed per finding (default 10). */
  readonly maxEvidence?: number
  /** Matches kept per rule for evidence and facts (default 1 000): beyond it, the newest are kept. */
  readonly maxMatchesPerRule?: number
}

export interface FinishOptions {
  /** End of the analysis window (ms since the epoch); undefined puts every event inside it. */
  readonly anchorMs: number | undefined
  readonly windowMs: number
}

interface RuleState {
  readonly compiled: CompiledRule
  /** Kept matches of failure and supporting signals (for evidence and facts): all, or the newest once over the limit. */
  matches: SignalMatch[]
  /** Recovery matches that may still come after the last failure (none at or before the newest failure so far). */
  recoveries: SignalMatch[]
  /** The newest failure time so far (NaN while none has a time). */
  newestFailureMs: number
  /** Every counted match time per signal id (NaN when the event has no time). */
  readonly times: Map<string, number[]>
  /** First and last match (by time) of every signal, over all matches. */
  readonly ends: Map<string, { first: SignalMatch; last: SignalMatch }>
  readonly seen: SeenRecords
  duplicates: number
  truncated: boolean
}

function byTime(a: SignalMatch, b: SignalMatch): number {
  return (
    (Number.isNaN(a.timeMs) ? -Infinity : a.timeMs) - (Number.isNaN(b.timeMs) ? -Infinity : b.timeMs) ||
    (a.source === b.source ? 0 : a.source.localeCompare(b.source)) ||
    (a.event.recordId ?? 0) - (b.event.recordId ?? 0) ||
    a.signal.order - b.signal.order
  )
}

/** A count option, checked: a whole number from 1 (NaN once made the evidence list empty). */
function positiveCount(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 1) throw new RangeError(`${name} must be a whole number from 1, got ${typeof value === 'number' ? value : JSON.stringify(value)}`)
  return value
}

export class RuleEngine {
  private readonly states: RuleState[]
  private readonly byEventId = new Map<number, Array<{ state: RuleState; signals: CompiledSignal[] }>>()
  private readonly maxEvidence: number
  private readonly maxMatches: number

  constructor(rules: CompiledRuleSet, options: EngineOptions = {}) {
    this.maxEvidence = positiveCount('maxEvidence', options.maxEvidence ?? 10)
    this.maxMatches = positiveCount('maxMatchesPerRule', options.maxMatchesPerRule ?? 1_000)
    this.states = rules.rules.map((compiled) => ({
      compiled,
      matches: [],
      recoveries: [],
      newestFailureMs: Number.NaN,
      times: new Map(),
      ends: new Map(),
      seen: new SeenRecords(),
      duplicates: 0,
      truncated: false,
    }))
    for (const state of this.states) {
      const ids = new Set(state.compiled.signals.flatMap((s) => [...s.eventIds]))
      for (const id of ids) {
        const list = this.byEventId.get(id) ?? []
        list.push({ state, signals: state.compiled.signals.filter((s) => s.eventIds.has(id)) })
        this.byEventId.set(id, list)
      }
    }
  }

  /**
   * Offers one event to every rule.
   * @param event - the event
   * @param source - where it came from (reported with the evidence)
   * @returns how many rules it matched
   */
  push(event: EventLike, source: string): number {
    if (event.eventId === undefined) return 0
    const candidates = this.byEventId.get(event.eventId)
    if (candidates === undefined) return 0
    let matched = 0
    for (const { state, signals } of candidates) {
      for (const signal of signals) {
        const fields = signal.test(event)
        if (fields === undefined) continue
        matched++
        this.record(state, signal, event, source, fields)
        break
      }
    }
    return matched
  }

  private record(state: RuleState, signal: CompiledSignal, matched: EventLike, source: string, fields: FieldValue[]): void {
    // What is kept of a crafted event of millions of characters is clipped (kept-event.ts).
    const event = keptEvent(matched)
    if (!state.seen.add(event)) {
      state.duplicates++
      return
    }
    const timeMs = event.timeCreatedMs ?? Number.NaN
    const times = state.times.get(signal.id) ?? []
    times.push(timeMs)
    state.times.set(signal.id, times)
    const match = new RecordedMatch(signal, event, source, timeMs, keptFields(fields))
    // Ends by time order; an equal one comes after (as a stable sort would put it).
    const ends = state.ends.get(signal.id)
    if (ends === undefined) state.ends.set(signal.id, { first: match, last: match })
    else if (byTime(match, ends.first) < 0) ends.first = match
    else if (byTime(match, ends.last) >= 0) ends.last = match
    if (signal.role === 'ignored') return
    // Only a recovery later than every failure can resolve the finding: one without a time, or
    // at or before a failure already seen, never will.
    const later = !Number.isNaN(timeMs) && !(timeMs <= state.newestFailureMs)
    if (signal.role === 'recovery') {
      if (later) this.keep(state, 'recoveries', match)
      return
    }
    if (signal.role === 'failure' && later) {
      state.newestFailureMs = timeMs
      if (state.recoveries.length > 0) state.recoveries = state.recoveries.filter((r) => r.timeMs > timeMs)
    }
    this.keep(state, 'matches', match)
  }

  /**
   * Keeps a match within the per-rule limit. Over it, failures and supporting events keep the
   * newest (the list is cut back to the newest `maxMatches` whenever it doubles), recoveries the
   * oldest (the first recovery after the last failure is the one that counts).
   */
  private keep(state: RuleState, list: 'matches' | 'recoveries', match: SignalMatch): void {
    const kept = state[list]
    if (list === 'recoveries' && kept.length >= this.maxMatches) {
      state.truncated = true
      return
    }
    kept.push(match)
    if (kept.length >= 2 * this.maxMatches) {
      state.truncated = true
      state[list] = newest(kept, this.maxMatches)
    }
  }

  /** Decides every rule's outcome for the window (it may be called again with other options). */
  finish(options: FinishOptions): RuleOutcome[] {
    const { anchorMs, windowMs } = options
    const inWindow = (t: number) => anchorMs === undefined || (!Number.isNaN(t) && t >= anchorMs - windowMs && t <= anchorMs)
    return this.states.map((state) => {
      // Kept matches between the limit and twice it are cut here: the outcome must say so too.
      if (state.matches.length > this.maxMatches) {
        state.truncated = true
        state.matches = newest(state.matches, this.maxMatches)
      }
      for (const m of state.matches) m.inWindow = inWindow(m.timeMs)
      for (const m of state.recoveries) m.inWindow = inWindow(m.timeMs)
      for (const ends of state.ends.values()) {
        ends.first.inWindow = inWindow(ends.first.timeMs)
        ends.last.inWindow = inWindow(ends.last.timeMs)
      }
      const summaries = (role: (r: string) => boolean) =>
        state.compiled.signals.filter((s) => role(s.role)).map((s) => summarize(s, state, inWindow))
      return {
        compiled: state.compiled,
        finding: this.decide(state, summaries((r) => r !== 'ignored'), inWindow),
        ignored: summaries((r) => r === 'ignored').filter((s) => s.count > 0),
        duplicates: state.duplicates,
        truncated: state.truncated,
        matchLimit: this.maxMatches,
        recoveries: state.compiled.signals.filter((s) => s.role === 'recovery').reduce((n, s) => n + (state.times.get(s.id)?.length ?? 0), 0),
      }
    })
  }

  private decide(state: RuleState, signals: SignalSummary[], inWindow: (t: number) => boolean): FindingDraft | undefined {
    const sorted = [...state.matches, ...state.recoveries].sort(byTime)
    const failures = sorted.filter((m) => m.signal.role === 'failure')
    // First and last failure, and whether any is in the window, over every match (not only those kept).
    const failureSignals = signals.filter((s) => s.signal.role === 'failure')
    let first: SignalMatch | undefined
    let last: SignalMatch | undefined
    for (const s of failureSignals) {
      if (s.first !== undefined && (first === undefined || byTime(s.first, first) < 0)) first = s.first
      if (s.last !== undefined && (last === undefined || byTime(s.last, last) > 0)) last = s.last
    }
    if (first === undefined || last === undefined) return undefined
    const lastMs = last.timeMs
    const kept = sorted.find((m) => m.signal.role === 'recovery' && m.timeMs > lastMs)
    // Recoveries past the limit are not kept, yet a failure read later may outdate every kept one:
    // the first and last of each recovery signal are known over every match.
    const recovery = kept ?? recoveryAfter(state, lastMs)
    if (recovery !== undefined && kept === undefined) {
      sorted.push(recovery)
      sorted.sort(byTime)
    }
    const resolved = recovery !== undefined
    const anyInWindow = failureSignals.some((s) => (state.times.get(s.signal.id) ?? []).some(inWindow))
    const status: FindingStatus = resolved ? 'resolved' : anyInWindow ? 'current' : 'stale'
    const confidence = gradeConfidence(state.compiled.grades, gradedTimes(state, status === 'current' ? inWindow : undefined))
    const near = supportingReach(state.compiled)
    const relevant = sorted.filter(
      (m) => m.signal.role === 'failure' || m === recovery || (m.signal.role === 'supporting' && failures.some((f) => Math.abs(f.timeMs - m.timeMs) <= near)),
    )
    const evidence = pickEvidence(relevant, recovery, this.maxEvidence)
    return {
      status,
      inWindow: anyInWindow,
      resolved,
      confidence,
      first,
      last,
      count: signals.filter((s) => s.signal.role === 'failure').reduce((n, s) => n + s.count, 0),
      countInWindow: signals.filter((s) => s.signal.role === 'failure').reduce((n, s) => n + s.countInWindow, 0),
      signals: signals.filter((s) => s.count > 0 && (s.signal.role !== 'recovery' || resolved)),
      recovery,
      evidence,
      evidenceOmitted: relevant.length - evidence.length,
      facts: collectFacts(relevant),
    }
  }
}

/** The earliest first or last event of a recovery signal after `ms` (every match counted), or undefined. */
function recoveryAfter(state: RuleState, ms: number): SignalMatch | undefined {
  let found: SignalMatch | undefined
  for (const s of state.compiled.signals) {
    if (s.role !== 'recovery') continue
    const ends = state.ends.get(s.id)
    for (const m of ends === undefined ? [] : [ends.first, ends.last]) if (m.timeMs > ms && (found === undefined || byTime(m, found) < 0)) found = m
  }
  return found
}

function summarize(signal: CompiledSignal, state: RuleState, inWindow: (t: number) => boolean): SignalSummary {
  const times = state.times.get(signal.id) ?? []
  const ends = state.ends.get(signal.id)
  return {
    signal,
    count: times.length,
    countInWindow: times.filter(inWindow).length,
    first: ends?.first,
    last: ends?.last,
  }
}

/**
 * The failure and supporting events confidence is graded on, from every counted match (not only
 * those kept): all of them, or those inside the window for a current finding. In time order
 * (events without a time first), signal order within one time.
 */
function gradedTimes(state: RuleState, inWindow: ((t: number) => boolean) | undefined): TimedSignal[] {
  const out: Array<TimedSignal & { order: number }> = []
  for (const s of state.compiled.signals) {
    if (s.role !== 'failure' && s.role !== 'supporting') continue
    for (const timeMs of state.times.get(s.id) ?? []) if (inWindow === undefined || inWindow(timeMs)) out.push({ signal: s.id, timeMs, order: s.order })
  }
  const key = (t: number) => (Number.isNaN(t) ? Number.NEGATIVE_INFINITY : t)
  return out.sort((a, b) => key(a.timeMs) - key(b.timeMs) || a.order - b.order)
}

/** The newest `n` matches, in time order (one log's matches usually come in it already). */
function newest(matches: readonly SignalMatch[], n: number): SignalMatch[] {
  let inOrder = true
  for (let i = 1; i < matches.length && inOrder; i++) inOrder = byTime(matches[i - 1] as SignalMatch, matches[i] as SignalMatch) <= 0
  return (inOrder ? matches : [...matches].sort(byTime)).slice(-n)
}
