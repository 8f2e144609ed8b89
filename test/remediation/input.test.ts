/**
 * The generator's vocabulary (src/remediation/input.ts): the scenarios and finding statuses a
 * script is written for. Every one is accepted, nothing else is (a scenario without a step, a
 * status no report gives), and the statuses are exactly those a report's findings carry.
 */
import { describe, expect, test } from 'vitest'
import { renderRemediationScript } from '../../src/remediation/index.js'
import { FINDING_STATUSES, type FindingStatus, type Scenario, SCENARIOS } from '../../src/remediation/input.js'
import { FINDING_STATUSES as REPORT_FINDING_STATUSES } from '../../src/report/schema.js'
import { report, S1_FINDING } from './fixtures.js'

const render = (scenario: string, status: string): string =>
  renderRemediationScript(report([{ ...S1_FINDING, scenario: scenario as Scenario, status: status as FindingStatus }]), { mode: 'offline' })

describe('scenarios and statuses', () => {
  test('a script is written for each scenario and each status', () => {
    for (const scenario of SCENARIOS) for (const status of FINDING_STATUSES) expect(render(scenario, status)).toContain(`# Findings (1):\n#   ${scenario} `)
  })

  test('any other scenario or status is refused', () => {
    for (const scenario of ['S4', 'S0', 's1', '']) expect(() => render(scenario, 'current'), scenario).toThrow(`renderScript: unknown scenario ${JSON.stringify(scenario)}`)
    for (const status of ['failing', 'absent', 'Current']) expect(() => render('S1', status), status).toThrow(`renderScript: unknown status ${JSON.stringify(status)}`)
  })

  test('the statuses are those a report finding carries', () => {
    expect([...FINDING_STATUSES].sort()).toEqual([...REPORT_FINDING_STATUSES].sort())
  })

  test('each scenario has a title and, when current, a step of its own', () => {
    for (const scenario of SCENARIOS) {
      const s = render(scenario, 'current')
      expect(s, scenario).not.toContain(`#   ${scenario} undefined`)
      expect(s, scenario).toMatch(new RegExp(`\\n# Step \\d+: ${scenario}: `))
    }
  })
})
