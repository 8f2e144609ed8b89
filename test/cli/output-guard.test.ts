import { createHash } from 'node:crypto'
import { cpSync, linkSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { CliError } from '../../src/cli/io.js'
import { checkOutputs } from '../../src/cli/output-guard.js'
import { runCli } from '../../src/cli/run.js'
import { FIFO_SKIP_MESSAGE, fifosAvailable, makeFifo } from '../helpers/fifo.js'
import { memoryIo } from '../helpers/io.js'
import { SAMPLES_DIR } from '../helpers/samples.js'
import { buildZip } from '../helpers/zip-writer.js'

const dir = mkdtempSync(join(tmpdir(), 'rdp-triage-outputs-'))
const log = join(dir, 'System.evtx')
cpSync(join(SAMPLES_DIR, 's1-self-signed-certificate/System.evtx'), log)
writeFileSync(join(dir, 'report.txt'), 'an old report')
writeFileSync(join(dir, 'logs.zip'), buildZip({ entries: [{ name: 'System.evtx', data: new Uint8Array(8) }] }))
linkSync(log, join(dir, 'hard-link.txt'))
symlinkSync(log, join(dir, 'soft-link.txt'))

async function refusal(outputs: Array<[string, string]>, inputs: string[] = []): Promise<string | undefined> {
  try {
    await checkOutputs('analyze', outputs.map(([option, path]) => ({ option, path })), inputs)
    return undefined
  } catch (error) {
    expect(error).toBeInstanceOf(CliError)
    return (error as Error).message
  }
}

describe('output files', () => {
  it('may be new files, or existing files that are neither inputs, logs nor archives', async () => {
    expect(await refusal([['--out', join(dir, 'new.txt')], ['--script', join(dir, 'fix.ps1')]], [log])).toBeUndefined()
    expect(await refusal([['--out', join(dir, 'report.txt')]], [log])).toBeUndefined()
    expect(await refusal([], [log])).toBeUndefined()
  })

  it('never replace an event log or a ZIP archive, an input or not, through a link or not', async () => {
    expect(await refusal([['--out', log]])).toBe(`analyze: --out ${log} is an event log: writing there would destroy it; choose another file`)
    expect(await refusal([['--script', join(dir, 'soft-link.txt')]])).toMatch(/--script .*soft-link\.txt is an event log/)
    expect(await refusal([['--out', join(dir, 'logs.zip')]])).toMatch(/logs\.zip is a ZIP archive/)
  })

  it('never replace an input, whatever it holds (a log whose header is lost has no signature)', async () => {
    expect(await refusal([['--out', join(dir, 'report.txt')]], [join(dir, 'report.txt')])).toMatch(/report\.txt is one of the inputs/)
    expect(await refusal([['--out', join(dir, 'hard-link.txt')]], [log])).toMatch(/hard-link\.txt is one of the inputs/)
  })

  it('are not one file twice, nor a folder', async () => {
    expect(await refusal([['--out', join(dir, 'same.txt')], ['--script', `${dir}/./same.txt`]])).toBe(`analyze: --out and --script name the same file (${dir}/./same.txt): give each its own`)
    expect(await refusal([['--out', join(dir, 'report.txt')], ['--script', join(dir, 'report.txt')]])).toMatch(/name the same file/)
    expect(await refusal([['--out', dir]])).toBe(`analyze: --out ${dir} is a folder: give a file`)
  })

  it.skipIf(!fifosAvailable)(`may be a pipe, which is never opened to look at (${FIFO_SKIP_MESSAGE})`, async () => {
    const fifo = join(dir, 'pipe')
    makeFifo(fifo)
    expect(await refusal([['--out', fifo]], [log])).toBeUndefined()
  })
})

describe('rdp-triage analyze --out and --script', () => {
  const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex')

  it('leave every log of the case as it was when they name one, and exit 2 before writing anything', async () => {
    const c = join(dir, 'case')
    cpSync(join(SAMPLES_DIR, 's1-self-signed-certificate'), c, { recursive: true })
    // A log whose first page was lost: no signature, but still read (and so an input).
    const damaged = join(c, 'Microsoft-Windows-TerminalServices-RemoteConnectionManager%4Operational.evtx')
    const bytes = readFileSync(damaged)
    bytes.fill(0, 0, 8)
    writeFileSync(damaged, bytes)
    const before = [sha(join(c, 'System.evtx')), sha(damaged)]
    for (const argv of [['--out', join(c, 'System.evtx')], ['--script', join(c, 'System.evtx')], ['--out', damaged], ['--script', damaged], ['--out', join(c, 'r.txt'), '--script', join(c, 'r.txt')]]) {
      const io = memoryIo()
      expect(await runCli(['analyze', c, ...argv], io), argv.join(' ')).toBe(2)
      const lines = io.err().trimEnd().split('\n')
      expect(lines.pop()).toMatch(/^rdp-triage: analyze: --(out|script) .*(is an event log|is one of the inputs|name the same file)/)
      // Refused before reading, when the signature or the two names tell; the damaged log only
      // once it has been read (its warning comes first).
      expect(lines, argv.join(' ')).toHaveLength(argv.includes(damaged) ? 1 : 0)
      expect(io.out()).toBe('')
    }
    expect([sha(join(c, 'System.evtx')), sha(damaged)]).toEqual(before)
    mkdirSync(join(c, 'out'))
    const io = memoryIo()
    expect(await runCli(['analyze', c, '--out', join(c, 'out/report.txt'), '--script', join(c, 'out/fix.ps1')], io)).toBe(1)
    expect(readFileSync(join(c, 'out/report.txt'), 'utf8')).toMatch(/^rdp-triage report/)
  })
})
