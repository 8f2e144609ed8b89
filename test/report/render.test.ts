import { describe, expect, it } from 'vitest'
import { renderReportJson } from '../../src/report/render-json.js'
import { renderReportMarkdown } from '../../src/report/render-markdown.js'
import { renderReportText } from '../../src/report/render-text.js'
import { ReportSchema } from '../../src/report/schema.js'
import { at, rcm, schannel } from '../helpers/events.js'
import { inputSummary, reportOf } from '../helpers/reports.js'

const report = reportOf(
  [
    ['logs/System.evtx', rcm(1058, at(0), { status: 'Access | denied' })],
    ['logs/System.evtx', schannel(36870, at(1), { Type: 'server', ErrorCode: '0x8009030d', ErrorStatus: '10001' })],
  ],
  [inputSummary('logs/System.evtx', 'System', { notes: ['a | note'] })],
)
const healthy = reportOf([], [inputSummary('logs/System.evtx', 'System')])
/** Log text meant to escape Markdown: a backslash before a tag, a link, a pipe and a tilde, and in a path. */
const HOSTILE = '\\<img src=x> \\[x](http://t.example/p.png) a\\|b c\\~d C:\\Windows\\System32'
const hostile = reportOf(
  [['logs/System.evtx', rcm(1058, at(0), { status: HOSTILE })]],
  [inputSummary('logs/[x](http:t.example) | System.evtx', 'Sys|tem<b>', { notes: ['[note]'] })],
)

describe('JSON', () => {
  it('is the report, indented, and parses back to an equal, valid report', () => {
    const text = renderReportJson(report)
    expect(text.endsWith('}\n')).toBe(true)
    expect(ReportSchema.parse(JSON.parse(text))).toEqual(report)
  })
})

describe('Markdown', () => {
  const md = renderReportMarkdown(report)
  it('leads with the conclusion and a scenario table', () => {
    expect(md.startsWith('# RDP triage report\n\n**Conclusion:** S1 found')).toBe(true)
    expect(md).toMatch(/\| S1: .* \| \*\*current\*\* \| high \| full \|/)
    expect(md).toMatch(/\| S3: .* \| not found \| - \| none \|/)
  })
  it('shows each finding with its evidence table, cause, steps and links', () => {
    expect(md).toContain('## S1: RDP self-signed certificate cannot be created or used')
    expect(md).toMatch(/\| 2026-11-20T09:00:00Z \| RCM 1058 \| logs\/System\.evtx \| \d+ \| yes \| The RD Session Host Server has failed .*Access \\\| denied\. \|/)
    expect(md).toContain('**Cause:** The RSA keys')
    expect(md).toContain('1. Back up the ACL')
    expect(md).toContain('- [Troubleshoot Azure VM RDP connection issues by Event ID: Scenario 1](https://learn.microsoft.com/')
    expect(md).toContain('**Facts:** statusText: Access | denied')
  })
  it('lists inputs, missing logs and what was not checked; escapes table cells', () => {
    expect(md).toContain('| logs/System.evtx | System | - | 10 | 2026-11-19T00:00:00Z to 2026-11-20T14:00:00Z | ok |')
    expect(md).toContain('- System.evtx: a | note')
    expect(md).toContain('## Missing logs')
    expect(md).toContain('`Microsoft-Windows-TerminalServices-SessionBroker%4Operational.evtx` (needed for S3)')
    expect(md).toContain('## Not checked')
    expect(md).not.toMatch(/\n{3}/)
  })
  it('names the computer of each input, its table cell escaped like the others', () => {
    const hostile = reportOf([], [inputSummary('logs/System.evtx', 'System', { computers: [{ name: 'evil|[x](http://e)\u001b[2J', records: 9 }, { name: 'b', records: 1 }] })])
    expect(renderReportMarkdown(hostile)).toContain('| logs/System.evtx | System | evil\\|\\[x\\](http://e)\\x1b\\[2J (+1 more) | 10 |')
  })
  it('makes a finding note inert: no link, image or HTML from it', () => {
    const noted = { ...report, findings: report.findings.map((f) => ({ ...f, notes: ['seen on ![x](http://tracker.example/p.png) <img src=x> C:\\Windows\\'] })) }
    const text = renderReportMarkdown(noted)
    expect(text).toContain('> seen on !\\[x\\](http://tracker.example/p.png) \\<img src=x\\> C:\\Windows\\')
    expect(text).not.toMatch(/(?<!\\)<img|(?<!\\)\[x\]/)
  })
  it('doubles a log backslash before punctuation, so it cannot unescape a bracket, a tag or a pipe', () => {
    const text = renderReportMarkdown(hostile)
    // \\ is a backslash, \< a plain <: no tag, no link, and the pipe stays inside its cell.
    expect(text).toContain('The relevant status code was \\\\\\<img src=x\\> \\\\\\[x\\](http://t.example/p.png) a\\\\\\|b c\\\\~d C:\\Windows\\System32.')
    expect(text).toContain('**Facts:** statusText: \\\\\\<img src=x\\> \\\\\\[x\\](http://t.example/p.png) a\\\\|b c\\\\~d C:\\Windows\\System32')
  })
  it('escapes character references in log text, so a log cannot bring back a control character or a bidi override', () => {
    // Markdown turns &#x202E; into U+202E, &#27; into ESC: past the escaping of control characters.
    const refs = reportOf([['logs/System.evtx', rcm(1058, at(0), { status: 'a&#x202E;b &#27; &rlm; \\&#8238; AT&T; x & y' })]], [inputSummary('logs/System.evtx', 'System')])
    const text = renderReportMarkdown(refs)
    expect(text).toContain('status code was a\\&#x202E;b \\&#27; \\&rlm; \\\\\\&#8238; AT\\&T; x & y.')
    expect(text).not.toMatch(/(?<!\\)&#|(?<!\\)&rlm;/)
  })
  it('makes the file names, channels and problems of the inputs inert', () => {
    const text = renderReportMarkdown({ ...hostile, inputProblems: [{ input: 'a[x](http://t.example)', message: '<b>gone</b>' }] })
    expect(text).toContain('| logs/\\[x\\](http:t.example) \\| System.evtx | Sys\\|tem\\<b\\> | - | 10 |')
    expect(text).toContain('- a\\[x\\](http://t.example): \\<b\\>gone\\</b\\>\n')
    expect(text).toContain('- \\[x\\](http:t.example) \\| System.evtx: \\[note\\]\n')
  })
  it('names an input in its notes by its own base name, not by a piece of an escape in it', () => {
    const odd = reportOf([], [inputSummary('logs/Sys\u001btem\u202e.evtx', 'System', { notes: ['a note'] })])
    expect(renderReportMarkdown(odd)).toContain('\n- Sys\\x1btem\\u202e.evtx: a note\n')
  })
  it('says how many events a finding has beyond its evidence, and what the window ends at', () => {
    const omitted = { ...report, findings: report.findings.map((f) => ({ ...f, evidenceOmitted: 3 })) }
    expect(renderReportMarkdown(omitted)).toContain('**Evidence** (2 of 5 events)')
    expect(renderReportMarkdown(report)).toContain('**Evidence** (2 event(s))')
    expect(renderReportMarkdown(report)).toContain('Window: 24h up to 2026-11-20T09:01:00Z (newest record).')
    expect(renderReportMarkdown(healthy)).toContain('Window: 24h up to - (no dated record).')
    const given = reportOf([], [inputSummary('logs/System.evtx', 'System')], '2026-11-21T00:00:00Z')
    expect(renderReportMarkdown(given)).toContain('Window: 24h up to 2026-11-21T00:00:00Z (given time).')
  })
  it('renders the edges of a report: two findings of one scenario, no record id, no time range, problems alone', () => {
    const f = report.findings[0]!
    const second = { ...f, id: 'other', confidence: { level: 'low' as const, reasons: [] }, evidence: f.evidence.map((e) => ({ ...e, recordId: null })) }
    const text = renderReportMarkdown({
      ...report,
      findings: [f, second],
      scenarios: report.scenarios.map((s) => (s.id === 'S1' ? { ...s, findings: [f.id, 'other'] } : s)),
      inputs: [{ ...report.inputs[0]!, channel: ' System ', timeRange: null, notes: [] }],
      inputProblems: [{ input: 'gone.evtx', message: 'no such file' }],
    })
    expect(text).toMatch(/\| S1: .* \| \*\*current\*\* \| high, low \| full \|/)
    expect(text).toMatch(/\| 2026-11-20T09:00:00Z \| RCM 1058 \| logs\/System\.evtx \| - \| yes \|/)
    expect(text).toContain('| logs/System.evtx | System | - | 10 | - | ok |')
    expect(text).toContain('- gone.evtx: no such file\n')
  })
  it('keeps one blank line between blocks when a finding has no reasons, steps or links', () => {
    const bare = { ...report, findings: report.findings.map((f) => ({ ...f, confidence: { ...f.confidence, reasons: [] }, remediation: [], links: [] })) }
    const text = renderReportMarkdown(bare)
    expect(text).toContain('**Why this confidence**\n\n**Evidence**')
    expect(text).not.toMatch(/\n{3}/)
  })
  it('makes the conclusion, scenario notes and a check of no scenario inert', () => {
    const text = renderReportMarkdown({
      ...report,
      conclusion: { ...report.conclusion, summary: 'logs/[x](http://t.example) is damaged' },
      scenarios: report.scenarios.map((s) => (s.id === 'S2' ? { ...s, notes: ['<b>seen</b>'] } : s)),
      notChecked: [{ scenario: null, what: 'anything', why: 'no log' }],
    })
    expect(text).toContain('**Conclusion:** logs/\\[x\\](http://t.example) is damaged\n')
    expect(text).toContain('- S2: \\<b\\>seen\\</b\\>\n')
    expect(text).toContain('- all: anything. Why: no log.\n')
  })
  it('says plainly when nothing was found', () => {
    expect(renderReportMarkdown(healthy)).toMatch(/\*\*Conclusion:\*\* No known RDP failure scenario is current/)
  })
})

describe('terminal text', () => {
  it('has no escape codes without colour, and colours statuses with it', () => {
    const plain = renderReportText(report)
    expect(plain).not.toMatch(/\u001b/)
    expect(plain).toMatch(/^rdp-triage report\n\nS1 found/)
    expect(plain).toMatch(/S1 {6}current/)
    expect(plain).toMatch(/2026-11-20T09:00:00Z {2}RCM 1058 {2}logs\/System\.evtx #\d+/)
    const colored = renderReportText(report, { color: true })
    expect(colored).toContain('\u001b[31mcurrent\u001b[39m')
    expect(colored.replace(/\u001b\[\d+m/g, '')).toBe(plain)
  })
  it('names the computer of each input that names one, its control characters shown as escapes', () => {
    expect(renderReportText(report)).toContain('\n  logs/System.evtx  System  10 records  ok')
    const named = reportOf([], [inputSummary('logs/System.evtx', 'System', { computers: [{ name: 'rdsh01\u001b[2J', records: 10 }] })])
    expect(renderReportText(named)).toContain('\n  logs/System.evtx  System  rdsh01\\x1b[2J  10 records  ok')
  })
  it('marks evidence from before the window, and only that', () => {
    expect(renderReportText(report)).not.toContain('(outside window)')
    const later = reportOf(
      [
        ['logs/System.evtx', rcm(1058, at(0), { status: 'Access denied' })],
        ['logs/System.evtx', schannel(36870, at(1), { Type: 'server', ErrorCode: '0x8009030d', ErrorStatus: '10001' })],
      ],
      [inputSummary('logs/System.evtx', 'System')],
      '2026-11-23T09:00:00Z',
    )
    const text = renderReportText(later)
    expect(text).toMatch(/S1 {6}stale/)
    expect(text).toMatch(/2026-11-20T09:00:00Z {2}RCM 1058 {2}logs\/System\.evtx #\d+ \(outside window\)/)
  })
  it('gives the status once, then its counts; and how many events a finding has beyond its evidence', () => {
    const text = renderReportText(report)
    expect(text).toContain('\n  status      current (2 failure event(s) in the 24h window, 2 in all)\n')
    expect(text).toContain('\n  evidence    2 event(s):\n')
    const omitted = { ...report, findings: report.findings.map((f) => ({ ...f, evidenceOmitted: 3 })) }
    expect(renderReportText(omitted)).toContain('\n  evidence    2 of 5 events:\n')
  })
  it('marks scenarios that could not be checked', () => {
    expect(renderReportText(healthy)).toMatch(/S3 {6}not found \(not checked\)/)
  })
})
