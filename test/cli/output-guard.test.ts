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

  it('never replace a log whose header was zeroed, renamed or not, nor any file named .evtx', async () => {
    const lost = readFileSync(log)
    lost.fill(0, 0, 4096)
    writeFileSync(join(dir, 'lost-header.bin'), lost)
    expect(await refusal([['--out', join(dir, 'lost-header.bin')]])).toMatch(/lost-header\.bin is an event log \(its header lost\)/)
    // Its first chunk's header zeroed as well: the reader still finds its records, and so does the guard.
    lost.fill(0, 4096, 4096 + 512)
    writeFileSync(join(dir, 'lost-chunk-header.bin'), lost)
    expect(await refusal([['--out', join(dir, 'lost-chunk-header.bin')]])).toMatch(/lost-chunk-header\.bin is an event log \(its header lost\)/)
    writeFileSync(join(dir, 'notes.EVTX'), 'not a log any more')
    expect(await refusal([['--script', join(dir, 'notes.EVTX')]])).toMatch(/notes\.EVTX is named as an event log \(\.evtx\)/)
    // Zeros, then no chunk: not a log.
    const zeros = new Uint8Array(4096 + 65536 + 10)
    zeros.set(new TextEncoder().encode('some text'), 4096 + 65536)
    writeFileSync(join(dir, 'zeros.dat'), zeros)
    expect(await refusal([['--out', join(dir, 'zeros.dat')]])).toBeUndefined()
  })

  it('never replace a ZIP archive after prepended data (a self-extracting stub)', async () => {
    const prefix = new Uint8Array(70_000)
    prefix.set([0x4d, 0x5a])
    writeFileSync(join(dir, 'setup.exe'), buildZip({ prefix, entries: [{ name: 'System.evtx', data: readFileSync(log) }], comment: 'a comment' }))
    expect(await refusal([['--out', join(dir, 'setup.exe')]])).toMatch(/setup\.exe is a ZIP archive/)
  })

  it('never replace the archive of a log read from one, whatever it holds now', async () => {
    mkdirSync(join(dir, 'odd!'))
    const archive = join(dir, 'odd!/logs.zip')
    writeFileSync(archive, 'no longer a ZIP archive')
    expect(await refusal([['--out', archive]], [`${archive}!/Logs/System.evtx`])).toMatch(/logs\.zip is one of the inputs/)
    expect(await refusal([['--out', archive]], [`${join(dir, 'other.zip')}!/Logs/System.evtx`])).toBeUndefined()
  })

  it('are not one file twice, nor a folder', async () => {
    expect(await refusal([['--out', join(dir, 'same.txt')], ['--script', `${dir}/./same.txt`]])).toBe(`analyze: --out and --script name the same file (${dir}/./same.txt): give each its own`)
    expect(await refusal([['--out', join(dir, 'report.txt')], ['--script', join(dir, 'report.txt')]])).toMatch(/name the same file/)
    expect(await refusal([['--out', dir]])).toBe(`analyze: --out ${dir} is a folder: give a file`)
    // A file yet to be written, named through a linked folder.
    mkdirSync(join(dir, 'real'))
    symlinkSync('real', join(dir, 'link'))
    expect(await refusal([['--out', join(dir, 'real/r.txt')], ['--script', join(dir, 'link/r.txt')]])).toMatch(/--out and --script name the same file \(.*link\/r\.txt\)/)
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
      // Refused before reading: the signature, the chunk after the lost one, or the two names tell.
      expect(lines, argv.join(' ')).toHaveLength(0)
      expect(io.out()).toBe('')
    }
    expect([sha(join(c, 'System.evtx')), sha(damaged)]).toEqual(before)
    mkdirSync(join(c, 'out'))
    const io = memoryIo()
    expect(await runCli(['analyze', c, '--out', join(c, 'out/report.txt'), '--script', join(c, 'out/fix.ps1')], io)).toBe(1)
    expect(readFileSync(join(c, 'out/report.txt'), 'utf8')).toMatch(/^rdp-triage report/)
  })

  it('leave a ZIP archive found in a folder as it was: after a self-extracting stub, and cut short there too', async () => {
    const c = join(dir, 'zipped-case')
    mkdirSync(c)
    const evidence = join(c, 'evidence.zip')
    const prefix = new Uint8Array(4096)
    prefix.set([0x4d, 0x5a])
    const whole = buildZip({ prefix, entries: [{ name: 'Logs/System.evtx', data: readFileSync(log) }] })
    // Cut before its central directory: no end record, no signature at its start; only reading it tells.
    const cut = whole.subarray(0, Buffer.from(whole).indexOf('PK\x01\x02'))
    for (const [bytes, why] of [[whole, 'is a ZIP archive'], [cut, 'is one of the inputs']] as const) {
      writeFileSync(evidence, bytes)
      const before = sha(evidence)
      const io = memoryIo()
      expect(await runCli(['analyze', c, '--out', evidence], io)).toBe(2)
      expect(io.err()).toContain(`rdp-triage: analyze: --out ${evidence} ${why}: writing there would destroy it`)
      expect(sha(evidence)).toBe(before)
    }
  })
})
