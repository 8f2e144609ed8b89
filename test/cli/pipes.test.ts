/**
 * Inputs that are not regular files. `dump` and `analyze` read a pipe (`<(zcat System.evtx.gz)`)
 * as they read a file; `info` and `query`, which read a file twice, refuse one with a clear
 * message before opening it (opening a pipe waits for a writer); a folder given where a log is
 * expected says what to do; a pipe among the logs of a `--logs` folder is passed over, never
 * waited on.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../../src/cli/run.js'
import { FIFO_SKIP_MESSAGE, feedFifo, fifosAvailable, makeFifo } from '../helpers/fifo.js'
import { memoryIo } from '../helpers/io.js'

const SAMPLE = join(import.meta.dirname, '../../samples/s1-self-signed-certificate')
const system = readFileSync(join(SAMPLE, 'System.evtx'))
let dir = ''
let serial = 0

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'rdp-triage-pipes-'))
})

afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** A fresh named pipe in the test folder. */
function pipe(name = `pipe-${serial++}.evtx`, where = dir): string {
  const path = join(where, name)
  makeFifo(path)
  return path
}

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = memoryIo()
  const code = await runCli(args, io)
  return { code, out: io.out(), err: io.err() }
}

describe.skipIf(!fifosAvailable)(`pipes (${FIFO_SKIP_MESSAGE})`, () => {
  it('dump reads a pipe as it reads the file', async () => {
    const p = pipe()
    const fed = feedFifo(p, system)
    const got = await run(['dump', p, '--format', 'jsonl'])
    await fed
    const want = await run(['dump', join(SAMPLE, 'System.evtx'), '--format', 'jsonl'])
    expect(got.code).toBe(0)
    expect(got.out.length).toBeGreaterThan(0)
    // The same records; only the file names in diagnostics could differ, and there are none.
    expect(got.out).toBe(want.out)
    expect(got.err).toBe(want.err)
  })

  it('analyze reads a pipe and finds what the file shows', async () => {
    const p = pipe()
    const fed = feedFifo(p, system)
    const got = await run(['analyze', p, '--format', 'json'])
    await fed
    expect(got.code).toBe(1)
    const report = JSON.parse(got.out) as { findings: Array<{ scenario: string; status: string }> }
    expect(report.findings.map((f) => [f.scenario, f.status])).toEqual([['S1', 'current']])
  })

  it('info and query refuse a pipe at once, saying why, without waiting for a writer', async () => {
    const p = pipe()
    const info = await run(['info', p])
    expect(info.code).toBe(2)
    expect(info.err).toContain(`${p}: not a regular file (a pipe or a device): info reads a file twice, so save it to a file first`)
    const query = await run(['query', p, '-c', '1'])
    expect(query.code).toBe(2)
    expect(query.err).toContain(`query: ${p}: not a regular file (a pipe or a device): query reads a log twice, so save it to a file first`)
  })

  it('query --logs passes over a pipe named like a log', async () => {
    const logs = join(dir, 'Logs')
    mkdirSync(logs)
    pipe('Stuck.evtx', logs)
    pipe('System.evtx', logs)
    const got = await run(['query', 'system', '--logs', logs, '-c', '1', '-f', 'xml'])
    // The only System log there is a pipe: not read, so no log has that name.
    expect(got.code).toBe(2)
    expect(got.err).toContain("query: no log 'system' among the 0 .evtx files in the --logs directory")
  })
})

describe('folders where a log is expected', () => {
  it('dump, info and query say what to give instead', async () => {
    const dump = await run(['dump', SAMPLE])
    expect(dump.code).toBe(2)
    expect(dump.err).toContain(`dump: ${SAMPLE}: is a folder: dump prints one .evtx file (for a folder, see 'rdp-triage analyze' or 'rdp-triage query --logs')`)
    const info = await run(['info', SAMPLE])
    expect(info.code).toBe(2)
    expect(info.err).toContain(`${SAMPLE}: is a folder: info reads one .evtx file`)
    const query = await run(['query', SAMPLE, '-c', '1'])
    expect(query.code).toBe(2)
    expect(query.err).toContain(`query: ${SAMPLE}: is a folder: to query its logs by name, give it with --logs (rdp-triage query system --logs ${SAMPLE})`)
  })
})
