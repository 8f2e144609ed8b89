/**
 * A hostile log's text (terminal escapes, backspaces, carriage returns, forged lines) never
 * reaches a person's terminal raw: the text and Markdown reports, `query /f:text` and stderr
 * lines show it as escapes (src/report/visible.ts), and the JSON report keeps it as data.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../../src/cli/run.js'
import { buildEvtx, systemEvent } from '../helpers/evtx-builder.js'
import { memoryIo } from '../helpers/io.js'
import { RCM } from '../helpers/rdp-events.js'

const ESC = '\u001b'
const HOSTILE_STATUS = `Access ${ESC}[31mdenied\b\bx\r\n[STATUS]::SUCCESS ![x](http://tracker.example/p.png) <img src=x> [click](http://evil.example) C:\\Windows\\`
const HOSTILE_COMPUTER = `vm${ESC}]0;pwned\u0007${ESC}[2J01\r\nFAKE LINE`
/** Characters that move the cursor, ring, erase or reorder (line breaks are checked apart). */
const RAW = /[\u0000-\u0008\u000b-\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/

let dir = ''
let log = ''

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'rdp-triage-hostile-text-'))
  log = join(dir, 'System.evtx')
  const event = systemEvent({ provider: RCM, eventSourceName: 'TermService', eventId: 1058, qualifiers: 49152, level: 2, keywords: 0x80000000000000n, time: '2026-11-20T10:00:00Z', channel: 'System', computer: HOSTILE_COMPUTER, data: [{ t: 'string', v: HOSTILE_STATUS }] })
  writeFileSync(log, buildEvtx([event]))
})

afterAll(() => rmSync(dir, { recursive: true, force: true }))

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = memoryIo()
  const code = await runCli(args, io)
  return { code, out: io.out(), err: io.err() }
}

describe('text from a hostile log', () => {
  it('the text and Markdown reports show it as escapes, and no line is forged', async () => {
    for (const format of ['text', 'markdown']) {
      const r = await run(['analyze', log, '--format', format])
      expect(r.code).toBe(1)
      expect(r.out).not.toMatch(RAW)
      expect(r.out).not.toContain('\r')
      expect(r.out).not.toMatch(/^\[STATUS\]::SUCCESS/m)
      expect(r.out).toContain(format === 'text' ? 'Access \\x1b[31mdenied\\x08\\x08x\\r\\n[STATUS]::SUCCESS' : 'Access \\x1b\\[31mdenied\\x08\\x08x\\r\\n\\[STATUS\\]::SUCCESS')
    }
  })

  it('the Markdown report gives a log no link, image or HTML', async () => {
    const r = await run(['analyze', log, '--format', 'markdown'])
    // Nothing unescaped: a backslash before each bracket makes it plain text.
    expect(r.out).not.toMatch(/(?<!\\)\[x(?<!\\)\]\(/)
    expect(r.out).not.toMatch(/(?<!\\)<img/)
    expect(r.out).not.toMatch(/(?<!\\)\[click/)
    // Escaped, so a Markdown viewer shows the text as the log has it.
    expect(r.out).toContain('!\\[x\\](http://tracker.example/p.png) \\<img src=x\\> \\[click\\](http://evil.example)')
    // Every link left is one of the report's own documentation links.
    for (const m of r.out.matchAll(/(?<!\\)\[[^\]]*\]\(([^)]*)\)/g)) expect(m[1]).toMatch(/^https:\/\/learn\.microsoft\.com\//)
  })

  it('the Markdown conclusion, which names a damaged input, gives its file name no link either', async () => {
    const named = join(dir, '[x](http:', 'tracker.example', 'p.png)')
    mkdirSync(named, { recursive: true })
    const damaged = join(named, 'System.evtx')
    // Cut after its only chunk's header: an incomplete copy, so the conclusion names it.
    writeFileSync(damaged, buildEvtx([systemEvent({ provider: RCM, eventSourceName: 'TermService', eventId: 1056, qualifiers: 16384, level: 4, keywords: 0x80000000000000n, time: '2026-11-20T10:00:00Z', channel: 'System', data: [] })]).slice(0, 4096))
    const r = await run(['analyze', damaged, '--format', 'markdown'])
    const conclusion = r.out.split('\n').find((l) => l.startsWith('**Conclusion:**')) as string
    expect(conclusion).toContain('is an incomplete copy')
    expect(conclusion).toContain('\\[x\\](http:')
    expect(conclusion).not.toMatch(/(?<!\\)\[x(?<!\\)\]\(/)
  })

  it('the JSON report keeps the data as it is', async () => {
    const r = await run(['analyze', log, '--format', 'json'])
    const report = JSON.parse(r.out) as { findings: Array<{ facts: Record<string, { values: string[] }> }> }
    expect(report.findings[0]?.facts.statusText?.values).toEqual([HOSTILE_STATUS])
  })

  it("query /f:text shows the computer's escapes and keeps only the description's own line breaks", async () => {
    const r = await run(['query', log, '-f', 'text'])
    expect(r.code).toBe(0)
    expect(r.out).not.toMatch(RAW)
    expect(r.out).toContain('  Computer: vm\\x1b]0;pwned\\x07\\x1b[2J01\\r\\nFAKE LINE\n')
    expect(r.out).not.toMatch(/^FAKE LINE/m)
  })

  it("info's text shows a file name with escapes in it as escapes", async () => {
    const name = join(dir, `info${ESC}]0;pwned\u0007${ESC}[2J.evtx`)
    writeFileSync(name, buildEvtx([systemEvent({ provider: RCM, eventId: 1058, time: '2026-11-20T10:00:00Z', channel: 'System' })]))
    const r = await run(['info', name])
    expect(r.code).toBe(0)
    expect(r.out).not.toMatch(RAW)
    expect(r.out).toContain('info\\x1b]0;pwned\\x07\\x1b[2J.evtx (')
  })

  it('a diagnostic naming a file with escapes in its name stays one visible line', async () => {
    const name = join(dir, `bad${ESC}[2Jname.evtx`)
    writeFileSync(name, new Uint8Array(4096 + 0x10000).fill(0x41, 4096, 4096 + 8))
    const r = await run(['dump', name])
    expect(r.err).not.toMatch(RAW)
    expect(r.err).toContain('bad\\x1b[2Jname.evtx')
  })
})
