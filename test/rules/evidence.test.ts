/**
 * What a finding shows: the reach of supporting events, which matches are kept when there are
 * more than the budget, and the facts gathered from them.
 */
import { describe, expect, it } from 'vitest'
import { makeEvent } from '../../src/model/event.js'
import { compileRules } from '../../src/rules/compile.js'
import type { SignalMatch } from '../../src/rules/engine.js'
import { collectFacts, pickEvidence, supportingReach } from '../../src/rules/evidence.js'
import type { CapturedFact } from '../../src/rules/compile.js'
import { minimalRuleSet } from '../helpers/rules.js'

const rule = compileRules(
  minimalRuleSet((r) => {
    r.signals[0] = { id: 'fail', role: 'failure', description: 'd', provider: { names: ['Schannel'] }, eventIds: [36870, 36871] }
    r.signals[1] = { id: 'ok', role: 'recovery', description: 'd', provider: { names: ['Schannel'] }, eventIds: [36880] }
    r.confidence = [{ level: 'medium', reason: 'r', anyOf: ['fail'] }]
  }),
).rules[0]!
const [fail, ok] = rule.signals as [SignalMatch['signal'], SignalMatch['signal']]

/** A match of `signal` for event id `eventId` at minute `minute`. */
function match(signal: SignalMatch['signal'], eventId: number, minute: number, facts: CapturedFact[] = []): SignalMatch {
  return { signal, event: makeEvent({ provider: 'Schannel', eventId }), source: 'System.evtx', timeMs: minute * 60_000, fields: [], facts, inWindow: true }
}

describe('supportingReach', () => {
  it('is the widest withinMinutes of the rule’s grades, or 10 minutes', () => {
    const { withinMinutes: _none, ...grade } = rule.grades[0]!
    expect(supportingReach({ ...rule, grades: [{ ...grade, withinMinutes: 5 }, { ...grade, withinMinutes: 30 }] })).toBe(30 * 60_000)
    expect(supportingReach({ ...rule, grades: [grade] })).toBe(10 * 60_000)
    expect(supportingReach({ ...rule, grades: [grade, { ...grade, withinMinutes: 2 }] })).toBe(2 * 60_000)
  })
})

describe('pickEvidence', () => {
  it('keeps everything, in order, within the budget', () => {
    const all = [match(fail, 36871, 1), match(fail, 36871, 2)]
    expect(pickEvidence(all, undefined, 2)).toEqual(all)
  })

  it('keeps the recovery, the first of each signal and event id, the last of each signal, then the newest, in time order', () => {
    // 36870 once (minute 0), 36871 at minutes 1..20, the recovery at minute 21, two more 36871 after it.
    const sorted = [match(fail, 36870, 0), ...Array.from({ length: 20 }, (_, k) => match(fail, 36871, k + 1)), match(ok, 36880, 21), match(fail, 36871, 22), match(fail, 36871, 23)]
    const minutes = (list: SignalMatch[]) => list.map((m) => m.timeMs / 60_000)
    // Budget 2: the recovery first, then the first kind met (36870).
    expect(minutes(pickEvidence(sorted, sorted[21], 2))).toEqual([0, 21])
    // Budget 4: the recovery, the first 36870, the first 36871, and the fail signal's last match.
    expect(minutes(pickEvidence(sorted, sorted[21], 4))).toEqual([0, 1, 21, 23])
    // Budget 6: then the newest not yet kept.
    expect(minutes(pickEvidence(sorted, sorted[21], 6))).toEqual([0, 1, 20, 21, 22, 23])
    // No recovery named: the first of each kind (the recovery's too) and the last of each signal.
    expect(minutes(pickEvidence(sorted, undefined, 3))).toEqual([0, 1, 21])
    expect(minutes(pickEvidence(sorted, undefined, 4))).toEqual([0, 1, 21, 23])
  })

  it('keeps the last match of each signal before the newest others', () => {
    // 36871 at minutes 1..10, the recovery signal at 3 and 4.
    const sorted = [match(fail, 36871, 1), match(fail, 36871, 2), match(ok, 36880, 3), match(ok, 36880, 4), ...Array.from({ length: 8 }, (_, k) => match(fail, 36871, k + 3))]
    sorted.sort((a, b) => a.timeMs - b.timeMs)
    expect(pickEvidence(sorted, undefined, 4).map((m) => `${m.signal.id}@${m.timeMs / 60_000}`)).toEqual(['fail@1', 'ok@3', 'ok@4', 'fail@10'])
  })
})

describe('collectFacts', () => {
  it('gathers each fact’s values once, in the order met, with its kind', () => {
    const facts = collectFacts([
      match(fail, 36871, 1, [{ name: 'status', kind: 'hresult', value: '0x80090016' }]),
      match(fail, 36871, 2, [{ name: 'status', kind: 'hresult', value: '0x80090016' }, { name: 'status', kind: 'hresult', value: '0x8009030D' }]),
      match(fail, 36871, 3, [{ name: 'port', kind: 'integer', value: 3389 }]),
    ])
    expect(facts).toEqual({ status: { kind: 'hresult', values: ['0x80090016', '0x8009030D'] }, port: { kind: 'integer', values: [3389] } })
  })
})
