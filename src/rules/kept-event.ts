/**
 * What the engine keeps of a matched event for evidence and facts: the event itself, or, for one
 * whose texts together pass {@link MAX_KEPT_CHARS}, a copy clipped to that many characters (and
 * the same for the fields a signal matched on).
 *
 * A record of a 64 KiB chunk holds less text than that, but a crafted record that names one value
 * many times makes an event of millions of characters (up to the render limit,
 * limits.maxRenderedLength): kept whole, the matches a rule holds for evidence (up to twice
 * `maxMatchesPerRule`) took gigabytes from a log of a few megabytes. Conditions, counts and times
 * are decided on the whole event; only what is kept is clipped.
 */
import type { EventLike } from '../model/event.js'
import type { FieldValue } from './values.js'

/** Characters of an event's texts kept at most (each value also counts {@link ENTRY_COST}). */
export const MAX_KEPT_CHARS = 32_768

/** What a value costs beside its text, so that millions of empty values are clipped too. */
const ENTRY_COST = 16

/** The label of the entry that counts the values left out. */
export const LEFT_OUT_LABEL = '…'

const SYSTEM_TEXTS = ['provider', 'providerGuid', 'eventSourceName', 'keywords', 'timeCreated', 'channel', 'computer', 'userId'] as const

/** The characters the event's texts cost, counted until they pass `limit`. */
function costUpTo(event: EventLike, limit: number): number {
  let n = 0
  for (const k of SYSTEM_TEXTS) n += event[k]?.length ?? 0
  n += (event.binaryHex?.length ?? 0) + (event.userData?.element.length ?? 0)
  for (const fields of [event.data, event.userData?.fields]) {
    if (fields === undefined) continue
    for (const key of Object.keys(fields)) {
      if (n > limit) return n
      n += ENTRY_COST + key.length + (fields[key] as string).length
    }
  }
  for (const v of event.unnamedData ?? []) {
    if (n > limit) return n
    n += ENTRY_COST + v.length
  }
  return n
}

/** A string with memory of its own (not a slice of a longer one). */
function copyOf(s: string): string {
  return ` ${s}`.slice(1)
}

/** A budget of characters spent text by text; what does not fit is cut, with how much was. */
class Budget {
  private left = MAX_KEPT_CHARS
  /** Values left out once the budget was spent. */
  leftOut = 0

  text(s: string): string {
    if (s.length <= this.left) {
      this.left -= s.length
      return s
    }
    const keep = this.left
    this.left = 0
    // A plain slice may share the whole text's memory (V8 keeps the long string behind a slice of
    // it): the kept part is copied out.
    return `${copyOf(s.slice(0, keep))}… (${s.length - keep} more characters)`
  }

  /** Whether one more value fits (its cost is spent), or is left out (and counted). */
  entry(): boolean {
    if (this.left < ENTRY_COST) {
      this.leftOut++
      return false
    }
    this.left -= ENTRY_COST
    return true
  }
}

function clipFields(fields: Readonly<Record<string, string>>, budget: Budget): Record<string, string> {
  const out: Record<string, string> = {}
  for (const key of Object.keys(fields)) {
    if (!budget.entry()) continue
    // defineProperty: a field named `__proto__` stays a plain field.
    Object.defineProperty(out, budget.text(key), { value: budget.text(fields[key] as string), enumerable: true, writable: true, configurable: true })
  }
  return out
}

/** The event as the engine keeps it: itself when its texts fit {@link MAX_KEPT_CHARS}, else a clipped copy. */
export function keptEvent<E extends EventLike>(event: E): E {
  if (costUpTo(event, MAX_KEPT_CHARS) <= MAX_KEPT_CHARS) return event
  const budget = new Budget()
  const copy: { -readonly [K in keyof EventLike]: EventLike[K] } = { ...event }
  for (const k of SYSTEM_TEXTS) if (event[k] !== undefined) copy[k] = budget.text(event[k])
  if (event.data !== undefined) copy.data = clipFields(event.data, budget)
  if (event.unnamedData !== undefined) copy.unnamedData = event.unnamedData.filter(() => budget.entry()).map((v) => budget.text(v))
  if (event.userData !== undefined) copy.userData = { element: budget.text(event.userData.element), fields: clipFields(event.userData.fields, budget) }
  if (event.binaryHex !== undefined) copy.binaryHex = budget.text(event.binaryHex)
  if (budget.leftOut > 0) copy.data = { ...copy.data, [LEFT_OUT_LABEL]: `${budget.leftOut} more values not kept` }
  return copy as E
}

/** The fields a signal matched on, clipped as {@link keptEvent} clips the event. */
export function keptFields(fields: readonly FieldValue[]): readonly FieldValue[] {
  let cost = 0
  for (const f of fields) {
    cost += ENTRY_COST + f.label.length + f.value.length
    if (cost > MAX_KEPT_CHARS) break
  }
  if (cost <= MAX_KEPT_CHARS) return fields
  const budget = new Budget()
  const out: FieldValue[] = []
  for (const f of fields) if (budget.entry()) out.push({ label: budget.text(f.label), value: budget.text(f.value) })
  if (budget.leftOut > 0) out.push({ label: LEFT_OUT_LABEL, value: `${budget.leftOut} more values not kept` })
  return out
}
