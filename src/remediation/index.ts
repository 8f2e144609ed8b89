/**
 * Remediation scripts. The public entry is `renderScript(report, options)`, for a report from
 * `analyze()`; `renderRemediationScript(input, options)` takes the generator's own input shape.
 */
import type { Report } from '../report/schema.js'
import { remediationInputFromReport } from './from-report.js'
import type { ScriptOptions } from './plan.js'
import { renderRemediationScript } from './script.js'

export type { FindingStatus, RemediationEvidence, RemediationFinding, RemediationInput, RemediationInputFile, Scenario } from './input.js'
export type { ScriptMode, ScriptOptions } from './plan.js'
export { remediationInputFromReport } from './from-report.js'
export { renderRemediationScript } from './script.js'

/**
 * The PowerShell script that repairs what `report` found, for the online (inside the VM) or
 * offline (rescue VM, `az vm repair`) flow: ASCII text, a dry run unless its $Apply setting is
 * changed, the same bytes for the same report. Throws TypeError for an invalid report or mode.
 */
export function renderScript(report: Report, options: ScriptOptions): string {
  return renderRemediationScript(remediationInputFromReport(report), options)
}
