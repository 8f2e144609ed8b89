/** The "From the report" values of a script (src/remediation/report-data.ts): protocols, event counts. */
import { describe, expect, test } from 'vitest'
import { evidenceProtocols, renderReportData } from '../../src/remediation/report-data.js'
import { evidence, report, S1_FINDING, S2_FINDING } from './fixtures.js'

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
