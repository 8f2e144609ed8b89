/**
 * `rdp-triage analyze ... --script FILE [--mode online|offline] [--script-tls-legacy]`
 * (src/cli/commands/analyze.ts): the script written is renderScript's for the same report.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { analyze } from '../../src/analyze.js'
import { runCli } from '../../src/cli/run.js'
import { renderScript } from '../../src/index.js'
import { memoryIo } from '../helpers/io.js'

const tmp = mkdtempSync(join(tmpdir(), 'rdp-triage-script-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

async function cli(argv: string[]) {
  const io = memoryIo()
  const code = await runCli(argv, io)
  return { code, out: io.out(), err: io.err() }
}

describe('analyze --script', () => {
  test('writes the offline script by default, keeps the report and the exit code', async () => {
    const file = join(tmp, 'fix.ps1')
    const r = await cli(['analyze', 'samples/s2-tls-disabled', '--format', 'json', '--script', file])
    expect(r.code).toBe(1)
    expect(JSON.parse(r.out).findings[0].scenario).toBe('S2')
    expect(r.err).toContain(`rdp-triage: offline remediation script written to ${file}`)
    expect(readFileSync(file, 'utf8')).toBe(renderScript(await analyze('samples/s2-tls-disabled'), { mode: 'offline' }))
  })

  test('--mode online and --script-tls-legacy reach the script', async () => {
    const file = join(tmp, 'online.ps1')
    const r = await cli(['analyze', 'samples/s2-tls-disabled', '--script', file, '--mode', 'online', '--script-tls-legacy'])
    expect(r.code).toBe(1)
    const text = readFileSync(file, 'utf8')
    expect(text).toBe(renderScript(await analyze('samples/s2-tls-disabled'), { mode: 'online', tlsLegacy: true }))
    expect(text).toContain("$Mode = 'online'")
    expect(text).toContain('$EnableLegacyTlsServer = $true')
  })

  test('a healthy VM still gets a script that only checks', async () => {
    const file = join(tmp, 'healthy.ps1')
    expect((await cli(['analyze', 'samples/healthy-vm', '--script', file])).code).toBe(0)
    expect(readFileSync(file, 'utf8')).toContain('none: the script only checks')
  })

  test('usage errors: a bad mode, script options without --script, an unwritable file', async () => {
    for (const argv of [
      ['analyze', 'samples/s1-self-signed-certificate', '--script', join(tmp, 'x.ps1'), '--mode', 'both'],
      ['analyze', 'samples/s1-self-signed-certificate', '--mode', 'online'],
      ['analyze', 'samples/s1-self-signed-certificate', '--script-tls-legacy'],
      ['analyze', 'samples/s1-self-signed-certificate', '--script', join(tmp, 'no', 'such', 'dir', 'x.ps1')],
    ]) {
      const r = await cli(argv)
      expect(r.code, argv.join(' ')).toBe(2)
      expect(r.err, argv.join(' ')).toMatch(/rdp-triage: analyze: (--mode|cannot write)/)
    }
  })

  test('is in the help', async () => {
    const r = await cli(['analyze', '--help'])
    expect(r.out).toContain('--script FILE')
    expect(r.out).toContain('--mode offline|online')
  })
})
