import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { readZipDirectory, type ZipEntry } from '../../src/archive/zip-directory.js'
import { parseChunk } from '../../src/evtx/chunk.js'
import { readEvtx } from '../../src/evtx/read.js'
import { scanInput } from '../../src/inputs/scan.js'
import type { NormalizedEvent } from '../../src/model/event.js'
import { builtinRules } from '../../src/rules/builtin/index.js'
import { concat, fileHeader, simpleChunk, simpleFile } from '../helpers/chunk-builder.js'
import { CORPUS_SKIP_MESSAGE, corpusAvailable, corpusFiles, corpusPath, readCorpusFile } from '../helpers/corpus.js'
import { buildEvtx, systemEvent } from '../helpers/evtx-builder.js'
import { broker2056, rcm1058 } from '../helpers/rdp-events.js'
import { sampleLogs } from '../helpers/samples.js'
import { buildZip, memoryAccess } from '../helpers/zip-writer.js'

async function scan(name: string, source: string | Uint8Array, strict = false) {
  const events: NormalizedEvent[] = []
  const bytes: number[] = []
  const r = await scanInput({ display: name, source, size: typeof source === 'string' ? undefined : source.byteLength, origin: 'memory' }, builtinRules(), (e) => events.push(e), {
    strict,
    onBytes: (n) => bytes.push(n),
  })
  return { ...r, events, bytes }
}

describe('scanInput on bytes that are not a log', () => {
  it('summarises an unreadable file instead of throwing', async () => {
    const r = await scan('garbage.evtx', new TextEncoder().encode('not an event log'.repeat(500)))
    expect(r.summary.status).toBe('unreadable')
    expect(r.summary.records).toBe(0)
    expect(r.summary.error).toMatch(/./)
    expect(r.summary.channel).toBeNull()
    expect(r.newestMs).toBeUndefined()
  })
})

describe('scanInput on built logs', () => {
  it('dates a wrapped log from its oldest chunk, wherever that chunk is', async () => {
    // Chunk 0 holds the newer records (ids 11-13), chunk 1 the older ones (ids 1-3).
    const wrapped = concat(fileHeader({ chunkCount: 2, nextRecordId: 14 }), simpleChunk(11, 3), simpleChunk(1, 3))
    const r = await scan('System.evtx', wrapped)
    expect(r.summary.timeRange).toEqual({ first: '2025-11-21T00:00:01.0000000Z', last: '2025-11-21T00:00:13.0000000Z' })
    expect(r.summary.recordIds).toEqual({ first: 1, last: 13 })
  })
  it('counts each kind of block, and reports progress at each block\'s end, the last at the file\'s', async () => {
    const r = await scan('System.evtx', concat(fileHeader({ chunkCount: 3, nextRecordId: 7 }), simpleChunk(1, 3), new Uint8Array(0x10000), simpleChunk(4, 3).subarray(0, 300)))
    expect(r.summary.chunks).toEqual({ valid: 1, empty: 1, bad: 0, truncated: 1 })
    expect(r.bytes).toEqual([4096 + 0x10000, 4096 + 0x20000, 4096 + 0x20000 + 300])
  })
  it('counts a chunk cut short by the end of the file as truncated, its records up to the cut read', async () => {
    const cut = concat(fileHeader({ chunkCount: 2, nextRecordId: 61 }), simpleChunk(1, 30), simpleChunk(31, 30).subarray(0, 0x2000))
    const r = await scan('System.evtx', cut)
    expect(r.summary.chunks).toEqual({ valid: 1, empty: 0, bad: 0, truncated: 1 })
    expect(r.summary.records).toBeGreaterThan(30)
    expect(r.summary.status).toBe('damaged')
  })
  it('takes the channel from the file name for a log without records or errors', async () => {
    const r = await scan('Application.evtx', fileHeader({ chunkCount: 0, nextRecordId: 1 }))
    expect(r.summary).toMatchObject({ status: 'ok', records: 0, channel: 'Application', channels: [], notes: [] })
  })
  it('takes the channel most records name, and a file name in another case as agreeing with it', async () => {
    const r = await scan('system.evtx', buildEvtx([rcm1058('2026-11-20T08:00:00Z'), rcm1058('2026-11-20T08:00:01Z'), broker2056('2026-11-20T09:00:00Z')], 1))
    expect(r.summary.channels).toEqual([
      { name: 'System', records: 2 },
      { name: 'Microsoft-Windows-TerminalServices-SessionBroker/Operational', records: 1 },
    ])
    expect(r.summary.channel).toBe('System')
    expect(r.summary.notes).toEqual(['records from 2 channels (a forwarded or merged log)'])
  })
  it('notes a log whose records come from two channels', async () => {
    const r = await scan('System.evtx', buildEvtx([rcm1058('2026-11-20T08:00:00Z'), broker2056('2026-11-20T09:00:00Z')], 1))
    expect(r.summary.channels.map((c) => c.name).sort()).toEqual(['Microsoft-Windows-TerminalServices-SessionBroker/Operational', 'System'])
    expect(r.summary.notes).toContain('records from 2 channels (a forwarded or merged log)')
  })
  it('lists the computers the records name, most records first, and notes a log of several', async () => {
    // One record a chunk: each chunk's first record names its computer.
    const on = (computer: string, time: string) => systemEvent({ provider: 'Service Control Manager', eventId: 7036, time, channel: 'System', computer })
    const renamed = await scan('System.evtx', buildEvtx([on('rdcb01.contoso.local', '2026-11-20T08:00:00Z'), on('rdcb-new.contoso.local', '2026-11-20T09:00:00Z'), on('rdcb-new.contoso.local', '2026-11-20T10:00:00Z')], 1))
    expect(renamed.summary.computers).toEqual([{ name: 'rdcb-new.contoso.local', records: 2 }, { name: 'rdcb01.contoso.local', records: 1 }])
    expect(renamed.summary.notes).toContain('records from 2 computers (rdcb-new.contoso.local, rdcb01.contoso.local): a renamed host, or a forwarded or merged log')
    const forwarded = await scan('ForwardedEvents.evtx', buildEvtx(['d', 'c', 'b', 'a'].map((x) => on(`${x}.contoso.local`, '2026-11-20T08:00:00Z')), 1))
    expect(forwarded.summary.notes).toContain('records from 4 computers (a.contoso.local, b.contoso.local, c.contoso.local and 1 more): a renamed host, or a forwarded or merged log')
    const one = await scan('System.evtx', buildEvtx([on('vm01', '2026-11-20T08:00:00Z'), on('vm01', '2026-11-20T09:00:00Z')], 1))
    expect(one.summary.computers).toEqual([{ name: 'vm01', records: 2 }])
    expect(one.summary.notes.some((n) => n.includes('computers'))).toBe(false)
  })
  it('keeps at most 256 characters of a channel or computer name, so crafted names cannot grow the report past the log', async () => {
    const long = (x: string) => `${x}${'\u{1F5A5}'.repeat(3000)}`
    const events = ['a', 'b'].map((x) => systemEvent({ provider: 'Service Control Manager', eventId: 7036, time: '2026-11-20T08:00:00Z', channel: long(`Ch${x}`), computer: long(x) }))
    const r = await scan('System.evtx', buildEvtx(events, 1))
    expect(r.summary.computers.map((c) => c.name)).toEqual(['a', 'b'].map((x) => `${x}${'\u{1F5A5}'.repeat(127)}…`))
    expect(r.summary.channels.map((c) => c.name.length)).toEqual([256, 256])
    expect(r.summary.channels.every((c) => c.name.startsWith('Ch') && c.name.endsWith('…') && !/[\uD800-\uDBFF]…/.test(c.name))).toBe(true)
  })
  it('notes records read with a template an earlier chunk defines (their own lost to zeros)', async () => {
    // Records 11..13 lost to zeros, the first of which defined the template; the chunk header intact.
    const lost = simpleChunk(11, 40)
    lost.fill(0, 0x200, [...parseChunk(lost)][3]?.chunkOffset)
    const r = await scan('System.evtx', concat(fileHeader({ chunkCount: 2, nextRecordId: 51 }), simpleChunk(1, 10), lost))
    const n = r.summary.diagnostics.byCode.BINXML_TEMPLATE_BORROWED as number
    expect(n).toBeGreaterThan(15)
    expect(r.summary.notes).toContain(`${n} template reference(s) lost with the record that defined them were read with the template an earlier chunk defines under the same id, which fits every value (see diagnostics)`)
    expect((await scan('System.evtx', simpleFile([[1, 10]]))).summary.notes.some((x) => x.includes('template reference'))).toBe(false)
  })
  it('in strict mode calls a file damaged when records came before its first problem, unreadable when none did', async () => {
    const file = concat(fileHeader({ chunkCount: 2, nextRecordId: 7 }), simpleChunk(1, 3), new Uint8Array(0x10000).fill(0x41))
    const r = await scan('System.evtx', file, true)
    expect(r.summary).toMatchObject({ status: 'damaged', records: 3 })
    expect(r.summary.error).toMatch(/EVTX_CHUNK_BAD_MAGIC|chunk/)
  })
})

describe.skipIf(!corpusAvailable)('scanInput on real logs', () => {
  it('reads every record, hands on only the wanted ones, and dates the file', async () => {
    const file = 'dfir-belkasoft__System.evtx'
    let all = 0
    for await (const _ of readEvtx(corpusPath(file))) all++
    const r = await scan(file, corpusPath(file))
    expect(r.summary.records).toBe(all)
    expect(r.summary.recordsExamined).toBe(r.events.length)
    expect(r.events.map((e) => `${e.provider} ${e.eventId}`).sort()[0]).toBe('Microsoft-Windows-TerminalServices-RemoteConnectionManager 1056')
    expect(r.events.every((e) => [1056, 1057, 1058, 36870, 36871, 36872].includes(e.eventId as number))).toBe(true)
    expect(r.summary.channel).toBe('System')
    expect(r.summary.channels).toEqual([{ name: 'System', records: all }])
    expect(r.summary.timeRange?.last).toMatch(/^\d{4}-\d\d-\d\dT.*Z$/)
    expect(r.newestTime).toBe(r.summary.timeRange?.last)
    expect(r.summary.status).toBe('ok')
    expect(r.summary.diagnostics.byCode.EVTX_FILE_DIRTY).toBe(1)
    // Renamed twice: the name Windows setup gave it, a new name, then the same name joined to a domain.
    expect(r.summary.computers.map((c) => c.name)).toEqual(['DESKTOP-23PS6ES.praivacymatrix.com', 'DESKTOP-23PS6ES', 'WIN-AN5B2T7E4GI'])
    expect(r.summary.notes).toEqual([
      'records from 3 computers (DESKTOP-23PS6ES.praivacymatrix.com, DESKTOP-23PS6ES, WIN-AN5B2T7E4GI): a renamed host, or a forwarded or merged log',
      "1 chunk(s) hold whole records of an earlier use of the chunk (a wrap or a clear) in their unused space; they are not part of the log and were not analyzed ('rdp-triage dump --leftover-records' prints them)",
    ])
    expect(r.bytes.at(-1)).toBeGreaterThan(0)
  })
  it('says when the file name and the records disagree on the channel', async () => {
    const r = await scan('Application.evtx', readCorpusFile('velociraptor__RDPAuth_System.evtx'))
    expect(r.summary.channel).toBe('System')
    expect(r.summary.fileNameChannel).toBe('Application')
    expect(r.summary.notes[0]).toMatch(/file name stands for channel "Application" but its records are from "System"/)
    const prefixed = await scan('host1__System.evtx', readCorpusFile('velociraptor__RDPAuth_System.evtx'))
    expect(prefixed.summary.notes.filter((n) => n.includes('channel'))).toEqual([])
  })
  it('reads past damage and reports it', async () => {
    const r = await scan('x.evtx', corpusPath('evtx-rs__sample_with_a_bad_chunk_magic.evtx'))
    expect(r.summary.status).toBe('damaged')
    expect(r.summary.records).toBeGreaterThan(200)
    expect(r.summary.diagnostics.byCode.EVTX_CHUNK_BAD_MAGIC).toBeGreaterThan(0)
    expect(r.summary.diagnostics.items.length).toBeLessThanOrEqual(20)
    expect(r.summary.notes.join()).toMatch(/some records could not be read/)
  })
  it('in strict mode stops the file at its first problem and says so', async () => {
    const r = await scan('x.evtx', corpusPath('evtx-rs__sample_with_a_bad_chunk_magic.evtx'), true)
    expect(r.summary.error).toMatch(/./)
    expect(['damaged', 'unreadable']).toContain(r.summary.status)
  })
})
if (!corpusAvailable) it.skip(CORPUS_SKIP_MESSAGE, () => {})

describe.skipIf(!corpusAvailable)('scanInput on a log whose header hides chunks', () => {
  it('notes the stale header', async () => {
    const r = await scan('System.evtx', corpusPath('evtx-rs__2-vss_7-System.evtx'))
    expect(r.summary.notes).toEqual([
      'stale file header (file header declares 4 chunks, but 11 chunks hold records; all were read): a reader that trusts the header would miss the newest records',
      "1 chunk(s) hold whole records of an earlier use of the chunk (a wrap or a clear) in their unused space; they are not part of the log and were not analyzed ('rdp-triage dump --leftover-records' prints them)",
    ])
  })
})

describe('scanInput on an incomplete copy', () => {
  /** Two chunks of 30 records, the header's counts right, cut after the first chunk. */
  function cutCopy(sizeCopiesBroken = 0): Uint8Array {
    const bytes = simpleFile([[1, 30], [31, 30]])
    const view = new DataView(bytes.buffer)
    let pos = 4096 + 512
    for (let k = 0; k < sizeCopiesBroken; k++) {
      const size = view.getUint32(pos + 4, true)
      view.setUint32(pos + size - 4, size + 8, true)
      pos += size
    }
    return bytes.slice(0, 4096 + 0x10000)
  }
  const facts = 'it holds 1 of the 2 chunks its header declares; its header says records up to id 60 were written, but the highest id read is 30 (30 newer records missing or unreadable)'

  it('calls it damaged and says what it lost', async () => {
    const r = await scan('System.evtx', cutCopy())
    expect(r.summary.records).toBe(30)
    expect(r.summary.status).toBe('damaged')
    expect(r.summary.diagnostics.byCode).toEqual({ EVTX_FILE_INCOMPLETE: 1 })
    expect(r.summary.notes).toEqual([`incomplete copy (${facts}): events it lost cannot be checked, so a scenario not found in it may still be current`])
  })

  it('says so when the diagnostics kept are full before the end of the file', async () => {
    const r = await scan('System.evtx', cutCopy(25))
    expect(r.summary.diagnostics.byCode).toEqual({ EVTX_RECORD_SIZE_COPY_MISMATCH: 25, EVTX_FILE_INCOMPLETE: 1 })
    expect(r.summary.diagnostics.items).toHaveLength(20)
    expect(r.summary.notes).toEqual([`incomplete copy (${facts}): events it lost cannot be checked, so a scenario not found in it may still be current`])
  })
})

describe('scanInput on a newest time out of line with the last-written record', () => {
  const FIVE_YEARS = 5n * 365n * 86_400n * 10_000_000n
  it('says so and names the last-written time to give --now', async () => {
    // Record 3 of 8 was written, per its header, five years later than every other record.
    const bytes = simpleFile([[1, 8]])
    const view = new DataView(bytes.buffer)
    let pos = 4096 + 512
    for (let k = 1; k < 3; k++) pos += view.getUint32(pos + 4, true)
    view.setBigUint64(pos + 16, view.getBigUint64(pos + 16, true) + FIVE_YEARS, true)
    const r = await scan('System.evtx', bytes)
    expect(r.newestTime).toBe('2030-11-20T00:00:03.0000000Z')
    expect(r.summary.notes).toEqual([
      'the newest written time, 2030-11-20T00:00:03.0000000Z, is 1825.0 days after that of the last-written record (record 8, 2025-11-21T00:00:08.0000000Z): a damaged time or a clock set back. When it ends the window, a failure logged since may look stale; --now 2025-11-21T00:00:08.0000000Z ends the window at the last-written record instead',
    ])
    // A day's difference is left alone (clocks are set back by hours).
    const near = simpleFile([[1, 8]])
    const nearView = new DataView(near.buffer)
    nearView.setBigUint64(pos + 16, nearView.getBigUint64(pos + 16, true) + 86_000n * 10_000_000n, true)
    expect((await scan('System.evtx', near)).summary.notes).toEqual([])
  })

  it('is said of no sample log', async () => {
    for (const [name, path] of sampleLogs()) expect((await scan(name, path)).summary.notes.filter((n) => n.includes('newest written time')), name).toEqual([])
  })

  it.skipIf(!corpusAvailable)('is said of no corpus log (four hold records without written times, one is cut)', async () => {
    for (const name of corpusFiles()) expect((await scan(name, corpusPath(name))).summary.notes.filter((n) => n.includes('newest written time')), name).toEqual([])
  })
})

describe('scanInput on a log in a ZIP archive', () => {
  const root = mkdtempSync(join(tmpdir(), 'rdp-triage-scan-'))
  afterAll(() => rmSync(root, { recursive: true, force: true }))

  it('summarises an entry that fails its CRC-32 after a bad block with that error alone, not the note on unreadable records', async () => {
    const log = concat(fileHeader({ chunkCount: 2, nextRecordId: 4 }), simpleChunk(1, 3), new Uint8Array(0x10000).fill(0x41))
    const zip = buildZip({ entries: [{ name: 'System.evtx', data: log, stated: { crc32: 1 } }] })
    const path = join(root, 'logs.zip')
    writeFileSync(path, zip)
    const entry = (await readZipDirectory(memoryAccess(zip))).entries[0] as ZipEntry
    const r = await scanInput({ display: `${path}!/System.evtx`, source: { archive: path, entry }, size: entry.size, origin: 'archive' }, builtinRules(), () => undefined)
    expect(r.summary).toMatchObject({ status: 'damaged', records: 3, chunks: { valid: 1, empty: 0, bad: 1, truncated: 0 }, notes: [] })
    expect(r.summary.error).toMatch(/CRC-32 is 0x[0-9a-f]{8} where the archive states 0x00000001/)
  })
  it('puts what discovery notes about the entry first among its notes', async () => {
    const zip = buildZip({ entries: [{ name: 'System.evtx', data: fileHeader({ chunkCount: 0, nextRecordId: 1 }) }] })
    const path = join(root, 'noted.zip')
    writeFileSync(path, zip)
    const entry = (await readZipDirectory(memoryAccess(zip))).entries[0] as ZipEntry
    const r = await scanInput({ display: `${path}!/System.evtx#2`, source: { archive: path, entry }, size: entry.size, origin: 'archive', note: 'one of 2 entries' }, builtinRules(), () => undefined)
    expect(r.summary).toMatchObject({ status: 'ok', channel: 'System', notes: ['one of 2 entries'] })
  })
})
