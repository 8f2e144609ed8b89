/**
 * Confidence grading: which of a rule's grades hold for a set of matched events.
 *
 * `anyOf` grades count events of the listed signals; `allOf` grades need every listed signal,
 * and with `withinMinutes` a stretch of at most that many minutes holding an event of each (the
 * smallest such stretch is found with one sliding window over the time-sorted events).
 */
import type { ConfidenceLevel, Grade } from './schema.js'

export interface TimedSignal {
  readonly signal: string
  readonly timeMs: number
}

export interface GradeResult {
  readonly level: ConfidenceLevel
  readonly reasons: string[]
}

const RANK: Readonly<Record<ConfidenceLevel, number>> = { low: 0, medium: 1, high: 2 }

/**
 * The smallest time span (ms) holding at least one event of every signal in `ids`, or undefined.
 * Events without a time (NaN) are left out: nothing says how close they were to the others.
 */
export function smallestSpan(events: readonly TimedSignal[], ids: readonly string[]): number | undefined {
  const wanted = new Set(ids)
  const sorted = events.filter((e) => wanted.has(e.signal) && !Number.isNaN(e.timeMs)).sort((a, b) => a.timeMs - b.timeMs)
  const inside = new Map<string, number>()
  let best: number | undefined
  let lo = 0
  for (let hi = 0; hi < sorted.length; hi++) {
    const h = sorted[hi] as TimedSignal
    inside.set(h.signal, (inside.get(h.signal) ?? 0) + 1)
    while (inside.size === wanted.size) {
      const l = sorted[lo] as TimedSignal
      const span = h.timeMs - l.timeMs
      if (best === undefined || span < best) best = span
      const n = (inside.get(l.signal) ?? 0) - 1
      if (n === 0) inside.delete(l.signal)
      else inside.set(l.signal, n)
      lo++
    }
  }
  return best
}

function minutes(ms: number): string {
  const m = ms / 60_000
  return m < 1 ? `${Math.round(ms / 1000)} s` : `${Math.round(m * 10) / 10} min`
}

/** Checks one grade; returns the reason with the numbers that made it hold, or undefined. */
export function checkGrade(grade: Grade, events: readonly TimedSignal[]): string | undefined {
  const min = grade.minCount ?? 1
  const count = (ids: readonly string[]) => events.filter((e) => ids.includes(e.signal)).length
  if (grade.anyOf !== undefined) {
    const n = count(grade.anyOf)
    return n >= min ? `${grade.reason} (${n} event${n === 1 ? '' : 's'})` : undefined
  }
  const all = grade.allOf ?? []
  if (!all.every((id) => count([id]) >= min)) return undefined
  if (grade.withinMinutes === undefined) return `${grade.reason} (${all.map((id) => `${id}: ${count([id])}`).join(', ')})`
  const span = smallestSpan(events, all)
  if (span === undefined || span > grade.withinMinutes * 60_000) return undefined
  return `${grade.reason} (closest: ${minutes(span)} apart, limit ${grade.withinMinutes} min)`
}

/** The highest level among the grades that hold, with every reason that holds (low when none does). */
export function gradeConfidence(grades: readonly Grade[], events: readonly TimedSignal[]): GradeResult {
  let level: ConfidenceLevel | undefined
  const reasons: string[] = []
  for (const g of grades) {
    const reason = checkGrade(g, events)
    if (reason === undefined) continue
    reasons.push(`${g.level}: ${reason}`)
    if (level === undefined || RANK[g.level] > RANK[level]) level = g.level
  }
  if (level === undefined) return { level: 'low', reasons: ['low: none of the rule\'s grading conditions holds for these events'] }
  return { level, reasons }
}
