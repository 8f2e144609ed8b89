import { describe, expect, it } from 'vitest'
import { compileRules } from '../../src/rules/compile.js'
import { RuleError } from '../../src/rules/errors.js'
import { BUILTIN_RULE_DATA } from '../../src/rules/builtin/index.js'
import { minimalRuleSet } from '../helpers/rules.js'

const ruleSet = minimalRuleSet

function issues(data: unknown): string[] {
  try {
    compileRules(data)
  } catch (e) {
    if (e instanceof RuleError) return e.issues.map((i) => `${i.path}: ${i.message}`)
    throw e
  }
  return []
}

describe('rule schema', () => {
  it('accepts the minimal rule and every built-in rule', () => {
    expect(issues(ruleSet())).toEqual([])
    expect(issues(BUILTIN_RULE_DATA)).toEqual([])
  })
  it('rejects unknown keys at every level', () => {
    expect(issues(ruleSet((r) => (r.severity = 'high'))).join()).toMatch(/severity/)
    expect(issues(ruleSet((r) => (r.signals[0].eventID = [1]))).join()).toMatch(/eventID/)
    expect(issues(ruleSet((r) => (r.signals[0].where = [{ field: { name: 'Type' }, equal: ['x'] }]))).join()).toMatch(/equal/)
    expect(issues(ruleSet((r) => (r.signals[0].where = [{ field: { name: 'Type', position: 1 }, equals: ['x'] }]))).length).toBeGreaterThan(0)
  })
  it('needs exactly one operator per condition and a valid regular expression', () => {
    expect(issues(ruleSet((r) => (r.signals[0].where = [{ field: { name: 'T' } }]))).join()).toMatch(/exactly one of equals/)
    expect(issues(ruleSet((r) => (r.signals[0].where = [{ field: { name: 'T' }, equals: ['a'], contains: ['b'] }]))).join()).toMatch(/exactly one/)
    expect(issues(ruleSet((r) => (r.signals[0].where = [{ field: { name: 'T' }, matches: '(' }]))).join()).toMatch(/regular expression/)
    expect(issues(ruleSet((r) => (r.signals[0].where = [{ field: { name: 'T' }, exists: true, orMissing: true }]))).join()).toMatch(/orMissing/)
  })
  it('checks ids, roles and grades against each other', () => {
    expect(issues(ruleSet((r) => (r.id = 'Not Kebab'))).join()).toMatch(/kebab/)
    expect(issues(ruleSet((r) => (r.signals[0].role = 'recovery'))).join()).toMatch(/at least one failure signal/)
    expect(issues(ruleSet((r) => r.signals.push({ ...r.signals[0] }))).join()).toMatch(/duplicate signal id sig/)
    expect(issues(ruleSet((r) => (r.confidence[0].anyOf = ['nope']))).join()).toMatch(/unknown signal nope/)
    expect(issues(ruleSet((r) => r.signals.push({ ...r.signals[0], id: 'other' }))).join()).toMatch(/failure signal other is in no grade/)
    expect(issues(ruleSet((r) => (r.confidence[0] = { level: 'high', reason: 'x', anyOf: ['sig'], withinMinutes: 5 }))).join()).toMatch(/withinMinutes needs allOf/)
    // Only failure and supporting signals grade: a recovery or an ignored look-alike cannot.
    for (const role of ['recovery', 'ignored']) {
      const graded = ruleSet((r) => {
        r.signals.push({ ...r.signals[0], id: 'other', role })
        r.confidence[0].anyOf = ['sig', 'other']
      })
      expect(issues(graded)).toEqual([`rules.0.confidence.0: signal other has role ${role}; only failure and supporting signals grade confidence`])
    }
    const supporting = ruleSet((r) => {
      r.signals.push({ ...r.signals[0], id: 'other', role: 'supporting' })
      r.confidence[0].anyOf = ['sig', 'other']
    })
    expect(issues(supporting)).toEqual([])
  })
  it('takes event ids from 0 to 65535 (EventID is 16 bits)', () => {
    expect(issues(ruleSet((r) => (r.signals[0].eventIds = [0, 65535])))).toEqual([])
    expect(issues(ruleSet((r) => (r.signals[0].eventIds = [65536]))).join()).toMatch(/eventIds/)
    expect(issues(ruleSet((r) => (r.signals[0].eventIds = [-1]))).join()).toMatch(/eventIds/)
  })
  it('rejects a provider without name or GUID, and a malformed GUID', () => {
    expect(issues(ruleSet((r) => (r.signals[0].provider = {}))).join()).toMatch(/at least one name or GUID/)
    expect(issues(ruleSet((r) => (r.signals[0].provider = { guids: ['not-a-guid'] }))).length).toBeGreaterThan(0)
  })
  it('rejects a capture name used with two kinds', () => {
    const bad = ruleSet((r) => {
      r.signals[0].capture = { code: { field: { position: 1 }, as: 'hresult' } }
      r.signals.push({ id: 'two', role: 'supporting', description: 'd', provider: { names: ['P'] }, eventIds: [2], capture: { code: { field: { position: 1 }, as: 'text' } } })
    })
    expect(issues(bad).join()).toMatch(/capture code is hresult in one signal and text in another/)
  })
  it('rejects rules naming an unknown scenario, and duplicate rule ids', () => {
    expect(issues(ruleSet((r) => (r.scenario = 'S9'))).join()).toMatch(/unknown scenario S9/)
    const set = ruleSet()
    expect(issues({ ...set, rules: [set.rules[0], set.rules[0]] }).join()).toMatch(/duplicate rule id demo/)
  })
  it('reports every problem with its path in one error', () => {
    let error: unknown
    try {
      compileRules(ruleSet((r) => {
        r.severity = 1
        r.signals[0].eventIds = []
      }))
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(RuleError)
    expect((error as RuleError).code).toBe('RULE_INVALID')
    expect((error as RuleError).issues.map((i) => i.path)).toEqual(expect.arrayContaining(['rules.0', 'rules.0.signals.0.eventIds']))
    expect((error as RuleError).message).toMatch(/rule set \(1 rules\) is invalid/)
  })
})
