/**
 * Golden scripts in docs/examples/, one per report and mode. They are what a person reviews, so
 * any change to a generated script shows up in the diff. Rewrite them with
 * RDP_TRIAGE_UPDATE_GOLDEN=1 npx vitest run test/remediation/golden.test.ts
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { renderScript } from '../../src/remediation/index.js'
import { FIXTURE_REPORTS } from './fixtures.js'
import { parsePowerShell, syntaxProblems } from './parse.js'

const DIR = 'docs/examples'
const UPDATE = process.env.RDP_TRIAGE_UPDATE_GOLDEN === '1'

const goldens = Object.entries(FIXTURE_REPORTS).flatMap(([name, r]) =>
  (['online', 'offline'] as const).map((mode) => ({ file: `fixture-${name}-${mode}.ps1`, text: () => renderScript(r, { mode }) })),
)

describe('golden scripts in docs/examples', () => {
  test.each(goldens)('$file is up to date and parses', ({ file, text }) => {
    const path = join(DIR, file)
    const now = text()
    if (UPDATE) {
      mkdirSync(DIR, { recursive: true })
      writeFileSync(path, now)
    }
    expect(existsSync(path), `${path} is missing; run with RDP_TRIAGE_UPDATE_GOLDEN=1`).toBe(true)
    expect(readFileSync(path, 'utf8'), `${path} is stale; run with RDP_TRIAGE_UPDATE_GOLDEN=1 and review the diff`).toBe(now)
    expect(syntaxProblems(parsePowerShell(now))).toEqual([])
  })

  test('docs/examples holds no script that no test writes', () => {
    const expected = new Set(goldens.map((g) => g.file))
    const extra = readdirSync(DIR).filter((f) => f.endsWith('.ps1') && !expected.has(f))
    expect(extra).toEqual([])
  })
})
