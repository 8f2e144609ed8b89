/**
 * Acceptance on the committed samples: for every case, the report concludes exactly what its
 * case.json says (per scenario: current, stale, resolved or absent), the CLI exit code follows,
 * and the JSON and Markdown reports are the goldens in docs/examples/ (UPDATE_GOLDEN=1 rewrites).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { analyze } from '../../src/analyze.js'
import { runCli } from '../../src/cli/run.js'
import { renderReportJson } from '../../src/report/render-json.js'
import { renderReportMarkdown } from '../../src/report/render-markdown.js'
import { expectGolden } from '../helpers/golden.js'
import { memoryIo } from '../helpers/io.js'

interface CaseJson {
  title: string
  expected: Record<string, 'current' | 'stale' | 'resolved' | 'absent'>
}

// Relative paths, as a user types them from the repository root: the goldens show them.
const cases = readdirSync('samples')
  .filter((c) => statSync(join('samples', c)).isDirectory())
  .sort()

describe('samples', () => {
  it('exist', () => {
    expect(cases.length).toBeGreaterThanOrEqual(9)
  })
  for (const c of cases) {
    const dir = `samples/${c}`
    const spec = JSON.parse(readFileSync(join(dir, 'case.json'), 'utf8')) as CaseJson
    it(`${c}: ${spec.title}`, async () => {
      const report = await analyze(dir)
      const got = Object.fromEntries(report.scenarios.map((s) => [s.id, s.status]))
      expect(got).toEqual(spec.expected)
      for (const [id, status] of Object.entries(spec.expected)) {
        const findings = report.findings.filter((f) => f.scenario === id)
        if (status === 'absent') expect(findings, id).toEqual([])
        else expect(findings.map((f) => f.status), id).toContain(status)
      }
      expect(report.inputs.every((i) => i.status !== 'unreadable')).toBe(true)
      const found = Object.values(spec.expected).some((s) => s === 'current' || s === 'stale')
      const io = memoryIo()
      expect(await runCli(['analyze', dir, '--format', 'json'], io)).toBe(found ? 1 : 0)
      expect(JSON.parse(io.out())).toEqual(JSON.parse(renderReportJson(report)))
      expectGolden(`docs/examples/${c}.json`, renderReportJson(report))
      expectGolden(`docs/examples/${c}.md`, renderReportMarkdown(report))
    })
  }
})
