import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { afterAll, describe, expect, it } from 'vitest'
import { runCli } from '../../src/cli/run.js'
import { ReportSchema } from '../../src/report/schema.js'
import { CORPUS_DIR, CORPUS_SKIP_MESSAGE, corpusAvailable, corpusPath } from '../helpers/corpus.js'
import { concat, fileHeader } from '../helpers/chunk-builder.js'
import { buildEvtx } from '../helpers/evtx-builder.js'
import { chunkOf, fixCrcs, hide } from '../helpers/hidden.js'
import { CLEARED_SYSTEM_LOG_NOTE, chunkWith, clearedSystemLog, writtenOver } from '../helpers/leftovers.js'
import { memoryIo } from '../helpers/io.js'
import { SAMPLES_DIR } from '../helpers/samples.js'
import { buildZip } from '../helpers/zip-writer.js'
import { rcm1058 } from '../helpers/rdp-events.js'

const tmp = mkdtempSync(join(tmpdir(), 'rdp-triage-cli-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

async function cli(argv: string[], env?: Record<string, string | undefined>, tty = false) {
  const io = memoryIo(env, tty)
  const code = await runCli(argv, io)
  return { code, out: io.out(), err: io.err() }
}

describe('rdp-triage analyze: usage', () => {
  it('is listed in the main help and has its own', async () => {
    expect((await cli(['--help'])).out).toMatch(/analyze +diagnose why RDP fails/)
    const help = await cli(['analyze', '--help'])
    expect(help.code).toBe(0)
    expect(help.out).toMatch(/--format text\|json\|markdown/)
    expect(help.out).toMatch(/Exit codes: 0 no scenario found/)
  })
  it('exits 2 with one line for usage errors', async () => {
    for (const argv of [['analyze'], ['analyze', 'x.evtx', '--format', 'xml'], ['analyze', 'x.evtx', '--window', 'soon'], ['analyze', 'x.evtx', '--now', 'yesterday'], ['analyze', 'x.evtx', '--now', '2026-02-30'], ['analyze', 'x.evtx', '--now', '9999-12-31T23:00:00-05:00'], ['analyze', 'x.evtx', '--now', '1600-12-31'], ['analyze', 'x.evtx', '--window', '300000w'], ['analyze', 'x.evtx', '--bogus']]) {
      const r = await cli(argv)
      expect(r.code, argv.join(' ')).toBe(2)
      expect(r.err, argv.join(' ')).toMatch(/^rdp-triage: analyze: [^\n]+\n$/)
      expect(r.out).toBe('')
    }
  })
  it('takes --mode and --script-tls-legacy only with --script', async () => {
    for (const option of [['--mode', 'online'], ['--script-tls-legacy']]) {
      const r = await cli(['analyze', 'x.evtx', ...option])
      expect([r.code, r.out, r.err]).toEqual([2, '', "rdp-triage: analyze: --mode and --script-tls-legacy need --script FILE (see 'rdp-triage analyze --help')\n"])
    }
  })
  it('exits 2 when no input is a readable log, and 0 or 1 as the findings say when one is', async () => {
    const gzipped = join(tmp, 'System.evtx')
    writeFileSync(gzipped, gzipSync(buildEvtx([rcm1058('2026-11-20T08:00:00Z', 'Access is denied.')])))
    const none = await cli(['analyze', gzipped])
    expect(none.code).toBe(2)
    expect(none.out).toContain('Nothing could be analyzed: none of the inputs is a readable event log.')
    expect(none.err).toMatch(/System\.evtx: unreadable: not an EVTX file: signature is 1f 8b /)
    expect(none.err).toMatch(/rdp-triage: analyze: none of the inputs is a readable event log, so nothing was checked\n$/)
    const readable = join(tmp, 'readable', 'System.evtx')
    mkdirSync(join(tmp, 'readable'))
    writeFileSync(readable, buildEvtx([rcm1058('2026-11-20T08:00:00Z', 'Access is denied.')]))
    const some = await cli(['analyze', gzipped, readable])
    expect(some.code).toBe(1)
    expect(some.err).not.toContain('none of the inputs')
  })
  it('reads the logs in a ZIP archive, naming each by the archive and its path in it', async () => {
    const zip = join(tmp, 'CaseLogs.zip')
    writeFileSync(zip, buildZip({ entries: [{ name: 'F/Windows/System32/winevt/Logs/System.evtx', data: buildEvtx([rcm1058('2026-11-20T08:00:00Z', 'Access is denied.')]) }] }))
    const r = await cli(['analyze', zip])
    expect(r.code).toBe(1)
    expect(r.out).toContain(`${zip}!/F/Windows/System32/winevt/Logs/System.evtx #`)
    const json = await cli(['analyze', zip, '--format', 'json'])
    expect(ReportSchema.parse(JSON.parse(json.out)).inputs.map((i) => [i.file, i.origin, i.status])).toEqual([[`${zip}!/F/Windows/System32/winevt/Logs/System.evtx`, 'archive', 'ok']])
    // The other commands read .evtx files only, and say that analyze reads the archive.
    const dump = await cli(['dump', zip])
    expect(dump.code).toBe(2)
    expect(dump.err).toMatch(/it looks like a ZIP archive: extract the \.evtx files from it first \(rdp-triage analyze reads the \.evtx files in a ZIP archive as it is\)/)
  })
  it('notes records an earlier use of a chunk left in its unused space, without analyzing them or counting the log as damaged', async () => {
    const folder = join(tmp, 'leftovers')
    mkdirSync(folder)
    const old = chunkWith(Array.from({ length: 40 }, (_, k) => 100 + k), (id) => id)
    writeFileSync(join(folder, 'System.evtx'), concat(fileHeader({ chunkCount: 1, nextRecordId: 4 }), writtenOver(old, chunkWith([1, 2, 3], (id) => 1000 + id))))
    const json = await cli(['analyze', folder, '--format', 'json'])
    expect(json.code).toBe(0)
    const input = ReportSchema.parse(JSON.parse(json.out)).inputs[0]!
    expect(input).toMatchObject({ status: 'ok', records: 3, recordIds: { first: 1, last: 3 } })
    expect(input.notes).toContain("1 chunk(s) hold whole records of an earlier use of the chunk (a wrap or a clear) in their unused space; they are not part of the log and were not analyzed ('rdp-triage dump --leftover-records' prints them)")
  })
  it('names the scenario events among records left from before a clear, without finding anything on them', async () => {
    const folder = join(tmp, 'cleared')
    mkdirSync(folder)
    writeFileSync(join(folder, 'System.evtx'), clearedSystemLog())
    const json = await cli(['analyze', folder, '--format', 'json'])
    expect(json.code).toBe(0)
    const report = ReportSchema.parse(JSON.parse(json.out))
    const input = report.inputs[0]!
    expect(input).toMatchObject({ status: 'ok', records: 3 })
    expect(report.scenarios.map((x) => x.status)).toEqual(['absent', 'absent', 'absent'])
    expect(report.findings).toEqual([])
    expect(input.notes).toContain(CLEARED_SYSTEM_LOG_NOTE)
    expect(input.leftoverFailures).toEqual([{ scenario: 'S1', count: 30, first: '2026-11-01T08:00:10.0000000Z', last: '2026-11-01T08:00:39.0000000Z' }])
    // No finding, but the conclusion points at what is left of S1.
    expect(report.conclusion.summary).toContain(
      `S1 was not found in the logs, but the records a wrap or a clear left in the unused space of ${join(folder, 'System.evtx')} hold 30 of its failure event(s) (written 2026-11-01T08:00:10Z to 2026-11-01T08:00:39Z): they are not part of the log, so they were not analyzed; after a clear they may be all that is left of the problem ('rdp-triage dump --leftover-records' prints them; see "Inputs").`,
    )
  })
  it('says when a log was edited to hide records, and counts it as damaged', async () => {
    const edited = join(tmp, 'edited')
    mkdirSync(edited)
    writeFileSync(join(edited, 'System.evtx'), concat(fileHeader({ chunkCount: 1, nextRecordId: 6 }), hide(chunkOf(6), 1, 1, true)))
    const json = await cli(['analyze', edited, '--format', 'json'])
    expect(json.code).toBe(0)
    const input = ReportSchema.parse(JSON.parse(json.out)).inputs[0]!
    expect(input).toMatchObject({ status: 'damaged', records: 5 })
    expect(input.notes.join('\n')).toMatch(/1 record\(s\) hold records hidden inside them .*the hidden records were not analyzed/)
    const text = await cli(['analyze', edited])
    expect(text.out).toContain('System.evtx was edited to hide records: events in what could not be read, or was hidden, were not checked')
    expect(text.out).toMatch(/damaged: 1 warning\(s\), records hidden by editing/)
    expect(text.err).toContain('EVTX_RECORD_HIDDEN x1')
    // The hidden record wiped afterwards: the grown size alone tells.
    const clean = chunkOf(6)
    const wiped = hide(clean, 1, 1, true)
    wiped.fill(0, (clean.offsets[2] as number) - 4, (clean.offsets[3] as number) - 4)
    fixCrcs(wiped)
    writeFileSync(join(edited, 'System.evtx'), concat(fileHeader({ chunkCount: 1, nextRecordId: 6 }), wiped))
    const wipedInput = ReportSchema.parse(JSON.parse((await cli(['analyze', edited, '--format', 'json'])).out)).inputs[0]!
    expect(wipedInput).toMatchObject({ status: 'damaged', records: 5 })
    expect(wipedInput.notes.join('\n')).toMatch(/1 record\(s\) end their document with room for a whole record and none there .*what was hidden cannot be read/)
  })

  it('keeps the verdict when a ZIP archive was damaged and read around, as for a damaged log; --strict exits 2', async () => {
    const s1 = join(SAMPLES_DIR, 's1-self-signed-certificate')
    const whole = buildZip({ entries: readdirSync(s1).filter((f) => f.endsWith('.evtx')).map((f) => ({ name: `Logs/${f}`, data: readFileSync(join(s1, f)) })) })
    // Cut where its central directory starts: every log whole, found from its local header.
    const cut = join(tmp, 'cut.zip')
    writeFileSync(cut, whole.subarray(0, Buffer.from(whole).indexOf('PK\x01\x02')))
    const r = await cli(['analyze', cut])
    expect(r.code).toBe(1)
    expect(r.err).toMatch(new RegExp(`^rdp-triage: warning: ${cut}: damaged ZIP archive: no central directory`, 'm'))
    expect((await cli(['analyze', cut, '--strict'])).code).toBe(2)
    // An archive that gives no log is no input read around: still 2.
    const empty = join(tmp, 'empty.zip')
    writeFileSync(empty, buildZip({ entries: [{ name: 'notes.txt', data: new Uint8Array(3) }] }))
    const withEmpty = await cli(['analyze', cut, empty])
    expect(withEmpty.code).toBe(2)
    expect(withEmpty.err).toContain(`rdp-triage: ${empty}: no .evtx entries in this ZIP archive`)
    // Found in a folder of logs, such an archive is skipped as the folder's other files are.
    const folder = join(tmp, 'logs-and-stray-zip')
    mkdirSync(folder)
    for (const f of readdirSync(s1)) if (f.endsWith('.evtx')) writeFileSync(join(folder, f), readFileSync(join(s1, f)))
    writeFileSync(join(folder, 'tools.zip'), buildZip({ entries: [{ name: 'notes.txt', data: new Uint8Array(3) }] }))
    const stray = await cli(['analyze', folder])
    expect(stray.code).toBe(1)
    expect(stray.err).not.toContain('tools.zip')
  })

  it('exits 2 when ZIP entries were refused for sharing bytes (a zip bomb), the rest still read and reported', async () => {
    const s1 = join(SAMPLES_DIR, 's1-self-signed-certificate')
    const logs = readdirSync(s1).filter((f) => f.endsWith('.evtx'))
    const system = readFileSync(join(s1, 'System.evtx'))
    // A second directory entry pointing at the first one's local header (offset 0): its bytes again.
    const copy = { name: 'copy/System.evtx', data: new Uint8Array(0), stated: { offset: 0, size: system.length, compressedSize: system.length } }
    const bomb = join(tmp, 'bomb.zip')
    writeFileSync(bomb, buildZip({ entries: [{ name: 'System.evtx', data: system, method: 0 }, copy, ...logs.filter((f) => f !== 'System.evtx').map((f) => ({ name: f, data: readFileSync(join(s1, f)) }))] }))
    const r = await cli(['analyze', bomb])
    expect(r.code).toBe(2)
    expect(r.err).toMatch(new RegExp(`^rdp-triage: ${bomb}: 1 entry whose bytes overlap another entry's was not read`, 'm'))
    expect(r.out).toContain('S1 found')
  })

  it('exits 2 when no log is found', async () => {
    const r = await cli(['analyze', join(tmp, 'missing')])
    expect(r.code).toBe(2)
    expect(r.err).toContain('no such file or folder')
    expect(r.err).toContain('analyze: no .evtx file found')
  })
})

describe.skipIf(!corpusAvailable)('rdp-triage analyze on real logs', () => {
  const system = corpusPath('velociraptor__RDPAuth_System.evtx')
  it('prints the text report and exits 0 when no scenario is found', async () => {
    const r = await cli(['analyze', system])
    expect(r.code).toBe(0)
    expect(r.out).toMatch(/^rdp-triage report\n\nNo known RDP failure scenario is current in the 24h window/)
    expect(r.out).not.toMatch(/\u001b/)
    expect(r.err).toBe('')
  })
  it('prints JSON that is a valid report, and Markdown', async () => {
    const json = await cli(['analyze', system, '--format', 'json', '--window', '48h', '--now', '2021-02-13T00:00:00Z'])
    const report = ReportSchema.parse(JSON.parse(json.out))
    expect(report.analysis.window.duration).toBe('2d')
    expect(report.analysis.anchor).toBe('2021-02-13T00:00:00.0000000Z')
    const md = await cli(['analyze', system, '--format', 'markdown'])
    expect(md.out).toMatch(/^# RDP triage report\n/)
  })
  it('writes the report to --out and says so on stderr', async () => {
    const out = join(tmp, 'report.md')
    const r = await cli(['analyze', system, '--format', 'markdown', '--out', out])
    expect(r.code).toBe(0)
    expect(r.out).toBe('')
    expect(r.err).toBe(`rdp-triage: report written to ${out}\n`)
    expect(readFileSync(out, 'utf8')).toMatch(/^# RDP triage report/)
  })
  it('colours only a terminal without NO_COLOR', async () => {
    expect((await cli(['analyze', system], {}, true)).out).toMatch(/\u001b\[1mrdp-triage report/)
    expect((await cli(['analyze', system], { NO_COLOR: '1' }, true)).out).not.toMatch(/\u001b/)
    // NO_COLOR set but empty does not count (no-color.org).
    expect((await cli(['analyze', system], { NO_COLOR: '' }, true)).out).toMatch(/\u001b\[1mrdp-triage report/)
    expect((await cli(['analyze', system], {}, false)).out).not.toMatch(/\u001b/)
  })
  it('warns on stderr about damaged inputs but still analyzes them; --strict makes that exit 2', async () => {
    const damaged = corpusPath('evtx-rs__sample_with_a_bad_chunk_magic.evtx')
    const r = await cli(['analyze', damaged, system])
    expect(r.code).toBe(0)
    expect(r.err).toMatch(/^rdp-triage: warning: .*sample_with_a_bad_chunk_magic\.evtx: \d+ error\(s\), \d+ warning\(s\) while reading \(.*EVTX_CHUNK_BAD_MAGIC x2/m)
    const strict = await cli(['analyze', damaged, system, '--strict', '--format', 'json'])
    expect(strict.code).toBe(2)
    const report = ReportSchema.parse(JSON.parse(strict.out))
    expect(report.analysis.strict).toBe(true)
    expect(report.inputs[0]?.error).toMatch(/./)
  })
  it('reports a missing path on stderr, analyzes the rest, and exits 2', async () => {
    const r = await cli(['analyze', join(tmp, 'nope.evtx'), system, '--format', 'json'])
    expect(r.code).toBe(2)
    expect(r.err).toContain('nope.evtx: no such file or folder')
    expect(ReportSchema.parse(JSON.parse(r.out)).inputs).toHaveLength(1)
  })
  it('reads a whole folder', async () => {
    const r = await cli(['analyze', join(CORPUS_DIR, 'files'), '--format', 'json'])
    expect(r.code).toBe(0)
    expect(JSON.parse(r.out).inputs.length).toBeGreaterThan(50)
  })
})
if (!corpusAvailable) it.skip(CORPUS_SKIP_MESSAGE, () => {})
