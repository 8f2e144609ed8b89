/**
 * Which scenarios an event is a failure event of (src/rules/failure-scenarios.ts), as the engine
 * counts it: the first signal of each rule that matches, when its role is failure.
 */
import { describe, expect, it } from 'vitest'
import { builtinRules } from '../../src/rules/builtin/index.js'
import { compileRules } from '../../src/rules/compile.js'
import { failureScenariosOf } from '../../src/rules/failure-scenarios.js'
import { at, broker2056, client1296, rcm, rcm261, schannel } from '../helpers/events.js'

const rules = builtinRules()
const t = at(0)

describe('failureScenariosOf', () => {
  it('names the scenario of each built-in failure event', () => {
    expect(failureScenariosOf(rules, rcm(1058, t, { status: 'Access is denied.' }))).toEqual(['S1'])
    expect(failureScenariosOf(rules, rcm(1057, t, { status: 'Keyset does not exist' }))).toEqual(['S1'])
    expect(failureScenariosOf(rules, schannel(36871, t, { Type: 'server', ErrorState: '10013' }))).toEqual(['S2'])
    expect(failureScenariosOf(rules, broker2056(t))).toEqual(['S3'])
    expect(failureScenariosOf(rules, client1296(t))).toEqual(['S3'])
  })

  it('names none for a look-alike the rules ignore, a recovery, an event of another channel, or one without an id', () => {
    // Client-side 36871 is the rules' ignored look-alike of S2's server-side failure.
    expect(failureScenariosOf(rules, schannel(36871, t, { Type: 'client', ErrorState: '10013' }))).toEqual([])
    // RCM 1056: a new self-signed certificate, S1's recovery.
    expect(failureScenariosOf(rules, rcm(1056, t))).toEqual([])
    expect(failureScenariosOf(rules, rcm(1058, t, { status: 'Access is denied.', channel: 'Application' }))).toEqual([])
    expect(failureScenariosOf(rules, rcm261(t))).toEqual([])
    expect(failureScenariosOf(rules, { provider: 'Schannel' })).toEqual([])
  })

  it('takes each rule\'s first matching signal, as the engine does, and names a scenario once', () => {
    const signal = (id: string, role: string) => ({ id, role, description: id, provider: { names: ['P'] }, eventIds: [7] })
    const rule = (id: string, scenario: string, signals: unknown[]) => ({
      id, scenario, title: id, summary: id, cause: id, remediation: ['r'], links: [{ title: 'l', url: 'https://example.invalid/' }], signals,
      confidence: [{ level: 'low', reason: 'r', anyOf: ['fail'] }],
    })
    const set = compileRules({
      scenarios: [{ id: 'S1', title: 'one', description: 'one' }, { id: 'S2', title: 'two', description: 'two' }],
      rules: [
        rule('a', 'S1', [signal('look-alike', 'ignored'), signal('fail', 'failure')]),
        rule('b', 'S2', [signal('fail', 'failure')]),
        rule('c', 'S2', [signal('fail', 'failure')]),
      ],
    })
    expect(failureScenariosOf(set, { provider: 'P', eventId: 7 })).toEqual(['S2'])
  })
})
