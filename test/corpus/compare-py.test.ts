/**
 * The corpus' own checker: `compare.py` reports 0 mismatches and 0 missing records for every file
 * when given `rdp-triage dump FILE --format xml` (run in-process, piped to python3).
 */
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runCli } from '../../src/cli/run.js'
import { CORPUS_DIR, CORPUS_SKIP_MESSAGE, corpusAvailable, corpusFiles, corpusPath } from '../helpers/corpus.js'
import { memoryIo } from '../helpers/io.js'

const python = spawnSync('python3', ['--version']).status === 0

describe.skipIf(!corpusAvailable || !python)('compare.py on rdp-triage dump', () => {
  it('finds no mismatch and nothing missing in any corpus file (--all)', async () => {
    const failures: string[] = []
    for (const name of corpusFiles()) {
      const io = memoryIo()
      expect(await runCli(['dump', corpusPath(name), '--format', 'xml'], io)).toBe(0)
      const r = spawnSync('python3', [join(CORPUS_DIR, 'compare.py'), '--all', join(CORPUS_DIR, 'expected', `${name}.jsonl.gz`), '-'], {
        input: io.out(),
        encoding: 'utf8',
        maxBuffer: 1 << 28,
      })
      if (r.status !== 0) failures.push(`${name}: exit ${r.status}\n${r.stdout}${r.stderr}`)
    }
    expect(failures).toEqual([])
  })
})

if (!corpusAvailable || !python) it.skip(corpusAvailable ? 'compare.py: python3 is not installed' : CORPUS_SKIP_MESSAGE, () => undefined)
