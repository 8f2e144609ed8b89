/**
 * The "From the report" values of a script (src/remediation/report-data.ts): computer names,
 * thumbprints, protocols, each finding's scenario, status and event count, the default DACL.
 */
import { describe, expect, test } from 'vitest'
import { psLogString } from '../../src/remediation/powershell.js'
import { evidenceComputerNames, evidenceProtocols, evidenceThumbprints, renderReportData } from '../../src/remediation/report-data.js'
import { MACHINEKEYS_DEFAULT_DACL } from '../../src/remediation/scenario-s1.js'
import { evidence, report, S1_FINDING, S2_FINDING, S3_FINDING } from './fixtures.js'

describe('evidenceProtocols', () => {
  test('takes protocol names from fields named Protocol in any case, in protocol order, once each', () => {
    const fields = [['protocol', 'TLS 1.2'], ['PROTOCOL', 'SSL 3.0'], ['Protocol', 'TLS 1.2'], ['Protocols', 'TLS 1.1'], ['Other', 'TLS 1.0'], ['Protocol', 'tls 1.3']] as const
    expect(evidenceProtocols(report([{ ...S2_FINDING, evidence: [evidence({ fields })] }]))).toEqual(['SSL 3.0', 'TLS 1.2'])
  })
})

describe('renderReportData', () => {
  /** The Events value of each $ReportFindings entry. */
  function events(findings: Parameters<typeof report>[0]): string[] {
    return [...renderReportData(report(findings), 'online').text.matchAll(/; Events = ([^ ]+) \}/g)].map((m) => m[1] as string)
  }

  test("gives each finding's event count: the report's count, else its evidence records", () => {
    expect(events([{ ...S1_FINDING, count: 0 }, { ...S1_FINDING, count: 7 }, { ...S1_FINDING, count: undefined }])).toEqual(['0', '7', '3'])
  })

  test("says 'unknown' for a count that is not a whole number", () => {
    expect(events([{ ...S1_FINDING, count: -1 }, { ...S1_FINDING, count: 1.5 }, { ...S1_FINDING, count: 2 ** 53 }])).toEqual(["'unknown'", "'unknown'", "'unknown'"])
  })
})

describe('evidenceComputerNames and evidenceThumbprints', () => {
  const names = (computers: (string | undefined)[][]) => report(computers.map((c) => ({ ...S2_FINDING, evidence: c.map((computer) => evidence({ computer })) })))

  test('takes each computer name once, in report order across findings, skipping records without one', () => {
    expect(evidenceComputerNames(names([['vm-b', undefined, 'vm-a', 'vm-b'], ['', 'vm-c', 'vm-a']]))).toEqual(['vm-b', 'vm-a', 'vm-c'])
  })

  test('sorts the thumbprints, whatever order the evidence gives them in', () => {
    const fields = [['Hash', 'f'.repeat(40)], ['Hash', 'C'.repeat(40)], ['Hash', '0'.repeat(40)]] as const
    expect(evidenceThumbprints(report([{ ...S1_FINDING, evidence: [evidence({ fields })] }]))).toEqual(['0'.repeat(40), 'C'.repeat(40), 'F'.repeat(40)])
  })
})

describe('renderReportData values', () => {
  test('writes the computer names in report order, each embedded as log text', () => {
    const text = renderReportData(report([{ ...S2_FINDING, evidence: [evidence({ computer: 'vm-z' }), evidence({ computer: 'vm-a' })] }]), 'offline').text
    expect(text).toContain(`$EvidenceComputerNames = @(\n    ${psLogString('vm-z').text}\n    ${psLogString('vm-a').text}\n)\n`)
  })

  test('writes every protocol found, in protocol order', () => {
    const fields = [['Protocol', 'TLS 1.1'], ['Protocol', 'TLS 1.0']] as const
    expect(renderReportData(report([{ ...S2_FINDING, evidence: [evidence({ fields })] }]), 'online').text).toContain("$EvidenceProtocols = @(\n    'TLS 1.0'\n    'TLS 1.1'\n)\n")
  })

  test("gives each finding's scenario and status in their own keys", () => {
    const text = renderReportData(report([{ ...S3_FINDING, status: 'stale' }, { ...S1_FINDING, status: 'resolved' }]), 'online').text
    expect([...text.matchAll(/@\{ Scenario = '(\w+)'; Status = '(\w+)'; /g)].map((m) => `${m[1]}/${m[2]}`)).toEqual(['S3/stale', 'S1/resolved'])
  })

  test('carries the default MachineKeys DACL, not the SDDL with its owner', () => {
    expect(renderReportData(report([]), 'online').text).toContain(`\n$MachineKeysDefaultDacl = '${MACHINEKEYS_DEFAULT_DACL}'`)
    expect(MACHINEKEYS_DEFAULT_DACL).toMatch(/^D:/)
  })
})
