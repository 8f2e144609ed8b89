/**
 * The header comment: what wrote the script, from which inputs, for which findings and evidence,
 * what each step does and how to run it. Every report value passes through `commentText`.
 */
import type { RemediationFinding, RemediationInput } from './input.js'
import { commentPath, commentText, psComment, type PsCode } from './powershell.js'
import type { ScriptMode } from './plan.js'

/** Evidence records listed per finding; the rest are counted. */
export const MAX_HEADER_EVIDENCE = 10
/** Fields listed per evidence record. */
const MAX_HEADER_FIELDS = 6

export const SCENARIO_TITLES = {
  S1: 'RDP certificate key unreadable (self-signed certificate / MachineKeys)',
  S2: 'no TLS version left for the RDP server (SCHANNEL / policy)',
  S3: 'RD Connection Broker database (host name changed)',
} as const

function findingLines(finding: RemediationFinding): string[] {
  const seen = [finding.firstSeen, finding.lastSeen].filter((t): t is string => t !== undefined).map((t) => commentText(t, 40))
  const count = finding.count ?? finding.evidence.length
  const lines = [
    `  ${finding.scenario} ${SCENARIO_TITLES[finding.scenario]}`,
    `    rule ${commentText(finding.ruleId, 80)}: ${finding.status}, confidence ${commentText(String(finding.confidence), 20)}, ${commentText(String(count), 20)} event(s)${seen.length ? `, ${seen.join(' .. ')}` : ''}`,
  ]
  if (finding.title !== undefined) lines.push(`    ${commentText(finding.title)}`)
  if (finding.status === 'resolved') lines.push('    Resolved: a later event shows it cleared, so this script has no step for it.')
  if (finding.status === 'stale') lines.push('    Stale: seen only before the analysis window, so its repair switches are off by default.')
  for (const e of finding.evidence.slice(0, MAX_HEADER_EVIDENCE)) {
    const where = `${commentPath(e.file)} record ${commentText(String(e.recordId), 24)}`
    const what = `${commentText(e.provider, 100)} event ${commentText(String(e.eventId), 24)}${e.channel !== undefined ? ` in ${commentText(e.channel, 100)}` : ''}`
    const who = e.computer !== undefined ? ` on ${commentText(e.computer, 80)}` : ''
    const role = e.role !== undefined ? ` (${commentText(e.role, 20)})` : ''
    lines.push(`    - ${where} at ${commentText(e.time, 40)}: ${what}${who}${role}`)
    const fields = e.fields.slice(0, MAX_HEADER_FIELDS).map(([k, v]) => `${commentText(k, 40)}=${commentText(v, 100)}`)
    if (fields.length) lines.push(`        ${fields.join('; ')}${e.fields.length > MAX_HEADER_FIELDS ? `; and ${e.fields.length - MAX_HEADER_FIELDS} more` : ''}`)
  }
  if (finding.evidence.length > MAX_HEADER_EVIDENCE) lines.push(`    ... and ${finding.evidence.length - MAX_HEADER_EVIDENCE} more evidence record(s) in the report`)
  return lines
}

const RUN_ONLINE = [
  'Running it (inside the VM, as Administrator):',
  '  az vm run-command invoke -g RG -n VM --command-id RunPowerShellScript --scripts @fix.ps1',
  '  or paste it into an elevated PowerShell (serial console: cmd, then powershell).',
]
const RUN_OFFLINE = [
  'Running it (on the rescue VM, as Administrator, with the broken OS disk attached):',
  '  az vm repair create -g RG -n VM --verbose          (makes the rescue VM and attaches a copy of the disk)',
  '  az vm repair run -g RG -n VM --run-on-repair --custom-script-file fix.ps1 --verbose',
  '  az vm repair restore -g RG -n VM --verbose         (swaps the repaired disk back)',
  '  or run it by hand in an elevated PowerShell on the rescue VM.',
]

export function renderHeader(input: RemediationInput, mode: ScriptMode, steps: readonly string[]): PsCode {
  const lines: string[] = [
    mode === 'online'
      ? 'rdp-triage remediation script, ONLINE mode: run inside the VM (Run Command or serial console).'
      : 'rdp-triage remediation script, OFFLINE mode: run on a rescue VM with the broken OS disk attached.',
    '',
    `Written by rdp-triage ${commentText(input.toolVersion, 40)} from its report; the same report always gives the same script.`,
    input.reportTime !== undefined
      ? `Logs analysed up to: ${commentText(input.reportTime, 40)} (from the report; the script carries no clock time of its own).`
      : 'The report records no time, so this script carries no date.',
    'Nothing here runs by itself: read it, then run it. By default it is a DRY RUN ($Apply = $false)',
    'that prints every change it would make and changes nothing.',
    '',
    `Inputs (${input.inputs.length}):`,
  ]
  for (const f of input.inputs) {
    const extra = [f.channel !== undefined ? commentText(f.channel, 100) : undefined, f.records !== undefined ? `${commentText(String(f.records), 20)} records` : undefined].filter(Boolean)
    lines.push(`  ${commentPath(f.path)}${extra.length ? ` (${extra.join(', ')})` : ''}`)
  }
  lines.push('', `Findings (${input.findings.length}):`)
  if (input.findings.length === 0) lines.push('  none: the script only checks, there is nothing to repair.')
  for (const finding of input.findings) lines.push(...findingLines(finding))
  if (input.notes?.length) lines.push('', 'Notes from the report:', ...input.notes.map((n) => `  ${commentText(n, 200)}`))
  lines.push('', 'Steps (each is a function below; they run in this order):')
  steps.forEach((title, i) => lines.push(`  ${i + 1}. ${title}`))
  lines.push('', ...(mode === 'online' ? RUN_ONLINE : RUN_OFFLINE))
  lines.push(
    '  Edit the settings below first: az vm repair run passes no parameters to a custom script.',
    '  Step by step: run the Settings, From the report and Helpers sections, then Start-Run, then',
    '  the Step functions one at a time. Undo-Changes rolls back what was recorded; offline,',
    '  Complete-Offline unloads the hives at the end (always run it).',
    '',
    'Log text above is shown with every character other than letters, digits, space and . , : _ / \\ ( ) [ ] @ % = + ! -',
    'written as {U+XXXX}; long text is cut where "... (N code units)" says so (a file path keeps its',
    'end). The script decodes exact values from base64.',
  )
  return psComment(lines)
}
