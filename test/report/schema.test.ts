/**
 * The report's zod schema as a validator: real reports pass, and each pattern and bound
 * (times, scenario ids, counts, validated facts, enums, strict objects) rejects the values it
 * exists to keep out, at the path of the value.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { analyze } from '../../src/analyze.js'
import { type Fact, FactSchema, type Report, ReportSchema } from '../../src/report/schema.js'

let base: Report

beforeAll(async () => {
  // A recovery, a thumbprint fact and diagnostics-free inputs: most of the schema in use.
  base = await analyze('samples/recovered-after-failure')
})

/** The issue paths `ReportSchema` gives for `base` changed by `edit`. */
function issuesAfter(edit: (r: Report & Record<string, unknown>) => void): string[] {
  const r = structuredClone(base) as Report & Record<string, unknown>
  edit(r)
  const parsed = ReportSchema.safeParse(r)
  return parsed.success ? [] : parsed.error.issues.map((i) => i.path.join('.'))
}

const finding = (r: Report) => r.findings[0] as Report['findings'][number]
const evidence = (r: Report) => finding(r).evidence[0] as Report['findings'][number]['evidence'][number]
const accepts = (fact: unknown) => FactSchema.safeParse(fact).success

describe('ReportSchema accepts real reports', () => {
  it('every JSON report in docs/examples, and a fresh one', () => {
    const files = readdirSync('docs/examples').filter((f) => f.endsWith('.json'))
    expect(files.length).toBeGreaterThanOrEqual(9)
    for (const f of files) expect(ReportSchema.safeParse(JSON.parse(readFileSync(join('docs/examples', f), 'utf8'))).success, f).toBe(true)
    expect(issuesAfter(() => {})).toEqual([])
    expect(finding(base).facts).toHaveProperty('newCertificateThumbprint')
    expect(finding(base).recovery).not.toBeNull()
  })
})

describe('ReportSchema rejects, at the value', () => {
  it('times that are not YYYY-MM-DDThh:mm:ss[.1-9 digits]Z', () => {
    for (const bad of ['2026-11-20 13:56:03Z', '2026-11-20T13:56:03', '2026-11-20T13:56:03.Z', '2026-11-20T13:56:03.1234567890Z', '2026-11-20T13:56:03Z ', ' 2026-11-20T13:56:03Z', '26-11-20T13:56:03Z', '2026-11-20T13:56Z']) {
      expect(issuesAfter((r) => (r.analysis.anchor = bad)), bad).toEqual(['analysis.anchor'])
      expect(issuesAfter((r) => (evidence(r).time = bad)), bad).toEqual(['findings.0.evidence.0.time'])
    }
    for (const good of ['2026-11-20T13:56:03Z', '2026-11-20T13:56:03.1Z', '2026-11-20T13:56:03.123456789Z', null]) {
      expect(issuesAfter((r) => (r.analysis.anchor = good)), String(good)).toEqual([])
    }
  })

  it('scenario ids that are not S and digits', () => {
    for (const bad of ['S', 's1', 'S1a', 'X1', ' S1', '']) {
      expect(issuesAfter((r) => (finding(r).scenario = bad)), bad).toEqual(['findings.0.scenario'])
      expect(issuesAfter((r) => (r.conclusion.resolved = [bad])), bad).toEqual(['conclusion.resolved.0'])
    }
    expect(issuesAfter((r) => (finding(r).scenario = 'S12'))).toEqual([])
    expect(issuesAfter((r) => (r.notChecked = [{ scenario: null, what: 'w', why: 'y' }]))).toEqual([])
  })

  it('counts below zero or with a fraction, and a window of no time', () => {
    for (const bad of [-1, 1.5, Number.NaN]) {
      expect(issuesAfter((r) => (finding(r).count = bad)), String(bad)).toEqual(['findings.0.count'])
      expect(issuesAfter((r) => ((r.inputs[0] as Report['inputs'][number]).records = bad)), String(bad)).toEqual(['inputs.0.records'])
    }
    expect(issuesAfter((r) => (finding(r).evidenceOmitted = 0))).toEqual([])
    for (const bad of [0, -1, 0.5]) expect(issuesAfter((r) => (r.analysis.window.milliseconds = bad)), String(bad)).toEqual(['analysis.window.milliseconds'])
    expect(issuesAfter((r) => (evidence(r).recordId = 1.5))).toEqual(['findings.0.evidence.0.recordId'])
    expect(issuesAfter((r) => (evidence(r).recordId = null))).toEqual([])
  })

  it('another schema version, another generator, an unknown status, role or coverage', () => {
    expect(issuesAfter((r) => ((r as { schemaVersion: number }).schemaVersion = 2))).toEqual(['schemaVersion'])
    expect(issuesAfter((r) => ((r.generator as { name: string }).name = 'other'))).toEqual(['generator.name'])
    expect(issuesAfter((r) => ((finding(r) as { status: string }).status = 'open'))).toEqual(['findings.0.status'])
    expect(issuesAfter((r) => ((r.scenarios[0] as { status: string }).status = 'open'))).toEqual(['scenarios.0.status'])
    expect(issuesAfter((r) => ((r.scenarios[0] as { coverage: string }).coverage = 'some'))).toEqual(['scenarios.0.coverage'])
    expect(issuesAfter((r) => ((evidence(r) as { role: string }).role = 'admin'))).toEqual(['findings.0.evidence.0.role'])
    expect(issuesAfter((r) => ((r.analysis as { anchorSource: string }).anchorSource = 'clock'))).toEqual(['analysis.anchorSource'])
  })

  it('unknown keys and missing ones: absent values are null, never left out', () => {
    expect(issuesAfter((r) => (r.extra = 1))).toEqual([''])
    expect(issuesAfter((r) => ((evidence(r) as Record<string, unknown>).script = 'x'))).toEqual(['findings.0.evidence.0'])
    expect(issuesAfter((r) => delete (finding(r) as Partial<Report['findings'][number]>).notes)).toEqual(['findings.0.notes'])
    expect(issuesAfter((r) => ((evidence(r) as { computer: string | null | undefined }).computer = undefined))).toEqual(['findings.0.evidence.0.computer'])
    expect(issuesAfter((r) => ((evidence(r).data as Record<string, unknown>).x = 1))).toEqual(['findings.0.evidence.0.data.x'])
  })

  it('a diagnostic with an unknown severity or location key', () => {
    const diagnostic = { code: 'EVTX_X', severity: 'error', message: 'm', location: { chunkIndex: 1 } }
    const withItem = (item: unknown) => (r: Report) => ((r.inputs[0] as Report['inputs'][number]).diagnostics.items = [item as Report['inputs'][number]['diagnostics']['items'][number]])
    expect(issuesAfter(withItem(diagnostic))).toEqual([])
    expect(issuesAfter(withItem({ ...diagnostic, severity: 'fatal' }))).toEqual(['inputs.0.diagnostics.items.0.severity'])
    expect(issuesAfter(withItem({ ...diagnostic, location: { line: 1 } }))).toEqual(['inputs.0.diagnostics.items.0.location'])
    expect(issuesAfter(withItem({ ...diagnostic, location: { recordId: 1.5 } }))).toEqual(['inputs.0.diagnostics.items.0.location.recordId'])
  })

  it('a fact that is not what its kind promises', () => {
    expect(issuesAfter((r) => (finding(r).facts.x = { kind: 'thumbprint', values: ['2972bb044d96df2871ba034c95de2770b9024b94'] }))).toEqual(['findings.0.facts.x.values.0'])
    expect(issuesAfter((r) => (finding(r).facts.x = { kind: 'other', values: [] } as unknown as Fact))).toEqual(['findings.0.facts.x.kind'])
  })
})

describe('FactSchema values', () => {
  it('a thumbprint is exactly 40 upper-case hex digits', () => {
    const t = '2972BB044D96DF2871BA034C95DE2770B9024B94'
    expect(accepts({ kind: 'thumbprint', values: [t] })).toBe(true)
    for (const bad of [t.toLowerCase(), t.slice(1), `${t}0`, `${t.slice(1)}G`, ` ${t.slice(1)}`, `${t.slice(1)}\n`]) expect(accepts({ kind: 'thumbprint', values: [bad] }), bad).toBe(false)
  })

  it('an HRESULT is 0x and 8 upper-case hex digits', () => {
    expect(accepts({ kind: 'hresult', values: ['0x8009030D'] })).toBe(true)
    for (const bad of ['0x8009030d', '0X8009030D', '0x8009030', '0x8009030D0', '8009030D', '0x8009030D\n']) expect(accepts({ kind: 'hresult', values: [bad] }), bad).toBe(false)
  })

  it('a hostname is dot-separated labels of letters, digits and inner hyphens, 63 and 253 characters at most', () => {
    const label = (n: number) => `a${'b'.repeat(n - 2)}c`
    for (const good of ['vm-rdp-01', 'vm-rdp-01.contoso.local', 'a', '0a', label(63), [label(63), label(63), label(63), label(61)].join('.')]) {
      expect(accepts({ kind: 'hostname', values: [good] }), good).toBe(true)
    }
    for (const bad of ['', 'vm_01', '_vm', '-vm', 'vm-', 'vm.-x', 'vm.x-', 'vm..x', '.vm', 'vm.', 'vm 01', label(64), [label(63), label(63), label(63), label(62)].join('.'), 'vm;x', 'vm\n']) {
      expect(accepts({ kind: 'hostname', values: [bad] }), bad).toBe(false)
    }
  })

  it('an integer fact holds integers, a text fact strings; an unknown kind or key is refused', () => {
    expect(accepts({ kind: 'integer', values: [10013, -1] })).toBe(true)
    expect(accepts({ kind: 'integer', values: [1.5] })).toBe(false)
    expect(accepts({ kind: 'integer', values: ['10013'] })).toBe(false)
    expect(accepts({ kind: 'text', values: ["'; Remove-Item C:\\ #"] })).toBe(true)
    expect(accepts({ kind: 'text', values: [1] })).toBe(false)
    expect(accepts({ kind: 'text', values: [], extra: true })).toBe(false)
  })
})
