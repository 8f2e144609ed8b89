/**
 * The thin mapping from the analyzer's Report (src/report/schema.ts) to what the generator needs.
 * Every string still counts as log-controlled after this: the generator quotes or encodes it.
 */
import { type Report, ReportSchema } from '../report/schema.js'
import { type RemediationEvidence, type RemediationFinding, type RemediationInput, SCENARIOS, type Scenario } from './input.js'

function isScenario(id: string): id is Scenario {
  return (SCENARIOS as readonly string[]).includes(id)
}

function evidenceOf(e: Report['findings'][number]['evidence'][number]): RemediationEvidence {
  return {
    file: e.file,
    recordId: e.recordId ?? 'unknown',
    time: e.time ?? 'unknown time',
    provider: e.provider ?? 'unknown provider',
    eventId: e.eventId,
    channel: e.channel ?? undefined,
    computer: e.computer ?? undefined,
    role: e.role,
    fields: Object.entries(e.data),
  }
}

function findingOf(f: Report['findings'][number], scenario: Scenario): RemediationFinding {
  const thumbprints = Object.values(f.facts).flatMap((fact) => (fact.kind === 'thumbprint' ? fact.values : []))
  return {
    ruleId: f.ruleId,
    scenario,
    status: f.status,
    confidence: f.confidence.level,
    title: f.title,
    firstSeen: f.firstSeen ?? undefined,
    lastSeen: f.lastSeen ?? undefined,
    count: f.count,
    evidence: f.evidence.map(evidenceOf),
    thumbprints,
  }
}

/** The generator's input for a report. Throws TypeError when `report` is not a valid Report. */
export function remediationInputFromReport(report: Report): RemediationInput {
  const parsed = ReportSchema.safeParse(report)
  if (!parsed.success) {
    const first = parsed.error.issues[0]
    throw new TypeError(`renderScript: not a valid rdp-triage report (${first ? `${first.path.join('.')}: ${first.message}` : 'schema mismatch'})`)
  }
  const r = parsed.data
  const notes: string[] = []
  const findings: RemediationFinding[] = []
  for (const f of r.findings) {
    if (isScenario(f.scenario)) findings.push(findingOf(f, f.scenario))
    else notes.push(`Finding ${f.ruleId} (scenario ${f.scenario}) has no remediation in this version.`)
  }
  for (const m of r.missingLogs) notes.push(`Not among the inputs: ${m.fileName} (needed for ${m.neededFor.join(', ')}).`)
  return {
    toolVersion: r.generator.version,
    reportTime: r.analysis.anchor ?? undefined,
    inputs: r.inputs.map((i) => ({ path: i.file, channel: i.channel ?? undefined, records: i.records })),
    findings,
    notes,
  }
}
