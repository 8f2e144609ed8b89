/**
 * Regenerates samples/: one folder per case with its .evtx files (Windows' own file names),
 * case.json, and samples/README.md from the case descriptions. Deterministic: fixed times and
 * seeds, no clock, so a test can rebuild the files byte for byte.
 *
 *   npm run samples
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { buildSampleCases } from './samples/cases.js'
import { caseJson, samplesReadme } from './samples/readme.js'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'samples')
const cases = buildSampleCases()
rmSync(root, { recursive: true, force: true })
for (const c of cases) {
  const dir = join(root, c.name)
  mkdirSync(dir, { recursive: true })
  for (const [name, bytes] of c.files) writeFileSync(join(dir, name), bytes)
  writeFileSync(join(dir, 'case.json'), caseJson(c))
}
writeFileSync(join(root, 'README.md'), samplesReadme(cases))
let total = 0
for (const c of cases) for (const b of c.files.values()) total += b.length
process.stdout.write(`wrote ${cases.length} cases, ${total} bytes of logs, to ${root}\n`)
