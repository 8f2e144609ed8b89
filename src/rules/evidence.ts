/**
 * Choosing what a finding shows: which supporting events are close enough to a failure to count
 * as its evidence, which matches are listed when there are more than the budget, and the facts
 * captured from them.
 */
import type { CompiledRule, CompiledSignal } from './compile.js'
import type { SignalMatch } from './engine.js'
import type { FactKind } from './schema.js'

/**
 * How close (ms) a supporting event must be to a failure to be shown as evidence: the widest
 * `withinMinutes` of the rule's grades, or 10 minutes when none sets one. Supporting events far from
 * any failure (connections on a healthy day) say nothing about it.
 */
export function supportingReach(rule: CompiledRule): number {
  const widest = Math.max(0, ...rule.grades.map((g) => g.withinMinutes ?? 0))
  return (widest > 0 ? widest : 10) * 60_000
}

/**
 * At most `max` matches, in time order. Kept first: the recovery event, the first event of each
 * signal and event id (so a 1057 is shown beside a 1058), then the last of each signal; the rest
 * of the budget goes to the newest events.
 */
export function pickEvidence(sorted: readonly SignalMatch[], recovery: SignalMatch | undefined, max: number): SignalMatch[] {
  if (sorted.length <= max) return [...sorted]
  const keep = new Set<SignalMatch>()
  if (recovery !== undefined) keep.add(recovery)
  const kinds = new Set<string>()
  for (const m of sorted) {
    const kind = `${m.signal.id}|${m.event.eventId}`
    if (keep.size < max && !kinds.has(kind)) {
      kinds.add(kind)
      keep.add(m)
    }
  }
  const lastOf = new Map<CompiledSignal, SignalMatch>()
  for (const m of sorted) lastOf.set(m.signal, m)
  for (const m of lastOf.values()) if (keep.size < max) keep.add(m)
  for (let i = sorted.length - 1; i >= 0 && keep.size < max; i--) keep.add(sorted[i] as SignalMatch)
  return sorted.filter((m) => keep.has(m))
}

export function collectFacts(matches: readonly SignalMatch[]): Record<string, { kind: FactKind; values: Array<string | number> }> {
  const facts: Record<string, { kind: FactKind; values: Array<string | number> }> = {}
  for (const m of matches) {
    for (const f of m.facts) {
      const entry = facts[f.name] ?? { kind: f.kind, values: [] }
      if (!entry.values.includes(f.value)) entry.values.push(f.value)
      facts[f.name] = entry
    }
  }
  return facts
}
