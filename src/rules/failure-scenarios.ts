/**
 * The scenarios an event is a failure event of, as the rule engine would count it: for each rule,
 * the first of its signals the event matches, when that signal's role is `failure`.
 *
 * For naming events the rules do not analyze: the records a wrap or a clear left in a chunk's
 * unused space (inputs/leftover-events.ts), which are not part of the log.
 */
import type { EventLike } from '../model/event.js'
import type { CompiledRuleSet } from './compile.js'

export function failureScenariosOf(rules: CompiledRuleSet, event: EventLike): string[] {
  const eventId = event.eventId
  if (eventId === undefined) return []
  const scenarios: string[] = []
  for (const { rule, signals } of rules.rules) {
    const first = signals.find((s) => s.eventIds.has(eventId) && s.test(event) !== undefined)
    if (first?.role === 'failure' && !scenarios.includes(rule.scenario)) scenarios.push(rule.scenario)
  }
  return scenarios
}
