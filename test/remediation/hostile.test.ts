/**
 * The safety property: hostile text in every report field a log controls, checked on the syntax
 * tree by expectInert (test/remediation/inert.ts): the script parses, its code is the code of a
 * harmless twin, and the hostile text is only inside base64 literals or escaped comments. Once on
 * the generator's own input (every field), once on real Reports from analyze() whose free-text
 * fields are replaced (through the mapping in from-report.ts).
 */
import { fc, test as prop } from '@fast-check/vitest'
import { beforeAll, describe } from 'vitest'
import { analyze } from '../../src/analyze.js'
import type { Report } from '../../src/report/schema.js'
import { remediationInputFromReport, renderRemediationScript, renderScript } from '../../src/remediation/index.js'
import type { RemediationEvidence, RemediationFinding, RemediationInput } from '../../src/remediation/input.js'
import { embeddedForm, validThumbprint, validTlsProtocol } from '../../src/remediation/powershell.js'
import { propOptions, propTimeout } from './fc-options.js'
import { expectInert, hostile } from './inert.js'

const evidenceArb: fc.Arbitrary<RemediationEvidence> = fc.record({
  file: hostile,
  recordId: fc.oneof(fc.nat(), hostile),
  time: hostile,
  provider: hostile,
  eventId: fc.constantFrom(1057, 1058, 36870, 36871, 2056, 1296),
  channel: fc.option(hostile, { nil: undefined }),
  computer: fc.option(hostile, { nil: undefined }),
  fields: fc.array(fc.tuple(hostile, hostile), { maxLength: 4 }),
})

const findingArb: fc.Arbitrary<RemediationFinding> = fc.record({
  ruleId: hostile,
  scenario: fc.constantFrom('S1' as const, 'S2' as const, 'S3' as const),
  status: fc.constantFrom('current' as const, 'stale' as const, 'resolved' as const),
  confidence: fc.oneof(hostile, fc.double({ noNaN: true })),
  title: fc.option(hostile, { nil: undefined }),
  firstSeen: fc.option(hostile, { nil: undefined }),
  lastSeen: fc.option(hostile, { nil: undefined }),
  count: fc.option(fc.nat(), { nil: undefined }),
  evidence: fc.array(evidenceArb, { minLength: 1, maxLength: 3 }),
  thumbprints: fc.option(fc.array(hostile, { maxLength: 2 }), { nil: undefined }),
})

const reportArb: fc.Arbitrary<RemediationInput> = fc.record({
  toolVersion: hostile,
  reportTime: fc.option(hostile, { nil: undefined }),
  inputs: fc.array(fc.record({ path: hostile, channel: fc.option(hostile, { nil: undefined }), records: fc.option(fc.nat(), { nil: undefined }) }), { maxLength: 3 }),
  findings: fc.array(findingArb, { maxLength: 4 }),
})

/** The same report with every string replaced by a distinct harmless one (valid thumbprints and protocols kept). */
function harmlessTwin(r: RemediationInput): RemediationInput {
  const names = new Map<string, string>()
  const h = (s: string): string => {
    if (validThumbprint(s) !== undefined || validTlsProtocol(s) !== undefined) return s
    if (!names.has(s)) names.set(s, `v${names.size}`)
    return names.get(s) as string
  }
  const o = <T extends string | undefined>(s: T): T => (s === undefined ? s : (h(s) as T))
  return {
    toolVersion: h(r.toolVersion),
    reportTime: o(r.reportTime),
    inputs: r.inputs.map((i) => ({ ...i, path: h(i.path), channel: o(i.channel) })),
    findings: r.findings.map((f) => ({
      ...f,
      ruleId: h(f.ruleId),
      confidence: typeof f.confidence === 'string' ? h(f.confidence) : f.confidence,
      title: o(f.title),
      firstSeen: o(f.firstSeen),
      lastSeen: o(f.lastSeen),
      thumbprints: f.thumbprints?.map(h),
      evidence: f.evidence.map((e) => ({
        ...e,
        file: h(e.file),
        recordId: typeof e.recordId === 'string' ? h(e.recordId) : e.recordId,
        time: h(e.time),
        provider: h(e.provider),
        channel: o(e.channel),
        computer: o(e.computer),
        fields: e.fields.map(([k, v]) => [h(k), h(v)] as const),
      })),
    })),
  }
}

/** Every string in the report that a script may embed at run time. */
function embeddable(r: RemediationInput): Set<string> {
  const out = new Set<string>()
  for (const f of r.findings) {
    out.add(embeddedForm(f.ruleId))
    for (const e of f.evidence) if (e.computer) out.add(embeddedForm(e.computer))
  }
  return out
}

describe('hostile report text', () => {
  for (const mode of ['online', 'offline'] as const) {
    prop.prop([reportArb], propOptions(60))(`${mode}: parses, keeps its code, and holds log text only inert`, (r) => {
      const text = renderRemediationScript(r, { mode })
      expectInert(text, renderRemediationScript(harmlessTwin(r), { mode }), embeddable(r))
    }, propTimeout(60, 2000))
  }
})

/** A sample report with its free-text, log-controlled fields replaced by `text(path)`. */
function rewriteReport(report: Report, text: (s: string) => string): Report {
  const r = structuredClone(report)
  for (const i of r.inputs) {
    i.file = text(i.file)
    if (i.channel !== null) i.channel = text(i.channel)
  }
  for (const f of r.findings) {
    f.title = text(f.title)
    f.ruleId = text(f.ruleId)
    for (const e of [...f.evidence, ...(f.recovery ? [f.recovery] : [])]) {
      e.file = text(e.file)
      if (e.channel !== null) e.channel = text(e.channel)
      if (e.provider !== null) e.provider = text(e.provider)
      if (e.computer !== null) e.computer = text(e.computer)
      if (e.message !== null) e.message = text(e.message)
      e.data = Object.fromEntries(Object.entries(e.data).map(([k, v]) => [text(k), text(v)]))
      e.matched = Object.fromEntries(Object.entries(e.matched).map(([k, v]) => [text(k), text(v)]))
    }
    for (const fact of Object.values(f.facts)) if (fact.kind === 'text') fact.values = fact.values.map(text)
  }
  for (const m of r.missingLogs) m.fileName = text(m.fileName)
  return r
}

describe('hostile text in real reports', () => {
  const reports: Report[] = []
  beforeAll(async () => {
    for (const c of ['all-three-scenarios', 'recovered-after-failure', 'stale-evidence']) reports.push(await analyze(`samples/${c}`))
  })
  for (const mode of ['online', 'offline'] as const) {
    prop.prop([fc.nat(), fc.array(hostile, { minLength: 1, maxLength: 40 })], propOptions(12))(`${mode}: every free-text field of a sample report`, (which, values) => {
      const base = reports[which % reports.length] as Report
      let n = 0
      const hostileReport = rewriteReport(base, () => values[n++ % values.length] as string)
      const seen = new Map<string, string>()
      const twin = rewriteReport(hostileReport, (s) => {
        if (validThumbprint(s) !== undefined || validTlsProtocol(s) !== undefined) return s
        if (!seen.has(s)) seen.set(s, `v${seen.size}`)
        return seen.get(s) as string
      })
      expectInert(renderScript(hostileReport, { mode }), renderScript(twin, { mode }), embeddable(remediationInputFromReport(hostileReport)))
    }, propTimeout(12, 3000))
  }
})
