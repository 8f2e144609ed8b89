/**
 * renderScript: a report in, the text of a PowerShell script out. Deterministic: the same report
 * and options always give the same bytes (no clock, no randomness, stable ordering). The script
 * is ASCII with LF line ends, has no Param() block (az vm repair run --custom-script-file), and
 * is a dry run unless its $Apply setting is changed to $true.
 */
import { renderHeader } from './header.js'
import { CHANGE_HELPERS, LOG_HELPERS, REGISTRY_HELPERS } from './helpers.js'
import { FINDING_STATUSES, type RemediationInput, SCENARIOS } from './input.js'
import { buildPlan, type Plan, SCRIPT_MODES, type ScriptOptions, type Setting, type Step } from './plan.js'
import { assertAscii, ps, psComment, psIdentifier, psIndent, psJoin, psLiteral, type PsCode, psVar } from './powershell.js'
import { renderReportData } from './report-data.js'
import { OFFLINE_CLEANUP } from './target-offline.js'

function banner(title: string): PsCode {
  return psComment(['='.repeat(76), title, '='.repeat(76)])
}

function renderSettings(settings: readonly Setting[]): PsCode {
  return psJoin(settings.map((s) => ps`${psComment(s.comment)}
${psVar(s.name)} = ${s.value}`))
}

const stepFunction = (step: Step, index: number): string => `Step${String(index + 1).padStart(2, '0')}-${step.name}`

function renderStep(step: Step, index: number): PsCode {
  const title = `Step ${index + 1}: ${step.title}`
  return ps`${psComment(['-'.repeat(76), title, '-'.repeat(76)])}
function ${functionName(stepFunction(step, index))} {
    Log-Info ${psLiteral(`=== ${title} ===`)}
${psIndent(step.body)}
}`
}

/** A step function name the tool made up (Step01-Name), never from the report. */
function functionName(name: string): PsCode {
  return psIdentifier(name)
}

function renderCall(step: Step, index: number): PsCode {
  return functionName(stepFunction(step, index))
}

function renderAssertSettings(plan: Plan): PsCode {
  const bools = plan.settings.filter((s) => s.value.text === '$true' || s.value.text === '$false').map((s) => psLiteral(s.name))
  const checks: PsCode[] = [
    ps`foreach ($name in @(${psJoin(bools, ', ')})) {
    if ((Get-Variable -Name $name -ValueOnly) -isnot [bool]) { throw ('$' + $name + ' must be $true or $false.') }
}`,
  ]
  if (plan.settings.some((s) => s.name === 'MachineKeysAclMethod')) {
    checks.push(ps`if (@('AzureArticleGrant', 'DefaultSddl') -notcontains $MachineKeysAclMethod) { throw '$MachineKeysAclMethod must be AzureArticleGrant or DefaultSddl.' }`)
  }
  if (plan.settings.some((s) => s.name === 'ConnectionBrokerPhase')) {
    checks.push(ps`if (@('Remove', 'Install') -notcontains $ConnectionBrokerPhase) { throw '$ConnectionBrokerPhase must be Remove or Install.' }`)
  }
  return ps`function Assert-Settings {
${psIndent(psJoin(checks))}
}

function Start-Run {
    # Checks the settings and the account, and picks the backup folder. Run it first when going
    # step by step.
    Assert-Settings
    if (-not (Test-IsAdministrator)) { throw 'Run this script as Administrator.' }
    Initialize-BackupDirectory
}

function Show-ReportFindings {
    if ($ReportFindings.Count -eq 0) { Log-Info 'The report has no findings; this run only checks.' }
    foreach ($finding in $ReportFindings) {
        Log-Info ('Finding ' + $finding.Scenario + ' (' + $finding.Status + '), rule ' + (Format-LogText $finding.Rule) + ', ' + $finding.Events + ' event(s)')
    }
}`
}

/**
 * Main is one function, called on the script's last line: pasted into a console line by line, a
 * top-level `if` would run at its closing brace and leave its `else` (and a `try` its `finally`)
 * as a command of its own, and a top-level `return` would not stop the lines after it.
 */
function renderMain(plan: Plan, offline: boolean): PsCode {
  const calls = plan.steps.map((s, i) => renderCall(s, i))
  const body = ps`if ($Apply) {
    Log-Info ('rdp-triage remediation, ' + $Mode + ' mode: APPLYING changes.')
}
else {
    Log-Info ('rdp-triage remediation, ' + $Mode + ' mode: DRY RUN, nothing will be changed.')
}
Show-ReportFindings
try {
    Start-Run
${psIndent(psJoin(calls))}
}
catch {
    $script:Failed = $true
    Log-Error ('Stopped: ' + $_.Exception.Message)
    if ($Apply) { Undo-Changes }
}
finally {
${offline ? psIndent(ps`Complete-Offline`) : psIndent(ps`Log-Info 'Finished the steps.'`)}
}
if ($script:Failed) {
    if ($Apply) { Log-Error ('Finished with errors; recorded changes were rolled back where possible. Backups: ' + $script:BackupPath) }
    else { Log-Error 'The dry run stopped with an error; nothing was changed.' }
    Write-Output $STATUS_ERROR
    return
}
if ($Apply) {
    Log-Info ('Done: ' + $script:ChangesMade + ' change(s) made. Backups: ' + $script:BackupPath)
}
else {
    Log-Info ('Dry run done: ' + $script:PlannedChanges + ' change(s) would be made. Set $Apply = $true to make them.')
}
Write-Output $STATUS_SUCCESS`
  return ps`function Invoke-Remediation {
${psIndent(body)}
}

Invoke-Remediation`
}

function assertInput(input: RemediationInput): void {
  for (const f of input.findings) {
    if (!(SCENARIOS as readonly string[]).includes(f.scenario)) throw new TypeError(`renderScript: unknown scenario ${JSON.stringify(f.scenario)}`)
    if (!(FINDING_STATUSES as readonly string[]).includes(f.status)) throw new TypeError(`renderScript: unknown status ${JSON.stringify(f.status)}`)
    for (const e of f.evidence) if (!Number.isSafeInteger(e.eventId)) throw new TypeError(`renderScript: event id ${typeof e.eventId === 'string' ? JSON.stringify(e.eventId) : String(e.eventId)} is not an integer`)
  }
}

/** The remediation script for `input`, for the online or offline repair flow. */
export function renderRemediationScript(input: RemediationInput, options: ScriptOptions): string {
  if (!(SCRIPT_MODES as readonly string[]).includes(options.mode)) throw new TypeError(`renderScript: mode must be online or offline, got ${JSON.stringify(options.mode)}`)
  assertInput(input)
  const plan = buildPlan(input, options)
  const offline = options.mode === 'offline'
  const script = ps`${renderHeader(input, options.mode, plan.steps.map((s) => s.title))}

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

${banner('Settings: read and edit these, then run the script. (No Param() block, on purpose.)')}
${renderSettings(plan.settings)}

${banner('From the report (generated; do not edit)')}
${renderReportData(input, options.mode)}

${banner('Helpers')}
${LOG_HELPERS}

${CHANGE_HELPERS}

${REGISTRY_HELPERS}
${offline ? ps`
${OFFLINE_CLEANUP}
` : ps``}
${renderAssertSettings(plan)}

${banner('Steps')}
${psJoin(plan.steps.map(renderStep), '\n\n')}

${banner('Main: run the steps in order; on an error, roll back what was recorded.')}
${renderMain(plan, offline)}
`
  assertAscii(script.text)
  return script.text
}
