/**
 * Building the report from the engine's outcomes and the input summaries: findings with their
 * evidence and messages, per-scenario status and coverage, the logs that were missing and what
 * could therefore not be checked, and a one-paragraph conclusion.
 *
 * Nothing here reads a clock: the only times in the report come from the logs or from the
 * caller's `now`, so the same inputs always give the same report.
 */
import type { LogClear } from '../inputs/log-clears.js'
import type { InputSummary } from '../inputs/scan.js'
import type { DiscoveryProblem } from '../inputs/discover.js'
import { fileNameForChannel, hintForChannel } from '../inputs/channels.js'
import { eventValues, msToIso, shiftIso } from '../model/event.js'
import type { CompiledRuleSet, CompiledSignal } from '../rules/compile.js'
import type { FindingDraft, RuleOutcome, SignalMatch } from '../rules/engine.js'
import { formatDuration } from '../rules/time.js'
import { VERSION } from '../version.js'
import { computerGroups } from './computers.js'
import { withThousands } from './format.js'
import { renderMessage } from './messages.js'
import {
  type Evidence,
  type Finding,
  REPORT_SCHEMA_VERSION,
  type Report,
  type ReportInput,
  ReportSchema,
  type ScenarioResult,
} from './schema.js'

export interface ReportContext {
  readonly rules: CompiledRuleSet
  readonly outcomes: readonly RuleOutcome[]
  readonly inputs: readonly InputSummary[]
  readonly problems: readonly DiscoveryProblem[]
  readonly anchorMs: number | undefined
  /** The anchor as written in the log (seven digits) when it is the newest record's time. */
  readonly anchorTime: string | undefined
  readonly anchorSource: Report['analysis']['anchorSource']
  readonly windowMs: number
  readonly strict: boolean
  /**
   * With `now`: the outcomes, over the whole time, of the events dated after it, which were left
   * out of `outcomes` (the report describes the logs as of `now`); only counted, in notes.
   */
  readonly afterNow?: readonly RuleOutcome[]
}

function anchorOf(ctx: ReportContext): string | null {
  return ctx.anchorMs === undefined ? null : (ctx.anchorTime ?? msToIso(ctx.anchorMs))
}

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,9})?Z$/

function timeOf(m: SignalMatch): string | null {
  const t = m.event.timeCreated
  if (t !== undefined && ISO.test(t)) return t
  return Number.isNaN(m.timeMs) ? null : msToIso(m.timeMs)
}

function evidence(m: SignalMatch): Evidence {
  const e = m.event
  return {
    file: m.source,
    channel: e.channel ?? null,
    recordId: e.recordId ?? null,
    time: timeOf(m),
    provider: e.provider ?? e.providerGuid ?? null,
    eventId: e.eventId ?? -1,
    computer: e.computer ?? null,
    signal: m.signal.id,
    role: m.signal.role,
    inWindow: m.inWindow,
    matched: Object.fromEntries(m.fields.map((f) => [f.label, f.value])),
    data: Object.fromEntries(eventValues(e).map((v) => [v.label, v.value])),
    message: renderMessage(e) ?? null,
  }
}

function findingOf(outcome: RuleOutcome, draft: FindingDraft, ctx: ReportContext): Finding {
  const { rule } = outcome.compiled
  const notes: string[] = []
  const windowStart = anchorOf(ctx) === null ? undefined : shiftIso(anchorOf(ctx) as string, -ctx.windowMs)
  if (draft.status === 'stale') notes.push(`All failure events are older than the window: the last was at ${timeOf(draft.last) ?? '?'}, the window starts at ${windowStart ?? '?'}. The failure may still be there, with nothing logging it lately (no restart, no connection attempt).`)
  if (draft.recovery !== undefined) notes.push(`Resolved: ${draft.recovery.signal.description} at ${timeOf(draft.recovery) ?? '?'}, after the last failure.`)
  if (outcome.duplicates > 0) notes.push(`${outcome.duplicates} record(s) appeared in more than one input and were counted once.`)
  if (outcome.truncated) notes.push(`More events matched than are kept as evidence: counts, first and last events, status, recovery and confidence cover all of them; evidence and facts come from the newest ${withThousands(outcome.matchLimit)}.`)
  return {
    id: rule.id,
    ruleId: rule.id,
    scenario: rule.scenario,
    title: rule.title,
    summary: rule.summary,
    status: draft.status,
    inWindow: draft.inWindow,
    resolved: draft.resolved,
    confidence: { level: draft.confidence.level, reasons: draft.confidence.reasons },
    firstSeen: timeOf(draft.first),
    lastSeen: timeOf(draft.last),
    count: draft.count,
    countInWindow: draft.countInWindow,
    signals: draft.signals.map((s) => ({
      id: s.signal.id,
      role: s.signal.role,
      description: s.signal.description,
      count: s.count,
      countInWindow: s.countInWindow,
      firstSeen: s.first === undefined ? null : timeOf(s.first),
      lastSeen: s.last === undefined ? null : timeOf(s.last),
    })),
    recovery: draft.recovery === undefined ? null : evidence(draft.recovery),
    evidence: draft.evidence.map(evidence),
    evidenceOmitted: draft.evidenceOmitted,
    facts: Object.fromEntries(Object.entries(draft.facts).map(([name, f]) => [name, { kind: f.kind, values: f.values }])) as Finding['facts'],
    cause: rule.cause,
    remediation: [...rule.remediation],
    links: rule.links.map((l) => ({ ...l })),
    notes,
  }
}

/** Lowercase names of the channels the readable inputs hold (by their records, else their file names). */
function presentChannels(inputs: readonly InputSummary[]): Set<string> {
  const present = new Set<string>()
  for (const i of inputs) {
    if (i.status === 'unreadable') continue
    for (const c of i.channels) present.add(c.name.toLowerCase())
    if (i.channel !== null) present.add(i.channel.toLowerCase())
  }
  return present
}

function checkable(signal: CompiledSignal, present: Set<string>, anyReadable: boolean): boolean {
  if (signal.channels === undefined) return anyReadable
  return [...signal.channels].some((c) => present.has(c))
}

/** The note of a scenario that no rule of the rule set looks for. */
const NO_RULE_NOTE = 'Not checked: no rule of the rule set looks for its failure events.'

const STATUS_RANK: Readonly<Record<ScenarioResult['status'], number>> = { current: 3, stale: 2, resolved: 1, absent: 0 }

function inputOf(i: InputSummary): ReportInput {
  return {
    ...i,
    channels: i.channels.map((c) => ({ ...c })),
    computers: i.computers.map((c) => ({ ...c })),
    logClears: i.logClears.map((c) => ({ channel: c.channel, time: c.time, account: c.account, recordId: c.recordId, eventId: c.eventId })),
    leftoverFailures: i.leftoverFailures.map((f) => ({ ...f })),
    diagnostics: {
      ...i.diagnostics,
      items: i.diagnostics.items.map((d) => ({
        code: d.code,
        severity: d.severity,
        message: d.message,
        // A damaged header's record id past 2^53 - 1 is read as 2^53: no id to name.
        location: Object.fromEntries(Object.entries(d.location).filter(([k, v]) => v !== undefined && (k !== 'recordId' || Number.isSafeInteger(v)))),
      })),
    },
  }
}

/**
 * Assembles and validates the report (the report built, not zod's copy, which drops a key named
 * `__proto__`: a log can name a Data field so, and the parser keeps it).
 * @throws {z.ZodError} only on a bug: the report always fits its schema
 */
export function buildReport(ctx: ReportContext): Report {
  const present = presentChannels(ctx.inputs)
  const anyReadable = ctx.inputs.some((i) => i.status !== 'unreadable')
  const findings: Finding[] = []
  const scenarios: ScenarioResult[] = []
  const notChecked: Report['notChecked'] = []
  const needed = new Map<string, { channel: string; scenarios: Set<string> }>()
  const reported = new Set<string>()
  /** Scenarios with failure or recovery events after `now` (left out). */
  const afterNow = new Set<string>()
  for (const scenario of ctx.rules.scenarios) {
    const outcomes = ctx.outcomes.filter((o) => o.compiled.rule.scenario === scenario.id)
    const notes: string[] = []
    const ids: string[] = []
    let status: ScenarioResult['status'] = 'absent'
    let failures = 0
    let checked = 0
    for (const o of outcomes) {
      for (const s of o.compiled.signals) {
        if (s.role === 'ignored') continue
        for (const c of s.channelNames ?? []) {
          const entry = needed.get(c.toLowerCase()) ?? { channel: c, scenarios: new Set<string>() }
          entry.scenarios.add(scenario.id)
          needed.set(c.toLowerCase(), entry)
        }
        const ok = checkable(s, present, anyReadable)
        if (s.role === 'failure') {
          failures++
          if (ok) checked++
        }
        // One entry per provider/event/log combination: a rule's fallback signals for the same
        // events (e.g. an unrecognized error text) would only repeat it.
        const key = `${scenario.id}|${[...s.eventIds].join(',')}|${s.channelNames?.join(',') ?? ''}`
        if (!ok && !reported.has(key)) {
          reported.add(key)
          const where = s.channelNames?.join(', ') ?? 'any log'
          notChecked.push({
            scenario: scenario.id,
            what: `${s.role === 'failure' ? '' : `${s.role} evidence: `}${s.description}`,
            why: anyReadable ? `none of the inputs holds the log it is written to (${where})` : 'no readable log among the inputs',
          })
        }
      }
      for (const ig of o.ignored) {
        notes.push(`${ig.count} event(s) ignored (${ig.countInWindow} in the window): ${ig.signal.description}.`)
      }
      const afterOutcome = ctx.afterNow?.find((a) => a.compiled.rule.id === o.compiled.rule.id)
      const after = afterOutcome?.finding
      const afterEnd = `dated after the end of the window (${anchorOf(ctx) ?? '?'}, the time given as now)`
      if (after !== undefined) {
        afterNow.add(scenario.id)
        notes.push(`${after.count} failure event(s) ${afterEnd}, the last at ${timeOf(after.last) ?? '?'}, were left out: the report describes the logs as of that time.`)
      }
      // A finding open as of then may have been fixed since.
      if (afterOutcome !== undefined && afterOutcome.recoveries > 0 && o.finding !== undefined && !o.finding.resolved) {
        afterNow.add(scenario.id)
        notes.push(`${afterOutcome.recoveries} recovery event(s) ${afterEnd} were left out: the failure may have been fixed after that time.`)
      }
      if (o.finding !== undefined) {
        const f = findingOf(o, o.finding, ctx)
        findings.push(f)
        ids.push(f.id)
        if (STATUS_RANK[f.status] > STATUS_RANK[status]) status = f.status
      }
    }
    // A scenario no rule looks for (a rule set that leaves it out) was not checked either.
    const coverage = failures > 0 && checked === failures ? 'full' : checked === 0 ? 'none' : 'partial'
    if (failures === 0) notes.push(NO_RULE_NOTE)
    else if (coverage !== 'full') notes.push(coverage === 'none' ? 'Not checked: the logs its events are written to were not among the inputs.' : 'Partly checked: some of the logs its events are written to were not among the inputs.')
    scenarios.push({ id: scenario.id, title: scenario.title, status, coverage, findings: ids, notes })
  }
  const missingLogs = [...needed.values()]
    .filter((n) => !present.has(n.channel.toLowerCase()))
    .map((n) => ({ channel: n.channel, fileName: fileNameForChannel(n.channel), neededFor: [...n.scenarios].sort(), hint: hintForChannel(n.channel) }))
  const found = scenarios.filter((s) => s.status === 'current' || s.status === 'stale').map((s) => s.id)
  const resolved = scenarios.filter((s) => s.status === 'resolved').map((s) => s.id)
  const anchor = anchorOf(ctx)
  const report: Report = {
    schemaVersion: REPORT_SCHEMA_VERSION,
    generator: { name: 'rdp-triage', version: VERSION },
    analysis: {
      anchor,
      anchorSource: ctx.anchorSource,
      window: {
        duration: formatDuration(ctx.windowMs),
        milliseconds: ctx.windowMs,
        start: anchor === null ? null : shiftIso(anchor, -ctx.windowMs),
        end: anchor,
      },
      strict: ctx.strict,
      rules: ctx.rules.rules.map((r) => ({ id: r.rule.id, scenario: r.rule.scenario, title: r.rule.title })),
    },
    conclusion: { found, resolved, summary: conclude(scenarios, findings, ctx, anyReadable, new Set(needed.keys()), [...afterNow]) },
    scenarios,
    findings,
    inputs: ctx.inputs.map(inputOf),
    inputProblems: ctx.problems.map((p) => ({ ...p })),
    missingLogs,
    notChecked,
  }
  ReportSchema.parse(report)
  return report
}

/** An event time to the second, for sentences. */
function short(iso: string | null): string | null {
  return iso === null ? null : iso.replace(/\.\d+Z$/, 'Z')
}

/** Most damaged inputs the conclusion names one by one; past it, it counts them. */
const MAX_NAMED_DAMAGED = 3

/** Most computers the conclusion names one by one; past it, it counts them. */
const MAX_NAMED_COMPUTERS = 3

/**
 * A sentence when the inputs come from several computers (report/computers.ts): one window for
 * all can make one computer's current failure look stale beside another's newer logs.
 */
function severalComputers(ctx: ReportContext): string | undefined {
  const groups = computerGroups(ctx.inputs.filter((i) => i.status !== 'unreadable'))
  if (groups.length < 2) return undefined
  const named = groups.slice(0, MAX_NAMED_COMPUTERS).map((g) => {
    const also = g.names.length > 1 ? `, also named ${g.names.slice(1, MAX_NAMED_COMPUTERS).join(', ')}${g.names.length > MAX_NAMED_COMPUTERS ? ' and more' : ''}` : ''
    return `${g.names[0]} (${g.files.length} log${g.files.length === 1 ? '' : 's'}${also})`
  })
  const more = groups.length > MAX_NAMED_COMPUTERS ? ` and ${groups.length - MAX_NAMED_COMPUTERS} more` : ''
  const end = ctx.anchorSource === 'newest-record' ? ' ending at the newest record of them all' : ''
  return (
    `The inputs come from ${groups.length} computers, and no log holds records of two of them as a renamed host's would: ${named.join(', ')}${more}. ` +
    `Their events were analyzed together, in one window${end}, so a failure on one may look stale beside another's newer logs: analyze each computer's logs on their own.`
  )
}

/**
 * @param needed - the lowercase names of the logs the scenarios read: a damaged input matters to
 *   the conclusion only when it holds one of them
 * @param afterNow - scenarios with failure or recovery events dated after `now`, which were left out
 */
function conclude(scenarios: readonly ScenarioResult[], findings: readonly Finding[], ctx: ReportContext, anyReadable: boolean, needed: ReadonlySet<string>, afterNow: readonly string[]): string {
  if (!anyReadable) return 'Nothing could be analyzed: none of the inputs is a readable event log.'
  const window = `the ${formatDuration(ctx.windowMs)} window`
  const parts: string[] = []
  const listed = findings.filter((f) => f.status !== 'resolved')
  for (const f of listed) {
    const when = f.status === 'current' ? `current: ${f.countInWindow} failure event(s) in ${window}` : 'stale: seen only before the window'
    parts.push(`${f.scenario} found (${when}; ${f.confidence.level} confidence): ${f.title}. Last seen ${short(f.lastSeen) ?? 'at an unknown time'}.`)
  }
  if (parts.length === 0) parts.push(`No known RDP failure scenario is current in ${window} of the logs.`)
  for (const f of findings.filter((x) => x.status === 'resolved')) {
    parts.push(`${f.scenario} resolved: failure events up to ${short(f.lastSeen) ?? '?'} were followed by recovery at ${short(f.recovery?.time ?? null) ?? '?'}.`)
  }
  if (afterNow.length > 0) {
    parts.push(`Events of ${afterNow.join(', ')} dated after ${short(anchorOf(ctx)) ?? '?'}, the time given as now, were left out (see the notes).`)
  }
  const unruled = scenarios.filter((s) => s.notes.includes(NO_RULE_NOTE))
  if (unruled.length > 0) parts.push(`${unruled.map((s) => s.id).join(', ')} ${unruled.length === 1 ? 'was' : 'were'} not checked: no rule of the rule set looks for ${unruled.length === 1 ? 'it' : 'them'}.`)
  const unchecked = scenarios.filter((s) => s.coverage !== 'full' && s.status === 'absent' && !unruled.includes(s))
  if (unchecked.length > 0) {
    parts.push(`${unchecked.map((s) => `${s.id} ${s.coverage === 'none' ? 'was not checked' : 'was only partly checked'}`).join(', ')}: logs it needs are missing (see "Missing logs").`)
  }
  const computers = severalComputers(ctx)
  if (computers !== undefined) parts.push(computers)
  // What a damaged or cut-short log of the scenarios lost can hide a failure as well as a missing
  // log can (a damaged log they do not read is only listed under the inputs).
  const holdsNeeded = (i: ReportContext['inputs'][number]) => [i.channel, ...i.channels.map((c) => c.name)].some((c) => c !== null && needed.has(c.toLowerCase()))
  const partial = ctx.inputs.filter((i) => i.status === 'damaged' && holdsNeeded(i))
  if (partial.length > MAX_NAMED_DAMAGED) {
    parts.push(`${partial.length} of the logs the scenarios read are damaged or incomplete copies: events in what could not be read were not checked (see "Inputs").`)
  } else if (partial.length > 0) {
    const what = (i: (typeof partial)[number]) =>
      i.diagnostics.byCode.EVTX_FILE_INCOMPLETE !== undefined ? 'is an incomplete copy' : i.diagnostics.byCode.EVTX_RECORD_HIDDEN !== undefined || i.diagnostics.byCode.EVTX_RECORD_OVERSIZED !== undefined ? 'was edited to hide records' : 'is damaged'
    const which = partial.map((i) => `${i.file} ${what(i)}`)
    const hid = partial.some((i) => what(i) === 'was edited to hide records')
    parts.push(`${which.join(', ')}: events in what could not be read${hid ? ', or was hidden,' : ''} were not checked (see "Inputs").`)
  }
  // A clear before the window hides nothing the window should hold (the inputs still list it);
  // one inside it hides what the window held before it. A clear of unknown time may be either.
  const windowStartMs = ctx.anchorMs === undefined ? undefined : ctx.anchorMs - ctx.windowMs
  const cleared = lastClears(ctx.inputs).filter((c) => needed.has(c.channel.toLowerCase()) && (windowStartMs === undefined || c.timeMs === null || c.timeMs > windowStartMs))
  if (cleared.length > 0) {
    const which = cleared.map((c) => `${c.channel} was cleared at ${short(c.time) ?? 'an unknown time'}${c.account === null ? '' : ` by ${c.account}`}`)
    const starts = cleared.some((c) => c.timeMs === null) ? 'may start' : 'starts'
    parts.push(`The logs record that ${which.join(', ')}: events written before then are gone, and ${window} ${starts} before ${cleared.length === 1 ? 'that clear' : 'those clears'}, so a failure in the window before a clear would not be seen (see "Inputs").`)
  }
  parts.push(...leftoverTraces(scenarios, ctx.inputs))
  return parts.join(' ')
}

/** Inputs a conclusion's sentence names one by one; past it, it counts them. */
const MAX_NAMED_INPUTS = 3

/**
 * For each scenario the logs do not show, the failure events of it that a wrap or a clear left in
 * unused space (inputs/leftover-events.ts): they are no finding, since they are not the log, but
 * after a clear they may be all that is left of the problem.
 */
function leftoverTraces(scenarios: readonly ScenarioResult[], inputs: readonly InputSummary[]): string[] {
  const sentences: string[] = []
  for (const s of scenarios) {
    if (s.status !== 'absent') continue
    const left = inputs.flatMap((i) => i.leftoverFailures.filter((f) => f.scenario === s.id).map((f) => ({ file: i.file, ...f })))
    if (left.length === 0) continue
    const count = left.reduce((n, f) => n + f.count, 0)
    const times = left.flatMap((f) => [f.first, f.last]).filter((t): t is string => t !== null).sort((a, b) => Date.parse(a) - Date.parse(b))
    const first = short(times[0] ?? null)
    const last = short(times[times.length - 1] ?? null)
    const when = first === null ? '' : first === last ? ` (written ${first})` : ` (written ${first} to ${last})`
    const files = [...new Set(left.map((f) => f.file))]
    const where = files.length > MAX_NAMED_INPUTS ? `${files.length} inputs` : files.join(', ')
    sentences.push(
      `${s.id} was not found in the logs, but the records a wrap or a clear left in the unused space of ${where} hold ${count} of its failure event(s)${when}: ` +
        `they are not part of the log, so they were not analyzed; after a clear they may be all that is left of the problem ('rdp-triage dump --leftover-records' prints them; see "Inputs").`,
    )
  }
  return sentences
}

/** The latest clear of each log the inputs record (inputs/log-clears.ts), in channel order. */
function lastClears(inputs: readonly InputSummary[]): LogClear[] {
  const latest = new Map<string, LogClear>()
  for (const i of inputs) {
    for (const c of i.logClears) {
      const key = c.channel.toLowerCase()
      const seen = latest.get(key)
      if (seen === undefined || (c.timeMs ?? Number.NEGATIVE_INFINITY) > (seen.timeMs ?? Number.NEGATIVE_INFINITY)) latest.set(key, c)
    }
  }
  return [...latest.values()].sort((a, b) => a.channel.localeCompare(b.channel))
}
