/** The header comment of a script (src/remediation/header.ts): how much of each finding's evidence it lists. */
import { describe, expect, test } from 'vitest'
import { MAX_HEADER_EVIDENCE, renderHeader } from '../../src/remediation/header.js'
import { evidence, report, S1_FINDING } from './fixtures.js'

/** The header of a one-finding script whose evidence is `n` records with `fields` each. */
function header(n: number, fields: number): string[] {
  const records = Array.from({ length: n }, (_, i) => evidence({ recordId: i + 1, fields: Array.from({ length: fields }, (_, j) => [`F${j + 1}`, `v${j + 1}`] as const) }))
  return renderHeader(report([{ ...S1_FINDING, evidence: records }]), 'online', ['Step one']).text.split('\n')
}

describe('renderHeader', () => {
  test(`lists ${MAX_HEADER_EVIDENCE} evidence records of a finding and counts the rest`, () => {
    const listed = (lines: string[]) => lines.filter((l) => l.startsWith('#     - C:\\case\\Logs\\System.evtx record ')).length
    expect(listed(header(10, 1))).toBe(10)
    expect(header(10, 1).filter((l) => l.includes('more evidence record(s)'))).toEqual([])
    expect(listed(header(11, 1))).toBe(10)
    expect(header(11, 1)).toContain('#     ... and 1 more evidence record(s) in the report')
    expect(header(13, 1)).toContain('#     ... and 3 more evidence record(s) in the report')
  })

  test('lists six fields of a record and counts the rest', () => {
    const fields = (lines: string[]) => lines.filter((l) => l.startsWith('#         F1=v1'))
    expect(fields(header(1, 6))).toEqual(['#         F1=v1; F2=v2; F3=v3; F4=v4; F5=v5; F6=v6'])
    expect(fields(header(1, 8))).toEqual(['#         F1=v1; F2=v2; F3=v3; F4=v4; F5=v5; F6=v6; and 2 more'])
    expect(header(1, 0).filter((l) => l.startsWith('#         '))).toEqual([])
  })

  test("shows the report's notes, each made plain", () => {
    const lines = renderHeader(report([], { notes: ["Not among the inputs: x'y.evtx (needed for S3)."] }), 'offline', []).text.split('\n')
    expect(lines.slice(lines.indexOf('# Notes from the report:'), lines.indexOf('# Notes from the report:') + 2)).toEqual([
      '# Notes from the report:',
      '#   Not among the inputs: x{U+0027}y.evtx (needed for S3).',
    ])
    expect(renderHeader(report([]), 'offline', []).text).not.toContain('Notes from the report')
  })
})
