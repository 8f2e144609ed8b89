/**
 * A minimal valid rule set for rule tests: one scenario, one rule, one failure signal. Tests
 * change one thing at a time through `patch`.
 */
export type RuleData = Record<string, any>

export function minimalRuleSet(patch: (rule: RuleData) => void = () => {}): { scenarios: RuleData[]; rules: RuleData[] } {
  const rule: RuleData = {
    id: 'demo',
    scenario: 'S1',
    title: 't',
    summary: 's',
    cause: 'c',
    remediation: ['r'],
    links: [{ title: 'l', url: 'https://example.com/x' }],
    signals: [{ id: 'sig', role: 'failure', description: 'd', provider: { names: ['P'] }, eventIds: [1] }],
    confidence: [{ level: 'medium', reason: 'r', anyOf: ['sig'] }],
  }
  patch(rule)
  return { scenarios: [{ id: 'S1', title: 'T', description: 'D' }], rules: [rule] }
}
