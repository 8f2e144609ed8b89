import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MAX_RUNS } from '../../src/cli/query-plan.js'
import { runCli } from '../../src/cli/run.js'
import { bombChunk, overLimitChunk } from '../helpers/bombs.js'
import { buildChunk, buildEvtx } from '../helpers/evtx-builder.js'
import { chunkOfIds, concat, fileHeader, simpleChunk } from '../helpers/chunk-builder.js'
import { memoryIo } from '../helpers/io.js'
import { broker2056, brokerClient1296, RCM, rcm1058, schannel } from '../helpers/rdp-events.js'

let dir = ''
const SB = 'Microsoft-Windows-TerminalServices-SessionBroker%4Operational.evtx'

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'rdp-triage-query-'))
  mkdirSync(join(dir, 'wrapped'))
  writeFileSync(join(dir, 'System.evtx'), buildEvtx([
    rcm1058('2026-11-19T07:00:00Z', 'Keyset does not exist'),
    rcm1058('2026-11-20T08:00:00Z'),
    schannel(36870, '2026-11-20T08:00:01Z', [['Type', { t: 'string', v: 'server' }], ['ErrorCode', { t: 'hex32', v: 0x8009030d }], ['ErrorStatus', { t: 'uint32', v: 10001 }]]),
    rcm1058('2026-11-20T09:00:00Z', 'Object already exists.'),
  ]))
  writeFileSync(join(dir, SB), buildEvtx([broker2056('2026-11-20T08:30:00Z')]))
  // A circular log that has wrapped: its newest chunk (records 4-6) first in the file.
  const events = [1, 2, 3, 4, 5, 6].map((i) => rcm1058(`2026-11-2${i}T08:00:00Z`, `status ${i}`))
  const wrapped = buildEvtx(events, 3)
  wrapped.set(buildChunk(events.slice(3), 4), 0x1000)
  wrapped.set(buildChunk(events.slice(0, 3), 1), 0x11000)
  writeFileSync(join(dir, 'wrapped', 'System.evtx'), wrapped)
  // 40 events whose times do not follow their record ids, in 4 chunks.
  const many = Array.from({ length: 40 }, (_, i) => rcm1058(`2026-11-20T08:${String((i * 17) % 60).padStart(2, '0')}:00Z`, `many ${i}`))
  writeFileSync(join(dir, 'wrapped', 'Many.evtx'), buildEvtx(many, 10))
  // Merged by time, Tie's one event goes between Burst's 15th and 16th (same time, earlier log
  // first), so Burst's last three end the merge though their times are the earliest.
  writeFileSync(join(dir, 'wrapped', 'Tie.evtx'), buildEvtx([rcm1058('2026-11-20T08:30:00Z', 'tie')]))
  writeFileSync(join(dir, 'wrapped', 'Burst.evtx'), buildEvtx(Array.from({ length: 18 }, (_, i) => rcm1058(i === 14 ? '2026-11-20T08:30:00Z' : '2026-11-20T08:00:00Z', `burst ${i}`))))
  // 18 chunks, each older than the one before it: more ascending runs than a plan follows.
  const shuffled = Array.from({ length: 18 }, (_, k) => [100 - 2 * k, 101 - 2 * k])
  writeFileSync(join(dir, 'wrapped', 'Shuffled.evtx'), concat(fileHeader({ chunkCount: 18, nextRecordId: 102 }), ...shuffled.map((ids) => chunkOfIds(ids))))
  writeFileSync(join(dir, 'Microsoft-Windows-TerminalServices-SessionBroker-Client%4Operational.evtx'), buildEvtx([brokerClient1296('2026-11-20T08:31:00Z')]))
})

afterAll(() => rmSync(dir, { recursive: true, force: true }))

async function run(...args: string[]) {
  const io = { ...memoryIo(), cwd: dir }
  const code = await runCli(['query', ...args], io)
  return { code, out: io.out(), err: io.err() }
}

const q1058 = `Event[System[Provider[@Name='${RCM}'] and EventID=1058 and TimeCreated[timediff(@SystemTime) <= 86400000]]]`

describe('rdp-triage query', () => {
  it("runs a documented wevtutil line with the log named as wevtutil names it", async () => {
    const r = await run('system', '--logs', '.', '/c:1', '/f:text', `/q:${q1058}`)
    expect(r.code).toBe(0)
    expect(r.out.match(/^Event\[\d+\]:$/gm)).toEqual(['Event[0]:'])
    expect(r.out).toContain('  Date: 2026-11-20T08:00:00.0000000Z\n  Event ID: 1058\n')
    expect(r.out).toContain('The relevant status code was Access is denied..')
    expect(r.err).toBe('rdp-triage: note: timediff() counts back from 2026-11-20T09:00:00.0000000Z, the newest event in the queried logs; set another time with --now\n')
  })

  it('returns newest first with --rd, and every match without -c', async () => {
    const newest = await run('System.evtx', '--rd', '-c', '1', '--xpath', q1058)
    expect(newest.out).toContain('Object already exists.')
    const all = await run('System.evtx', '--xpath', q1058)
    expect(all.out.match(/^Event\[\d+\]:$/gm)).toEqual(['Event[0]:', 'Event[1]:'])
    const later = await run('System.evtx', '--now', '2026-11-21T08:30:00Z', '--xpath', q1058)
    expect(later.out).toContain('Object already exists.')
    expect(later.out.match(/^Event\[\d+\]:$/gm)).toHaveLength(1)
    expect(later.err).toBe('')
  })

  it("warns about the article's stray spaces and says which log holds the event", async () => {
    const r = await run('system', '--logs', '.', '/c:1', '/f:text', "/q:Event[System[Provider[@Name=' Microsoft-Windows-TerminalServices-SessionBroker '] and EventID=2056 and TimeCreated[timediff(@SystemTime) <= 86400000]]]")
    expect(r.code).toBe(0)
    expect(r.out).toBe('')
    expect(r.err).toContain("warning: provider name ' Microsoft-Windows-TerminalServices-SessionBroker ' (column 29) has spaces")
    expect(r.err).toContain("Did you mean 'Microsoft-Windows-TerminalServices-SessionBroker'?")
    expect(r.err).toContain(`note: no event in System.evtx matches, but with the provider name corrected, 1 event in ${SB} (log Microsoft-Windows-TerminalServices-SessionBroker/Operational) does: Microsoft-Windows-TerminalServices-SessionBroker writes to Microsoft-Windows-TerminalServices-SessionBroker/Operational, not System.`)
  })

  it('says the corrected query matches in the queried log, and never sends the user to that same log', async () => {
    const r = await run('system', '--logs', '.', '/f:text', `/q:*[System[Provider[@Name=' ${RCM} '] and EventID=1058]]`)
    expect(r.code).toBe(0)
    expect(r.out).toBe('')
    expect(r.err).toContain('note: with the provider name corrected, 3 events in System.evtx match\n')
    // Other logs holding 1058 may be named; the queried one is not among them.
    expect(r.err).not.toMatch(/ in System\.evtx \(log /)
  })

  it("returns a wrapped log's events in record order, oldest or newest first, counted", async () => {
    const ids = async (...args: string[]) => {
      const r = await run('wrapped/System.evtx', '--format', 'json', ...args)
      expect(r.code).toBe(0)
      return (JSON.parse(r.out) as Array<{ record: { id: number } }>).map((e) => e.record.id)
    }
    expect(await ids()).toEqual([1, 2, 3, 4, 5, 6])
    expect(await ids('-c', '4')).toEqual([1, 2, 3, 4])
    expect(await ids('--rd')).toEqual([6, 5, 4, 3, 2, 1])
    expect(await ids('--rd', '-c', '2')).toEqual([6, 5])
    expect(await ids('-q', "*[EventData[Data='status 5' or Data='status 2']]", '--rd')).toEqual([5, 2])
    const text = await run('wrapped/System.evtx', '--rd', '-c', '2')
    expect(text.out.match(/^Event\[\d+\]:$|^  Date: .*$/gm)).toEqual(['Event[0]:', '  Date: 2026-11-26T08:00:00.0000000Z', 'Event[1]:', '  Date: 2026-11-25T08:00:00.0000000Z'])
    expect(JSON.parse((await run('wrapped/System.evtx', '-c', '0', '--format', 'json')).out)).toEqual([])
  })

  it(`orders a log whose ids are out of order in more than ${MAX_RUNS} places by reading it again`, async () => {
    const ids = async (...args: string[]) => (JSON.parse((await run('wrapped/Shuffled.evtx', '--format', 'json', ...args)).out) as Array<{ record: { id: number } }>).map((e) => e.record.id)
    const all = Array.from({ length: 36 }, (_, i) => 66 + i)
    expect(await ids()).toEqual(all)
    expect(await ids('--rd', '-c', '3')).toEqual([101, 100, 99])
    expect(await ids('-c', '2', '-q', '*[System[EventRecordID > 90]]')).toEqual([91, 92])
  })

  it('prints with -c the events it prints without, one log or several, either direction', async () => {
    const events = async (...args: string[]) => JSON.parse((await run(...args, '--format', 'json')).out) as unknown[]
    // Several logs are merged from plans, or from lists when one cannot be planned (Shuffled).
    for (const logs of [['wrapped/Many.evtx'], ['wrapped/Many.evtx', 'System.evtx', 'wrapped/System.evtx'], ['wrapped/Tie.evtx', 'wrapped/Burst.evtx'], ['wrapped/Shuffled.evtx', 'wrapped/System.evtx']]) {
      const forwards = await events(...logs)
      const backwards = await events(...logs, '--rd')
      expect(forwards.length).toBeGreaterThanOrEqual(19)
      expect(backwards).toEqual([...forwards].reverse())
      for (const c of [0, 1, 3, 17, 45]) {
        expect(await events(...logs, '-c', String(c))).toEqual(forwards.slice(0, c))
        expect(await events(...logs, '--rd', '-c', String(c))).toEqual(backwards.slice(0, c))
      }
    }
  })

  it('reports an event it cannot render with its place and prints the others, in every format', async () => {
    // Block 1 holds one record whose template repeats a 2,900-character value 12,000 times: its
    // rendering would pass the 4 MiB limit.
    const bomb = overLimitChunk()
    writeFileSync(join(dir, 'wrapped', 'Bomb.evtx'), concat(fileHeader({ chunkCount: 3, nextRecordId: 13 }), simpleChunk(1, 3), bomb, simpleChunk(10, 3)))
    const xml = await run('wrapped/Bomb.evtx', '--format', 'xml')
    expect(xml.code).toBe(0)
    expect(xml.out.trimEnd().split('\n').map((l) => />event (\d+)</.exec(l)?.[1])).toEqual(['1', '2', '3', '10', '11', '12'])
    expect(xml.err).toBe('wrapped/Bomb.evtx: error LIMIT_EXCEEDED: rendering this record would exceed 4194304 bytes (limits.maxRenderedLength) [file offset 0x11200, chunk 1, chunk offset 0x200, record 1]\n')
    const text = await run('wrapped/Bomb.evtx', '--format', 'text', '-c', '2')
    expect(text.out.match(/^Event\[\d+\]:$/gm)).toEqual(['Event[0]:', 'Event[1]:'])
    // JSON counts characters: the record's 34.8 million pass its limit too (they were printed).
    const json = await run('wrapped/Bomb.evtx', '--format', 'json')
    expect(json.code).toBe(0)
    expect((JSON.parse(json.out) as Array<{ record: { id: number } }>).map((e) => e.record.id)).toEqual([1, 2, 3, 10, 11, 12])
    expect(json.err).toBe('wrapped/Bomb.evtx: error LIMIT_EXCEEDED: rendering this record would exceed 4194304 characters (limits.maxRenderedLength) [file offset 0x11200, chunk 1, chunk offset 0x200, record 1]\n')
  })

  it('reports an event whose text the query cannot read and goes on with the others', async () => {
    // Record 12's Message holds a fragment asking for a billion characters.
    writeFileSync(join(dir, 'wrapped', 'DataBomb.evtx'), concat(fileHeader({ chunkCount: 3, nextRecordId: 16 }), simpleChunk(1, 3), bombChunk('data', 10), simpleChunk(13, 3)))
    const r = await run('wrapped/DataBomb.evtx', '-q', "*[EventData[Data='event 2' or Data='event 14']]", '--format', 'json')
    expect(r.code).toBe(0)
    expect((JSON.parse(r.out) as Array<{ record: { id: number } }>).map((e) => e.record.id)).toEqual([2, 14])
    expect(r.err).toBe('wrapped/DataBomb.evtx: error LIMIT_EXCEEDED: rendering this record would exceed 4194304 characters (limits.maxRenderedLength) [file offset 0x13238, chunk 1, chunk offset 0x2238, record 12]\n')
  })

  it('queries several logs together, merged by time', async () => {
    const r = await run('System.evtx', SB, '--xpath', '*[System[Level=2]]', '--format', 'xml')
    const ids = r.out.trim().split('\n').map((l) => /<EventID[^>]*>(\d+)</.exec(l)?.[1])
    expect(ids).toEqual(['1058', '1058', '36870', '2056', '1058'])
    expect(r.out.split('\n')[0]).toMatch(/^<Event xmlns='http:\/\/schemas.microsoft.com\/win\/2004\/08\/events\/event'><System>/)
  })

  it("puts the XML inside wevtutil's /e: root element, and nothing else changes", async () => {
    const plain = await run('System.evtx', '/q:*[System[Level=2]]', '/f:xml')
    const rooted = await run('System.evtx', '/q:*[System[Level=2]]', '/f:xml', '/e:Events')
    expect(rooted.code).toBe(0)
    expect(rooted.out).toBe(`<Events>\n${plain.out}</Events>\n`)
    expect((await run('System.evtx', '/q:*[System[EventID=1]]', '/f:RenderedXml', '/element:root')).out).toBe('<root>\n</root>\n')
    // It is about XML: text and JSON are printed as without it.
    expect((await run('System.evtx', '/c:2', '/e:Events')).out).toBe((await run('System.evtx', '/c:2')).out)
    const bad = await run('System.evtx', '/f:xml', '/e:a><b')
    expect(bad.code).toBe(2)
    expect(bad.err).toContain("--root (wevtutil's /e) takes an XML element name")
  })

  it('prints JSON with the log of each event', async () => {
    const r = await run('System.evtx', '-q', "*[EventData[Data[@Name='ErrorCode']=0x8009030D]]", '--format', 'json')
    const events = JSON.parse(r.out) as Array<{ log: string; record: { id: number }; Event: { System: { EventID: number } } }>
    expect(events.map((e) => [e.log, e.record.id, e.Event.System.EventID])).toEqual([['System.evtx', 3, 36870]])
    expect(JSON.parse((await run('System.evtx', '-q', '*[System[EventID=1]]', '--format', 'json')).out)).toEqual([])
  })

  it('lets a QueryList pick its logs by Path', async () => {
    const list = `<QueryList><Query Id='0'>
      <Select Path='Microsoft-Windows-TerminalServices-SessionBroker/Operational'>*[System[EventID=2056]]</Select>
      <Select Path='Microsoft-Windows-TerminalServices-SessionBroker-Client/Operational'>*[System[EventID=1296]]</Select>
      <Select Path='System'>*[System[EventID=36870]]</Select><Suppress Path='System'>*[EventData[Data[@Name='Type']='server']]</Suppress>
    </Query></QueryList>`
    const r = await run('--logs', '.', '--xpath', list, '-f', 'xml')
    expect(r.out.trim().split('\n').map((l) => /<EventID[^>]*>(\d+)</.exec(l)?.[1])).toEqual(['2056', '1296'])
    expect(r.err).toBe('')
  })

  it('reports a bad query with a caret under the column, and exits 2', async () => {
    const r = await run('System.evtx', '--xpath', '*[System[EventID=1058]')
    expect(r.code).toBe(2)
    expect(r.out).toBe('')
    expect(r.err).toBe('rdp-triage: query: expected `]`, found the end of the query (column 23)\n  *[System[EventID=1058]\n                        ^\n')
  })

  it('explains how to name a log that is not a file', async () => {
    const r = await run('system', '--xpath', '*')
    expect(r.code).toBe(2)
    expect(r.err).toContain('system: no such file (to name a log as wevtutil does')
    const unknown = await run('security', '--logs', '.')
    expect(unknown.err).toContain("no log 'security' among the 3 .evtx files")
  })

  it('takes --now as a date or NOW, and by default counts back from the newest event of all the queried logs', async () => {
    const ids = (out: string) => (JSON.parse(out) as Array<{ record: { id: number } }>).map((e) => e.record.id)
    const day = await run('System.evtx', '--now', '2026-11-21', '--xpath', q1058, '--format', 'json')
    expect([day.code, ids(day.out), day.err]).toEqual([0, [2, 4], ''])
    const now = await run('System.evtx', '--now', 'NOW', '--xpath', q1058, '--format', 'json')
    expect([now.code, now.err]).toEqual([0, ''])
    // The newest event is System's (09:00), not the Session Broker log's (08:30) named after it.
    const two = await run('System.evtx', SB, '--xpath', q1058, '--format', 'json')
    expect(ids(two.out)).toEqual([2, 4])
    expect(two.err).toBe('rdp-triage: note: timediff() counts back from 2026-11-20T09:00:00.0000000Z, the newest event in the queried logs; set another time with --now\n')
  })

  it('queries once a log that two QueryList paths name (its channel, its file), and warns about a path no log holds', async () => {
    const list = "<QueryList><Query Id='0'><Select Path='System'>*[System[EventID=36870]]</Select><Select Path='file://System.evtx'>*[System[EventID=1058]]</Select><Select Path='Setup'>*</Select></Query></QueryList>"
    const r = await run('--logs', '.', '--xpath', list, '-f', 'json')
    expect((JSON.parse(r.out) as Array<{ record: { id: number } }>).map((e) => e.record.id)).toEqual([1, 2, 3, 4])
    expect(r.err).toBe('rdp-triage: warning: no given log holds Setup\n')
  })

  it('rejects bad option values', async () => {
    expect((await run('System.evtx', '-c', 'x')).err).toContain('--count must be a whole number')
    expect((await run('System.evtx', '--now', 'yesterday')).err).toContain('--now takes a UTC time')
    expect((await run('System.evtx', '--format', 'csv')).err).toContain('--format must be one of text, xml, json')
  })
})
