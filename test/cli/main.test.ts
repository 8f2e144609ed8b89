/**
 * The `rdp-triage` executable run as a process, when its stdout or stderr cannot be written: a
 * stderr that is closed or on a full disk never changes the exit code (it was an uncaught
 * exception, exit 1: "scenario found"); a stdout closed early ends `dump` with 0 and leaves
 * `analyze` its verdict (it exited 0 even when a scenario was found).
 */
import { spawn } from 'node:child_process'
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { SAMPLES_DIR } from '../helpers/samples.js'
import { cliBundle } from '../helpers/worker-bundle.js'

const dir = mkdtempSync(join(tmpdir(), 'rdp-triage-main-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const HEALTHY = join(SAMPLES_DIR, 'healthy-vm')
const S1 = join(SAMPLES_DIR, 's1-self-signed-certificate')
/** A device whose every write fails with ENOSPC (Linux). */
const FULL = '/dev/full'

/** Where a stream goes: a file descriptor, nowhere, or a pipe whose reader closes it at once. */
type Sink = number | 'ignore' | 'closed'

/** Runs the bundled executable and resolves with its exit code. */
async function run(args: string[], stdout: Sink, stderr: Sink): Promise<number | null> {
  const cli = fileURLToPath(await cliBundle())
  const child = spawn(process.execPath, [cli, ...args], { stdio: ['ignore', stdout === 'closed' ? 'pipe' : stdout, stderr === 'closed' ? 'pipe' : stderr] })
  if (stdout === 'closed') child.stdout?.destroy()
  if (stderr === 'closed') child.stderr?.destroy()
  return new Promise((resolve, reject) => {
    child.on('error', reject)
    child.on('close', (code) => resolve(code))
  })
}

describe.skipIf(!existsSync(FULL))(`rdp-triage with stderr on a full disk (${FULL})`, () => {
  it('exits with the code it has without the failure', async () => {
    const full = openSync(FULL, 'w')
    try {
      // The report cannot be written either: the documented 2, not 1.
      expect(await run(['analyze', HEALTHY, '--out', FULL], 'ignore', full)).toBe(2)
      expect(await run(['analyze', HEALTHY, '--out', join(dir, 'healthy.txt')], 'ignore', full)).toBe(0)
      expect(readFileSync(join(dir, 'healthy.txt'), 'utf8')).toMatch(/^rdp-triage report/)
      expect(await run(['analyze', S1, '--out', join(dir, 's1.txt')], 'ignore', full)).toBe(1)
      expect(await run(['nonsense'], 'ignore', full)).toBe(2)
    } finally {
      closeSync(full)
    }
  })
})

describe('rdp-triage with stderr closed early', () => {
  it('exits with the code it has without the failure', async () => {
    expect(await run(['analyze', HEALTHY, '--out', join(dir, 'closed.txt')], 'ignore', 'closed')).toBe(0)
    expect(readFileSync(join(dir, 'closed.txt'), 'utf8')).toMatch(/^rdp-triage report/)
    expect(await run(['analyze', S1, join(dir, 'missing.evtx')], 'ignore', 'closed')).toBe(2)
  })
})

describe('rdp-triage with stdout closed early', () => {
  it('analyze still writes its script and exits with its verdict', async () => {
    const script = join(dir, 'fix.ps1')
    expect(await run(['analyze', S1, '--script', script], 'closed', 'ignore')).toBe(1)
    expect(readFileSync(script, 'utf8')).toContain('$Apply')
    expect(await run(['analyze', HEALTHY], 'closed', 'ignore')).toBe(0)
  })

  it('dump stops with 0: a reader that has seen enough is not a failure', async () => {
    expect(await run(['dump', join(S1, 'System.evtx')], 'closed', 'closed')).toBe(0)
  })
})
