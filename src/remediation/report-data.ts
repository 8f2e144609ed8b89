/**
 * The "From the report" section: the values a script uses at run time, taken from the evidence.
 * Free text (computer names, rule ids) is embedded as base64; thumbprints and protocol names only
 * when they pass strict validation; everything else in the report stays in the header comment.
 */
import type { RemediationInput } from './input.js'
import { ps, psComment, psInt, psLiteral, psLogString, psThumbprint, psTlsProtocol, type PsCode, TLS_PROTOCOLS, validThumbprint, validTlsProtocol } from './powershell.js'
import { MACHINEKEYS_DEFAULT_DACL, MACHINEKEYS_DEFAULT_SDDL } from './scenario-s1.js'
import type { ScriptMode } from './plan.js'

/** Distinct computer names in the evidence, in report order. */
export function evidenceComputerNames(input: RemediationInput): string[] {
  const names: string[] = []
  for (const f of input.findings) for (const e of f.evidence) if (e.computer && !names.includes(e.computer)) names.push(e.computer)
  return names
}

/** Distinct thumbprints (a finding's own, or any evidence field of exactly 40 hex digits), upper case, sorted. */
export function evidenceThumbprints(input: RemediationInput): string[] {
  const out = new Set<string>()
  const add = (v: string) => {
    const t = validThumbprint(v)
    if (t !== undefined) out.add(t)
  }
  for (const f of input.findings) {
    for (const v of f.thumbprints ?? []) add(v)
    for (const e of f.evidence) for (const [, v] of e.fields) add(v)
  }
  return [...out].sort()
}

/** Distinct TLS protocol names found in fields named Protocol, in protocol order. */
export function evidenceProtocols(input: RemediationInput): string[] {
  const out = new Set<string>()
  for (const f of input.findings) for (const e of f.evidence) for (const [k, v] of e.fields) {
    if (k.toLowerCase() !== 'protocol') continue
    const p = validTlsProtocol(v)
    if (p !== undefined) out.add(p)
  }
  return TLS_PROTOCOLS.filter((p) => out.has(p))
}

function eventCount(n: number): PsCode {
  return Number.isSafeInteger(n) && n >= 0 ? psInt(n) : psLiteral('unknown')
}

function psArray(items: readonly PsCode[]): PsCode {
  if (items.length === 0) return ps`@()`
  return ps`@(
${items.map((i) => ps`    ${i}`)}
)`
}

export function renderReportData(input: RemediationInput, mode: ScriptMode): PsCode {
  const names = evidenceComputerNames(input).map(psLogString)
  const thumbprints = evidenceThumbprints(input).map((t) => psThumbprint(t) as PsCode)
  const protocols = evidenceProtocols(input).map((p) => psTlsProtocol(p) as PsCode)
  const findings = input.findings.map(
    (f) =>
      ps`@{ Scenario = ${psLiteral(f.scenario)}; Status = ${psLiteral(f.status)}; Rule = ${psLogString(f.ruleId)}; Events = ${eventCount(f.count ?? f.evidence.length)} }`,
  )
  return ps`${psComment([
    'Mode this script was written for, and values from the report. Log text is base64 of UTF-16LE,',
    'decoded when the script runs, so nothing a log holds can change what the script does.',
  ])}
$Mode = ${psLiteral(mode)}
$EvidenceComputerNames = ${psArray(names)}
$EvidenceThumbprints = ${psArray(thumbprints)}
$EvidenceProtocols = ${psArray(protocols)}
$ReportFindings = ${psArray(findings)}
$MachineKeysDefaultSddl = ${psLiteral(MACHINEKEYS_DEFAULT_SDDL)}
$MachineKeysDefaultDacl = ${psLiteral(MACHINEKEYS_DEFAULT_DACL)}`
}
