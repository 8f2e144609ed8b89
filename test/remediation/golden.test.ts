/**
 * Golden scripts in docs/examples/: for every sample case (samples/<case>), the report from
 * analyze() rendered in both modes, as <case>-online.ps1 and <case>-offline.ps1. They are what a
 * person reviews, so any change to a generated script shows in the diff.
 * `UPDATE_GOLDEN=1 npx vitest run test/remediation/golden.test.ts` rewrites them.
 */
import { readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, test } from 'vitest'
import { analyze } from '../../src/analyze.js'
import type { Report } from '../../src/report/schema.js'
import { renderScript } from '../../src/remediation/index.js'
import { expectGolden } from '../helpers/golden.js'
import { parsePowerShell, syntaxProblems } from './parse.js'

const DIR = 'docs/examples'
const MODES = ['online', 'offline'] as const
// Relative paths, as a user types them from the repository root: the goldens show them.
const cases = readdirSync('samples')
  .filter((c) => statSync(join('samples', c)).isDirectory())
  .sort()
const reports = new Map<string, Report>()

beforeAll(async () => {
  for (const c of cases) reports.set(c, await analyze(`samples/${c}`))
})

describe('golden scripts for the samples', () => {
  test('there are samples', () => {
    expect(cases.length).toBeGreaterThanOrEqual(9)
  })

  test.each(cases.flatMap((c) => MODES.map((mode) => ({ c, mode }))))('$c, $mode: golden up to date and parses cleanly', ({ c, mode }) => {
    const text = renderScript(reports.get(c) as Report, { mode })
    expect(syntaxProblems(parsePowerShell(text))).toEqual([])
    expectGolden(join(DIR, `${c}-${mode}.ps1`), text)
  })

  test('docs/examples holds no script that no test writes', () => {
    const expected = new Set(cases.flatMap((c) => MODES.map((m) => `${c}-${m}.ps1`)))
    expect(readdirSync(DIR).filter((f) => f.endsWith('.ps1') && !expected.has(f))).toEqual([])
  })
})
