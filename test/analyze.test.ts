/**
 * The library entry point on real logs: every corpus file is read completely and shows none of
 * the three scenarios (none of these public logs contains them), and options behave; on a
 * caller's worker pool the report is the same.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { analyze } from '../src/analyze.js'
import { readEvtx } from '../src/evtx/read.js'
import { EvtxWorkerPool } from '../src/node/worker-pool.js'
import { RuleError } from '../src/rules/errors.js'
import { renderReportText } from '../src/report/render-text.js'
import { ReportSchema } from '../src/report/schema.js'
import { CORPUS_DIR, CORPUS_SKIP_MESSAGE, corpusAvailable, corpusFiles, corpusPath, readCorpusFile } from './helpers/corpus.js'
import { minimalRuleSet } from './helpers/rules.js'
import { SAMPLES_DIR } from './helpers/samples.js'
import { workerBundle } from './helpers/worker-bundle.js'
import { buildChunk, buildEvtx, systemEvent, ticks } from './helpers/evtx-builder.js'
import { RCM, rcm1058 } from './helpers/rdp-events.js'
import { buildZip, memoryAccess, type ZipEntrySpec } from './helpers/zip-writer.js'
import { readZipDirectory } from '../src/archive/zip-directory.js'

interface ManifestFile {
  name: string
  records: { ok: number }
}

describe.skipIf(!corpusAvailable)('analyze on the real-log corpus', () => {
  const manifest = corpusAvailable ? (JSON.parse(readFileSync(join(CORPUS_DIR, 'MANIFEST.json'), 'utf8')) as { files: ManifestFile[] }) : { files: [] }
  for (const name of corpusFiles()) {
    it(`${name}: every record read, no scenario`, async () => {
      let parsed = 0
      for await (const _ of readEvtx(corpusPath(name), { onDiagnostic: () => {} })) parsed++
      const report = await analyze(corpusPath(name))
      const input = report.inputs[0]
      expect(report.inputs).toHaveLength(1)
      expect(input?.records).toBe(parsed)
      expect(input?.records).toBeGreaterThanOrEqual(manifest.files.find((f) => f.name === name)?.records.ok ?? 0)
      expect(input?.status).not.toBe('unreadable')
      expect(report.findings).toEqual([])
      expect(report.conclusion.found).toEqual([])
      expect(report.scenarios.every((s) => s.status === 'absent')).toBe(true)
    })
  }
  it('reads the whole corpus folder in one run, with no scenario', async () => {
    const report = await analyze(join(CORPUS_DIR, 'files'))
    expect(report.inputs).toHaveLength(corpusFiles().length)
    expect(report.findings).toEqual([])
    expect(report.inputs.reduce((n, i) => n + i.records, 0)).toBeGreaterThan(50_000)
    // Logs of many machines: said, not quietly merged (a renamed host's own logs link its names).
    expect(report.conclusion.summary).toMatch(/ The inputs come from \d+ computers, and no log holds records of two of them/)
    expect(() => ReportSchema.parse(report)).not.toThrow()
  })
  it('finds a real RCM 1056 and 261s, which alone are no scenario: a recovery without a failure, supporting evidence without one', async () => {
    const report = await analyze([corpusPath('dfir-belkasoft__System.evtx'), corpusPath('velociraptor__RDPAuth_RemoteConnectionManager.evtx')])
    expect(report.inputs.map((i) => i.recordsExamined)).toEqual([9, 1])
    expect(report.findings).toEqual([])
  })
  it('runs the whole pipeline with custom rules: a real event becomes a finding with its evidence', async () => {
    const rules = minimalRuleSet((r) => {
      r.signals[0] = {
        id: 'new-cert',
        role: 'failure',
        description: 'RCM 1056 (as a stand-in failure)',
        provider: { guids: ['{c76baa63-ae81-421c-b425-340b4b24157f}'] },
        eventIds: [1056],
        channels: ['System'],
        capture: { thumb: { field: { binary: true }, as: 'thumbprint' } },
      }
      r.confidence[0].anyOf = ['new-cert']
    })
    const report = await analyze(corpusPath('dfir-belkasoft__System.evtx'), { rules, window: '3650d' })
    expect(report.analysis.rules.map((r) => r.id)).toEqual(['demo'])
    expect(report.conclusion.found).toEqual(['S1'])
    const f = report.findings[0]
    const e = f?.evidence.find((x) => x.recordId === 152)
    expect(e).toMatchObject({ eventId: 1056, time: '2020-08-01T18:48:57.4580708Z', computer: 'DESKTOP-23PS6ES', data: { Binary: '1DFAC0D5F7573BF536DAAD08198AED9CDD89A450' } })
    expect(e?.message).toMatch(/The name on this certificate is DESKTOP-23PS6ES\./)
    expect(f?.evidence.map((x) => x.time)).toEqual([...(f?.evidence ?? [])].map((x) => x.time).sort())
    expect(f?.facts.thumb?.values).toContain('1DFAC0D5F7573BF536DAAD08198AED9CDD89A450')
  })
  it('takes in-memory logs, --now and --window', async () => {
    const bytes = readCorpusFile('velociraptor__RDPAuth_System.evtx')
    const report = await analyze([{ name: 'System.evtx', bytes }], { now: '2024-05-01T12:00:00Z', window: '90m' })
    expect(report.inputs[0]).toMatchObject({ file: 'System.evtx', origin: 'memory', channel: 'System', size: bytes.byteLength })
    expect(report.analysis).toMatchObject({ anchor: '2024-05-01T12:00:00.0000000Z', anchorSource: 'now-option', window: { duration: '90m', milliseconds: 5_400_000, start: '2024-05-01T10:30:00.0000000Z' } })
  })
  it('is the same report for the same inputs', async () => {
    const a = await analyze(corpusPath('evtx-rs__system.evtx'))
    expect(await analyze(corpusPath('evtx-rs__system.evtx'))).toEqual(a)
  })
})
if (!corpusAvailable) it.skip(CORPUS_SKIP_MESSAGE, () => {})

describe('analyze without logs', () => {
  it('reports what it could not read instead of throwing', async () => {
    const report = await analyze(['/nonexistent/path', { name: 'junk.evtx', bytes: new Uint8Array(10) }])
    expect(report.inputProblems).toEqual([{ input: '/nonexistent/path', message: 'no such file or folder' }])
    expect(report.inputs[0]?.status).toBe('unreadable')
    expect(report.analysis.anchorSource).toBe('none')
    expect(report.conclusion.summary).toMatch(/^Nothing could be analyzed/)
  })
  it('with now, describes the logs as of that time: events dated after it are left out, and counted in a note', async () => {
    const rcm1056 = (time: string) => systemEvent({ provider: RCM, eventSourceName: 'TermService', eventId: 1056, qualifiers: 16384, level: 4, keywords: 0x80000000000000n, time, channel: 'System', data: [] })
    const bytes = buildEvtx([rcm1058('2026-11-19T08:00:00Z'), rcm1058('2026-11-19T09:00:00Z'), rcm1058('2026-11-20T08:00:00Z'), rcm1056('2026-11-20T09:00:00Z')])
    const at = async (now: string) => {
      const report = await analyze([{ name: 'System.evtx', bytes }], { now })
      return { report, s1: report.findings.find((f) => f.scenario === 'S1'), notes: report.scenarios.find((s) => s.id === 'S1')?.notes ?? [] }
    }
    // Before every event: nothing to find as of then (it said "stale: seen only before the window").
    const before = await at('2026-11-18T00:00:00Z')
    expect(before.s1).toBeUndefined()
    expect(before.notes).toContain('3 failure event(s) dated after the end of the window (2026-11-18T00:00:00.0000000Z, the time given as now), the last at 2026-11-20T08:00:00.0000000Z, were left out: the report describes the logs as of that time.')
    expect(before.report.conclusion.summary).toMatch(/^No known RDP failure scenario is current in the 24h window of the logs\. Events of S1 dated after 2026-11-18T00:00:00Z, the time given as now, were left out \(see the notes\)\./)
    // Between: the two failures before it count, the later one and the recovery do not.
    const between = await at('2026-11-19T12:00:00Z')
    expect(between.s1).toMatchObject({ status: 'current', count: 2, countInWindow: 2, lastSeen: '2026-11-19T09:00:00.0000000Z' })
    expect(between.notes).toEqual([expect.stringMatching(/^1 failure event\(s\) dated after/), expect.stringMatching(/^1 recovery event\(s\) dated after/)])
    // After the failure, before the recovery: current, not resolved, and a note says a recovery followed.
    const open = await at('2026-11-20T08:30:00Z')
    expect(open.s1).toMatchObject({ status: 'current', count: 3 })
    expect(open.notes).toEqual(['1 recovery event(s) dated after the end of the window (2026-11-20T08:30:00.0000000Z, the time given as now) were left out: the failure may have been fixed after that time.'])
    expect(open.report.conclusion.summary).toContain('Events of S1 dated after 2026-11-20T08:30:00Z, the time given as now, were left out (see the notes).')
    // A failure at exactly that time is in the window (both ends are included).
    expect((await at('2026-11-20T08:00:00Z')).s1).toMatchObject({ status: 'current', count: 3, countInWindow: 3 })
    // After everything: resolved, and no note.
    const after = await at('2026-11-20T10:00:00Z')
    expect(after.s1?.status).toBe('resolved')
    expect(after.notes.some((n) => n.includes('dated after'))).toBe(false)
    expect(after.report.conclusion.summary).not.toMatch(/dated after/)
    // Resolved as of then, and recovered again later: nothing to say about the later recovery.
    const again = buildEvtx([rcm1058('2026-11-20T08:00:00Z'), rcm1056('2026-11-20T09:00:00Z'), rcm1056('2026-11-20T11:00:00Z')])
    const resolved = await analyze([{ name: 'System.evtx', bytes: again }], { now: '2026-11-20T10:00:00Z' })
    expect(resolved.findings.map((f) => f.status)).toEqual(['resolved'])
    expect(resolved.scenarios.find((s) => s.id === 'S1')?.notes).toEqual([])
    expect(resolved.conclusion.summary).not.toMatch(/dated after/)
  })
  it('rejects a bad window, a bad time and bad rules', async () => {
    await expect(analyze([], { window: 'soon' })).rejects.toThrow(RangeError)
    await expect(analyze([], { window: -5 })).rejects.toThrow(RangeError)
    await expect(analyze([], { now: 'yesterday' })).rejects.toThrow(RangeError)
    await expect(analyze([], { window: 0.4 })).rejects.toThrow(/at least 1 ms, got 0.4 ms/)
    await expect(analyze([], { window: 1e20 })).rejects.toThrow(/at most 365250d/)
    await expect(analyze([], { now: NaN })).rejects.toThrow(/not a valid time/)
    await expect(analyze([], { now: new Date(8.64e15) })).rejects.toThrow(/from 1601-01-01 to 9999-12-31 UTC .*got \+275760-09-13T00:00:00.000Z/)
    await expect(analyze([], { now: -1e15 })).rejects.toThrow(/got -1000000000000000 ms since 1970-01-01/)
    await expect(analyze([], { rules: { scenarios: [], rules: [] } })).rejects.toThrow(RuleError)
  })
})

describe('analyze over the logs of two computers', () => {
  it('says they come from two computers, and analyzes each sample case alone without saying so', async () => {
    const [s1, s2] = [join(SAMPLES_DIR, 's1-self-signed-certificate'), join(SAMPLES_DIR, 's2-tls-disabled')]
    const both = await analyze([s1, s2])
    expect(both.conclusion.summary).toContain(' The inputs come from 2 computers, and no log holds records of two of them as a renamed host\'s would: rdsh01.contoso.local (2 logs), rdsh02.contoso.local (2 logs). ')
    expect(both.inputs.map((i) => i.computers)).toEqual([
      [{ name: 'rdsh01.contoso.local', records: 35 }],
      [{ name: 'rdsh01.contoso.local', records: 342 }],
      [{ name: 'rdsh02.contoso.local', records: 42 }],
      [{ name: 'rdsh02.contoso.local', records: 377 }],
    ])
    expect((await analyze(s1)).conclusion.summary).not.toMatch(/computers/)
  })
})

describe('analyze on a worker pool', () => {
  it('gives the same report as in-process for every sample case', async () => {
    const pool = await EvtxWorkerPool.create({ threads: 2, workerUrl: await workerBundle() })
    const jobs = vi.spyOn(pool, 'submit')
    try {
      const cases = readdirSync(SAMPLES_DIR).filter((c) => statSync(join(SAMPLES_DIR, c)).isDirectory())
      let found = 0
      for (const c of cases) {
        const dir = join(SAMPLES_DIR, c)
        const [inProcess, onPool] = [await analyze(dir), await analyze(dir, { pool })]
        expect(onPool, c).toEqual(inProcess)
        found += inProcess.conclusion.found.length
        // With a time that leaves later events out, too.
        const asOf = { now: '2026-11-20T10:00:00Z' }
        expect(await analyze(dir, { ...asOf, pool }), `${c} as of 10:00`).toEqual(await analyze(dir, asOf))
      }
      expect(cases.length).toBeGreaterThanOrEqual(8)
      expect(found).toBeGreaterThan(3)
      // The files really were scanned on the workers (every sample file is at least one chunk).
      expect(jobs.mock.calls.length).toBeGreaterThanOrEqual(cases.length)
    } finally {
      await pool.close()
    }
  })
})

describe('analyze on ZIP archives', () => {
  const root = mkdtempSync(join(tmpdir(), 'rdp-triage-analyze-zip-'))
  afterAll(() => rmSync(root, { recursive: true, force: true }))
  /** A sample case's logs zipped under CaseLogs/, each entry changed by `edit`. */
  function zipCase(c: string, edit: (e: ZipEntrySpec) => ZipEntrySpec = (e) => e): string {
    const dir = join(SAMPLES_DIR, c)
    const entries = readdirSync(dir)
      .filter((f) => f.endsWith('.evtx'))
      .sort()
      .map((f) => edit({ name: `CaseLogs/${f}`, data: new Uint8Array(readFileSync(join(dir, f))) }))
    const path = join(root, `${c}.zip`)
    writeFileSync(path, buildZip({ entries }))
    return path
  }
  it('gives the same report for a zipped sample case as for its folder, whatever the case', async () => {
    const cases = readdirSync(SAMPLES_DIR).filter((c) => statSync(join(SAMPLES_DIR, c)).isDirectory())
    let found = 0
    for (const c of cases) {
      const dir = join(SAMPLES_DIR, c)
      const zip = zipCase(c)
      const fromZip = await analyze(zip)
      expect(fromZip.inputs.every((i) => i.origin === 'archive' && i.file.startsWith(`${zip}!/CaseLogs/`)), c).toBe(true)
      const asFolder = JSON.stringify(fromZip).replaceAll(`${zip}!/CaseLogs/`, `${dir}/`).replaceAll('"origin":"archive"', '"origin":"folder"')
      expect(JSON.parse(asFolder), c).toEqual(await analyze(dir))
      found += fromZip.conclusion.found.length
    }
    expect(cases.length).toBeGreaterThanOrEqual(8)
    expect(found).toBeGreaterThan(3)
  })
  it('reads logs in an archive in-process when given a worker pool, with the same report', async () => {
    const zip = zipCase('all-three-scenarios')
    const pool = await EvtxWorkerPool.create({ threads: 2, workerUrl: await workerBundle() })
    const jobs = vi.spyOn(pool, 'submit')
    try {
      expect(await analyze(zip, { pool })).toEqual(await analyze(zip))
      expect(jobs).not.toHaveBeenCalled()
    } finally {
      await pool.close()
    }
  })
  it('keeps the events of an entry whose CRC-32 is wrong, and calls it damaged with the reason', async () => {
    const zip = zipCase('s1-self-signed-certificate', (e) => ({ ...e, stated: { crc32: 1 } }))
    const report = await analyze(zip)
    expect(report.conclusion.found).toEqual(['S1'])
    const system = report.inputs.find((i) => i.file.endsWith('/System.evtx'))
    expect(system?.status).toBe('damaged')
    expect(system?.error).toMatch(/CaseLogs\/System\.evtx's CRC-32 is 0x[0-9a-f]{8} where the archive states 0x00000001: the entry is damaged/)
  })
  it('reads what an archive cut short holds: every entry before the cut, the one it falls in up to it', async () => {
    const dir = join(SAMPLES_DIR, 'all-three-scenarios')
    const zip = zipCase('all-three-scenarios')
    const bytes = readFileSync(zip)
    const directoryAt = bytes.indexOf(Buffer.from('PK\x01\x02'))
    const folder = await analyze(dir)
    // Cut where the directory starts: every log is whole.
    writeFileSync(zip, bytes.subarray(0, directoryAt))
    const whole = await analyze(zip)
    expect(whole.inputProblems).toEqual([{ input: zip, message: expect.stringMatching(/^damaged ZIP archive: no central directory \(a copy cut short loses the directory at its end\): 4 entries found from their local headers/) }])
    expect(whole.conclusion).toEqual(folder.conclusion)
    expect(whole.inputs.map((i) => [i.records, i.status])).toEqual(folder.inputs.map((i) => [i.records, i.status]))
    // Cut inside the last entry, System.evtx, halfway through its data: its records before the cut are read.
    const entries = (await readZipDirectory(memoryAccess(new Uint8Array(bytes)))).entries
    const systemAt = entries.find((e) => e.name === 'CaseLogs/System.evtx')?.localHeaderOffset ?? 0
    expect(entries.at(-1)?.name).toBe('CaseLogs/System.evtx')
    writeFileSync(zip, bytes.subarray(0, Math.floor((systemAt + directoryAt) / 2)))
    const cut = await analyze(zip)
    const system = cut.inputs.find((i) => i.file.endsWith('/System.evtx'))
    const full = folder.inputs.find((i) => i.file.endsWith('/System.evtx'))
    expect(system?.status).toBe('damaged')
    expect(system?.error).toMatch(/System\.evtx's data \(\d+ bytes from \d+\) runs past the end of the archive \(\d+ bytes\): it was cut short after \d+ bytes of the entry/)
    expect(system?.records).toBeGreaterThan(0)
    expect(system?.records).toBeLessThan(full?.records ?? 0)
  })
  it('names an entry it cannot read and what to do, and reads the others', async () => {
    const zip = zipCase('s1-self-signed-certificate', (e) => (e.name.endsWith('/System.evtx') ? { ...e, flags: 1 } : e))
    const report = await analyze(zip)
    const system = report.inputs.find((i) => i.file.endsWith('/System.evtx'))
    expect([system?.status, system?.records]).toEqual(['unreadable', 0])
    expect(system?.error).toMatch(/System\.evtx: it is encrypted: extract it with its password first/)
    expect(report.inputs.filter((i) => i.status === 'ok').length).toBeGreaterThan(0)
  })
})

describe('analyze on damaged record headers and times', () => {
  it('keeps times from the year 10000 on and ids past 2^53 - 1 out of the window, the ranges and the report', async () => {
    const good = [rcm1058('2026-11-20T07:00:00Z'), rcm1058('2026-11-20T07:30:00Z')]
    const year30000 = '+030000-01-01T00:00:00Z'
    const wild = { ...systemEvent({ provider: RCM, eventSourceName: 'TermService', eventId: 1058, qualifiers: 49152, level: 2, keywords: 0x80000000000000n, time: year30000, recordId: 1n << 60n, channel: 'System', data: [{ t: 'string', v: 'Access is denied.' }] }), written: ticks(year30000) }
    // Block 1: two records whose headers say the year 30000 and ids from 2^60 (read as 2^53); the
    // second one's BinXML broken, so a problem is reported at such an id.
    const wildChunk = buildChunk([wild, wild], 2 ** 60)
    const second = 0x200 + new DataView(wildChunk.buffer).getUint32(0x204, true)
    wildChunk[second + 24] = 0xff
    const bytes = new Uint8Array(0x1000 + 2 * 0x10000)
    bytes.set(buildEvtx(good))
    bytes.set(wildChunk, 0x11000)

    const report = await analyze([{ name: 'System.evtx', bytes }])
    expect(ReportSchema.safeParse(report).success).toBe(true)
    expect(report.analysis).toMatchObject({ anchor: '2026-11-20T07:30:00.0000000Z', anchorSource: 'newest-record' })
    expect(report.inputs[0]).toMatchObject({ records: 3, recordIds: { first: 1, last: 2 }, timeRange: { first: '2026-11-20T07:00:00.0000000Z', last: '2026-11-20T07:30:00.0000000Z' }, status: 'damaged' })
    const problem = report.inputs[0]?.diagnostics.items.find((d) => d.location.chunkIndex === 1)
    expect(problem?.location).toMatchObject({ chunkIndex: 1 })
    expect(problem?.location.recordId).toBeUndefined()
    // The readable wild record is evidence without a time or an id; the good ones make S1 current.
    expect(report.scenarios.find((s) => s.id === 'S1')?.status).toBe('current')
    const finding = report.findings.find((f) => f.id === 's1-self-signed-certificate')
    expect(finding?.evidence.map((e) => [e.time, e.recordId, e.inWindow])).toEqual([
      [null, null, false],
      ['2026-11-20T07:00:00.0000000Z', 1, true],
      ['2026-11-20T07:30:00.0000000Z', 1, true],
    ])
  })
})

describe('analyze on an incomplete copy', () => {
  it('says the failures the copy lost were not checked, where a whole copy finds them', async () => {
    // Two chunks of two events: the certificate failures are in the second, which the copy lost.
    const quiet = (time: string) => systemEvent({ provider: 'Service Control Manager', eventSourceName: 'Service Control Manager', eventId: 7036, qualifiers: 16384, level: 4, keywords: 0x8080000000000000n, time, recordId: 0n, channel: 'System', data: [{ t: 'string', v: 'Windows Update' }, { t: 'string', v: 'running' }] })
    const whole = buildEvtx([quiet('2026-11-20T06:00:00Z'), quiet('2026-11-20T06:30:00Z'), rcm1058('2026-11-20T07:00:00Z'), rcm1058('2026-11-20T07:30:00Z')], 2)
    const found = await analyze([{ name: 'System.evtx', bytes: whole }], { now: '2026-11-20T08:00:00Z' })
    expect(found.conclusion.found).toEqual(['S1'])
    expect(found.inputs[0]?.status).toBe('ok')

    const report = await analyze([{ name: 'System.evtx', bytes: whole.slice(0, 0x1000 + 0x10000) }], { now: '2026-11-20T08:00:00Z' })
    expect(report.conclusion.found).toEqual([])
    expect(report.inputs[0]).toMatchObject({ records: 2, status: 'damaged', diagnostics: { byCode: { EVTX_FILE_INCOMPLETE: 1 } } })
    expect(report.conclusion.summary).toContain('System.evtx is an incomplete copy: events in what could not be read were not checked (see "Inputs").')
    const text = renderReportText(report)
    expect(text).toMatch(/System\.evtx +System +vm01\.contoso\.test +2 records +damaged: 1 warning\(s\), incomplete copy\n/)
    expect(text).toContain('incomplete copy (it holds 1 of the 2 chunks its header declares; its header says records up to id 4 were written, but the highest id read is 2 (2 newer records missing or unreadable))')
  })

  /** A log of two events of `channel` whose first record's BinXML is broken. */
  function damagedLog(channel: string): Uint8Array {
    const bytes = buildEvtx([0, 1].map((k) => ({ ...rcm1058(`2026-11-20T07:${k}0:00Z`), ...(channel === 'System' ? {} : systemEvent({ provider: 'Microsoft-Windows-Sysmon', eventSourceName: 'Sysmon', eventId: 1, qualifiers: 0, level: 4, keywords: 0x8000000000000000n, time: `2026-11-20T07:${k}0:00Z`, recordId: 0n, channel, data: [] })) })))
    bytes[0x1000 + 0x200 + 24] = 0xff // the first record's BinXML
    return bytes
  }

  it('says a damaged log the scenarios read is damaged in the conclusion, and is silent there on others', async () => {
    const report = await analyze([{ name: 'System.evtx', bytes: damagedLog('System') }], { now: '2026-11-20T08:00:00Z' })
    expect(report.inputs[0]?.status).toBe('damaged')
    expect(report.conclusion.summary).toContain('System.evtx is damaged: events in what could not be read were not checked (see "Inputs").')
    // A damaged Sysmon log is listed under the inputs, not in the conclusion.
    const other = await analyze([{ name: 'Sysmon.evtx', bytes: damagedLog('Microsoft-Windows-Sysmon/Operational') }], { now: '2026-11-20T08:00:00Z' })
    expect(other.inputs[0]).toMatchObject({ status: 'damaged', channel: 'Microsoft-Windows-Sysmon/Operational' })
    expect(other.conclusion.summary).not.toContain('Sysmon.evtx')
    // Three are named; past three, they are counted.
    const three = await analyze([1, 2, 3].map((k) => ({ name: `host${k}__System.evtx`, bytes: damagedLog('System') })), { now: '2026-11-20T08:00:00Z' })
    expect(three.conclusion.summary).toContain('host1__System.evtx is damaged, host2__System.evtx is damaged, host3__System.evtx is damaged: events in what could not be read')
    const many = await analyze([1, 2, 3, 4].map((k) => ({ name: `host${k}__System.evtx`, bytes: damagedLog('System') })), { now: '2026-11-20T08:00:00Z' })
    expect(many.conclusion.summary).toContain('4 of the logs the scenarios read are damaged or incomplete copies: events in what could not be read were not checked (see "Inputs").')
  })
})
