/**
 * The header comment of a script (src/remediation/header.ts): how much of each finding's evidence
 * it lists, and what each input, finding and evidence line says, with and without its optional parts.
 */
import { describe, expect, test } from 'vitest'
import { MAX_HEADER_EVIDENCE, renderHeader } from '../../src/remediation/header.js'
import type { RemediationInput } from '../../src/remediation/input.js'
import { MAX_COMMENT_VALUE_LENGTH } from '../../src/remediation/powershell.js'
import { evidence, report, S1_FINDING, S2_FINDING } from './fixtures.js'

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

  test('makes an event id plain like every other report value, even one that is not a number', () => {
    // The public path (renderScript) refuses such an id; the header does not rely on it.
    const hostile = evidence({ recordId: 1 }) as { eventId: unknown }
    hostile.eventId = '1058\nRemove-Item C:\\ -Recurse #'
    const text = renderHeader(report([{ ...S1_FINDING, evidence: [hostile as never] }]), 'online', []).text
    const line = text.split('\n').find((l) => l.includes(' record 1 at '))
    expect(line).toContain(' event 1058{U+000A}Remove-Item C:\\ -Re... (31 code units) in System on ')
    expect(text.split('\n').filter((l) => !l.startsWith('#') && l.includes('Remove-Item'))).toEqual([])
  })

  test('lists 7 fields as six and one more', () => {
    expect(header(1, 7).filter((l) => l.startsWith('#         F1=v1'))).toEqual(['#         F1=v1; F2=v2; F3=v3; F4=v4; F5=v5; F6=v6; and 1 more'])
  })
})

/** The header's lines for `input` in `mode`, with the given step titles. */
const lines = (input: RemediationInput, mode: 'online' | 'offline' = 'online', steps: string[] = []): string[] => renderHeader(input, mode, steps).text.split('\n')

describe('renderHeader lines', () => {
  test('a finding: scenario, rule, status, confidence, count and first .. last seen, then its title and evidence', () => {
    const l = lines(report([S1_FINDING]))
    const at = l.indexOf('#   S1 RDP certificate key unreadable (self-signed certificate / MachineKeys)')
    expect(l.slice(at + 1, at + 4)).toEqual([
      '#     rule s1-rcm-self-signed-certificate: current, confidence high, 3 event(s), 2026-11-20T08:15:02.1234567Z .. 2026-11-20T09:40:11.0000000Z',
      '#     TermService cannot create or replace its self-signed certificate',
      '#     - C:\\case\\Logs\\System.evtx record 4711 at 2026-11-20T08:15:02.1234567Z: Microsoft-Windows-TerminalServices-RemoteConnectionManager event 1058 in System on vm-rdp-01.contoso.local',
    ])
  })

  test('a finding without a title, times or count: no title line, no times, its evidence counted', () => {
    const l = lines(report([{ ...S2_FINDING, count: undefined, title: undefined, firstSeen: undefined, lastSeen: undefined }]))
    const at = l.indexOf('#     rule s2-schannel-server-credential: current, confidence medium, 2 event(s)')
    expect(at).toBeGreaterThan(0)
    expect(l[at + 1]).toMatch(/^# {5}- C:/)
  })

  test("the report's count wins over the evidence records; one time is shown alone", () => {
    expect(lines(report([{ ...S2_FINDING, count: 40, lastSeen: '2026-11-20T09:00:00Z' }]))).toContain('#     rule s2-schannel-server-credential: current, confidence medium, 40 event(s), 2026-11-20T09:00:00Z')
    expect(lines(report([{ ...S2_FINDING, count: 0, firstSeen: '2026-11-20T08:00:00Z' }]))).toContain('#     rule s2-schannel-server-credential: current, confidence medium, 0 event(s), 2026-11-20T08:00:00Z')
  })

  test('says why a resolved finding has no step and why a stale one is off; a current one gets neither', () => {
    const resolved = lines(report([{ ...S2_FINDING, status: 'resolved' }]))
    expect(resolved).toContain('#     rule s2-schannel-server-credential: resolved, confidence medium, 2 event(s)')
    expect(resolved.filter((x) => /Resolved:|Stale:/.test(x))).toEqual(['#     Resolved: a later event shows it cleared, so this script has no step for it.'])
    const stale = lines(report([{ ...S2_FINDING, status: 'stale' }]))
    expect(stale.filter((x) => /Resolved:|Stale:/.test(x))).toEqual(['#     Stale: seen only before the analysis window, so its repair switches are off by default.'])
    expect(lines(report([S2_FINDING])).filter((x) => /Resolved:|Stale:/.test(x))).toEqual([])
  })

  test('an evidence line shows channel, computer and role only when the record has them; a long path keeps its end', () => {
    const file = `C:\\${'d'.repeat(300)}\\System.evtx`
    const e = evidence({ file, channel: undefined, computer: undefined, role: 'failure', fields: [] })
    const l = lines(report([{ ...S2_FINDING, evidence: [e] }]))
    expect(l.filter((x) => x.startsWith('#     - '))).toEqual([
      `#     - ...${file.slice(-MAX_COMMENT_VALUE_LENGTH)} (${file.length} code units) record 4711 at 2026-11-20T08:15:02.1234567Z: Microsoft-Windows-TerminalServices-RemoteConnectionManager event 1058 (failure)`,
    ])
  })

  test('an input shows its channel and record count when it has them, and the inputs are counted', () => {
    const l = lines(report([], { inputs: [{ path: 'C:\\a.evtx', channel: 'System', records: 9 }, { path: 'C:\\b.evtx', records: 0 }, { path: 'C:\\c.evtx', channel: 'Application' }, { path: 'C:\\d.evtx' }] }))
    const at = l.indexOf('# Inputs (4):')
    expect(l.slice(at + 1, at + 5)).toEqual(['#   C:\\a.evtx (System, 9 records)', '#   C:\\b.evtx (0 records)', '#   C:\\c.evtx (Application)', '#   C:\\d.evtx'])
  })

  test('numbers the steps from 1, names the tool version, and says how to run it in each mode', () => {
    const online = lines(report([], { toolVersion: '9.8.7' }), 'online', ['First', 'Second'])
    expect(online[0]).toBe('# rdp-triage remediation script, ONLINE mode: run inside the VM (Run Command or serial console).')
    expect(online).toContain('# Written by rdp-triage 9.8.7 from its report; the same report always gives the same script.')
    const at = online.indexOf('# Steps (each is a function below; they run in this order):')
    expect(online.slice(at + 1, at + 3)).toEqual(['#   1. First', '#   2. Second'])
    expect(online).toContain('# Running it (inside the VM, as Administrator):')
    expect(online.some((x) => x.includes('az vm repair create'))).toBe(false)
    const offline = lines(report([]), 'offline')
    expect(offline[0]).toBe('# rdp-triage remediation script, OFFLINE mode: run on a rescue VM with the broken OS disk attached.')
    expect(offline).toContain('# Running it (on the rescue VM, as Administrator, with the broken OS disk attached):')
    expect(offline.some((x) => x.includes('az vm run-command'))).toBe(false)
  })
})
