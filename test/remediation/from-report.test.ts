import { describe, expect, test } from 'vitest'
import { analyze } from '../../src/analyze.js'
import type { Report } from '../../src/report/schema.js'
import { remediationInputFromReport, renderScript } from '../../src/remediation/index.js'

async function sample(name: string): Promise<Report> {
  return analyze(`samples/${name}`)
}

describe('remediationInputFromReport', () => {
  test('maps findings, evidence, inputs, anchor time and version', async () => {
    const report = await sample('all-three-scenarios')
    const input = remediationInputFromReport(report)
    expect(input.toolVersion).toBe(report.generator.version)
    expect(input.reportTime).toBe(report.analysis.anchor)
    expect(input.inputs.map((i) => i.path)).toEqual(report.inputs.map((i) => i.file))
    expect(input.findings.map((f) => [f.scenario, f.status])).toEqual(report.findings.map((f) => [f.scenario, f.status]))
    const s1 = input.findings.find((f) => f.scenario === 'S1')
    const e = s1?.evidence[0]
    const re = report.findings.find((f) => f.scenario === 'S1')?.evidence[0]
    expect(e).toMatchObject({ file: re?.file, recordId: re?.recordId, time: re?.time, provider: re?.provider, eventId: re?.eventId, computer: re?.computer, role: re?.role })
    expect(e?.fields).toEqual(Object.entries(re?.data ?? {}))
    expect(e?.channel).toBe(re?.channel)
    expect(input.inputs).toEqual(report.inputs.map((i) => ({ path: i.file, channel: i.channel, records: i.records })))
  })

  test('an absent value of the report becomes a word the header shows, or is left out', async () => {
    const report = structuredClone(await sample('s1-self-signed-certificate'))
    const re = report.findings[0]?.evidence[0] as Report['findings'][number]['evidence'][number]
    Object.assign(re, { recordId: null, time: null, provider: null, channel: null, computer: null })
    ;(report.inputs[0] as Report['inputs'][number]).channel = null
    report.analysis.anchor = null
    const input = remediationInputFromReport(report)
    expect(input.findings[0]?.evidence[0]).toMatchObject({ recordId: 'unknown', time: 'unknown time', provider: 'unknown provider', channel: undefined, computer: undefined })
    expect(input.inputs[0]?.channel).toBeUndefined()
    expect(input.reportTime).toBeUndefined()
  })

  test('takes thumbprint facts, and notes missing logs', async () => {
    const input = remediationInputFromReport(await sample('recovered-after-failure'))
    expect(input.findings[0]?.thumbprints).toEqual(['2972BB044D96DF2871BA034C95DE2770B9024B94'])
    expect(input.notes?.some((n) => n.includes('SessionBroker%4Operational.evtx') && n.includes('S3'))).toBe(true)
  })

  test('a scenario this version cannot repair becomes a header note, not a step', async () => {
    const report = await sample('s2-tls-disabled')
    const other = { ...report, findings: report.findings.map((f) => ({ ...f, scenario: 'S7' })) }
    const input = remediationInputFromReport(other)
    expect(input.findings).toEqual([])
    expect(input.notes).toContain(`Finding ${report.findings[0]?.ruleId} (scenario S7) has no remediation in this version.`)
  })

  test('renderScript refuses what is not a report', async () => {
    const report = await sample('s1-self-signed-certificate')
    expect(() => renderScript({ ...report, schemaVersion: 2 } as unknown as Report, { mode: 'online' })).toThrow(/not a valid rdp-triage report/)
    const bad = structuredClone(report)
    ;(bad.findings[0]?.evidence[0] as { eventId: unknown }).eventId = '1058; Remove-Item'
    expect(() => renderScript(bad, { mode: 'offline' })).toThrow(TypeError)
  })

  test('the same report gives the same script, and the resolved finding has no step', async () => {
    const report = await sample('recovered-after-failure')
    const a = renderScript(report, { mode: 'online' })
    expect(renderScript(JSON.parse(JSON.stringify(report)) as Report, { mode: 'online' })).toBe(a)
    expect(a).toContain('Resolved: a later event shows it cleared')
    expect(a).not.toContain('function Step03-KeyFolderPermissions')
  })
})
