/**
 * Remediation scripts: the public entry is `renderScript(report, options)`.
 */
export type { FindingStatus, RemediationEvidence, RemediationFinding, RemediationInput, RemediationInputFile, Scenario } from './input.js'
export type { ScriptMode, ScriptOptions } from './plan.js'
export { renderRemediationScript as renderScript } from './script.js'
