import { describe, expect, it } from 'vitest'
import { parseEvtx } from '../../src/evtx/parse.js'
import type { EvtxRecord } from '../../src/evtx/record.js'
import { compileQuery } from '../../src/query/compile.js'
import { parseEventTime } from '../../src/query/time.js'
import { type BuiltEvent, buildEvtx, systemEvent, type XElement } from '../helpers/evtx-builder.js'
import { broker2056, brokerClient1296, RCM, rcm1058, schannel } from '../helpers/rdp-events.js'

const NOW = parseEventTime('2026-11-21T08:00:00.0000000Z') as bigint
const events: BuiltEvent[] = [
  rcm1058('2026-11-20T08:00:00.0000000Z'),
  rcm1058('2026-11-20T07:59:59.9990000Z', 'Object already exists.'),
  schannel(36870, '2026-11-20T09:00:00Z', [['Type', { t: 'string', v: 'server' }], ['ErrorCode', { t: 'hex32', v: 0x8009030d }], ['ErrorStatus', { t: 'uint32', v: 10001 }]]),
  schannel(36871, '2026-11-20T09:01:00Z', [['Type', { t: 'string', v: 'client' }], ['ErrorState', { t: 'uint32', v: 10013 }]]),
  broker2056('2026-11-20T10:00:00Z'),
  brokerClient1296('2026-11-20T10:01:00Z'),
]
const records: EvtxRecord[] = [...parseEvtx(buildEvtx(events))]

/** Which of the records (by index) the query selects, as a string of 0/1. */
function hits(q: string, rs: readonly EvtxRecord[] = records, now = NOW): string {
  const c = compileQuery(q)
  return rs.map((r) => (c.matches(r, now) ? '1' : '0')).join('')
}

describe('compileQuery on the article queries', () => {
  it('selects RCM 1058 within 24 hours of the reference time, to the millisecond', () => {
    const q = (id: number) => `Event[System[Provider[@Name='${RCM}'] and EventID=${id} and TimeCreated[timediff(@SystemTime) <= 86400000]]]`
    expect(hits(q(1058))).toBe('100000')
    expect(hits(q(1057))).toBe('000000')
  })

  it('matches nothing when the provider name has stray spaces, as on Windows', () => {
    expect(hits(`Event[System[Provider[@Name=' Microsoft-Windows-TerminalServices-SessionBroker '] and EventID=2056]]`)).toBe('000000')
    expect(hits(`Event[System[Provider[@Name='Microsoft-Windows-TerminalServices-SessionBroker'] and EventID=2056]]`)).toBe('000010')
  })
})

describe('comparisons as Windows types them', () => {
  it.each([
    ['*[System[EventID=1058]]', '110000'],
    ["*[System[EventID='1058']]", '110000'],
    ["*[System[EventID='01058']]", '000000'],
    ['*[System[EventID=01058]]', '110000'],
    ['*[System[EventID>=36870 and EventID<36872]]', '001100'],
    ["*[System[EventID>'2000']]", '001110'],
    ['*[System[Level!=2]]', '000000'],
    ['*[System[Keywords=0x80000000000000]]', '110000'],
    ['*[System[Keywords=36028797018963968]]', '110000'],
    ['*[System[Keywords<0x100000000000000]]', '110000'],
    ["*[EventData[Data[@Name='ErrorCode']=0x8009030D]]", '001000'],
    ["*[EventData[Data[@Name='ErrorCode']='0x8009030d']]", '001000'],
    ["*[EventData[Data[@Name='ErrorCode']='0x8009030D']]", '000000'],
    ["*[System[Security[@UserID='s-1-5-18']]]", '001100'],
    ["*[System[Provider[@Guid='{1F678132-5938-4686-9FDC-C8FF68F15C85}']]]", '001100'],
    ["*[System[Provider[@Guid='1f678132-5938-4686-9fdc-c8ff68f15c85']]]", '001100'],
    ["*[System[TimeCreated[@SystemTime>='2026-11-20T09:00:00.000Z' and @SystemTime<'2026-11-20T10:00:00Z']]]", '001100'],
    ["*[System[TimeCreated[@SystemTime<'2026-11-20T08:00:00Z']]]", '010000'],
    ["*[System[Channel='system']]", '000000'],
    // XPath 1.0 numbers may end in a dot (`1058.` is 1058).
    ['*[System[EventID=1058.]]', '110000'],
    ['*[System[EventID>1058.]]', '001111'],
    // Two literals: text compares exactly, both ways.
    ["*[System['a' != 'b']]", '111111'],
    ["*[System['a' != 'a']]", '000000'],
    ["*[System['a' = 'a']]", '111111'],
  ])('%s', (q, want) => {
    expect(hits(q)).toBe(want)
  })
})

describe('functions', () => {
  it('band() tests any common bit of 64-bit keywords', () => {
    expect(hits('*[System[band(Keywords, 0x80000000000000)]]')).toBe('110000')
    expect(hits('*[System[band(Keywords, 4611686018427387904)]]')).toBe('000011')
    expect(hits('*[System[band(Keywords, 1)]]')).toBe('000000')
  })

  it('timediff() counts whole milliseconds back from the reference time', () => {
    const q = '*[System[TimeCreated[timediff(@SystemTime) <= 86400000]]]'
    expect(hits(q, records, parseEventTime('2026-11-21T08:00:00.0000000Z'))).toBe('101111')
    expect(hits(q, records, parseEventTime('2026-11-21T08:00:00.0009999Z'))).toBe('101111')
    expect(hits(q, records, parseEventTime('2026-11-21T08:00:00.0010000Z'))).toBe('001111')
    expect(hits("*[System[TimeCreated[timediff(@SystemTime, '2026-11-20T09:00:30Z') > 0]]]")).toBe('111000')
  })

  it('says whether a query needs a reference time', () => {
    expect(compileQuery('*[System[TimeCreated[timediff(@SystemTime) <= 1]]]').usesNow).toBe(true)
    expect(compileQuery("*[System[TimeCreated[timediff(@SystemTime, '2026-01-01T00:00:00Z') <= 1]]]").usesNow).toBe(false)
  })

  it('not() negates, and a missing context element makes its predicate false, not true', () => {
    expect(hits('*[System[not(EventID=1058)]]')).toBe('001111')
    expect(hits('*[EventData[not(Data=1)]]')).toBe('111110')
    expect(hits('*[UserData[not(*/param1)]]')).toBe('000000')
    expect(hits('*[not(UserData)]')).toBe('111110')
  })

  it('position() and [n] count among the elements one step selects', () => {
    expect(hits("*[EventData/Data[3]='Logon to the database failed.']")).toBe('000010')
    expect(hits("*[EventData/Data[position()=3]='Logon to the database failed.']")).toBe('000010')
    expect(hits("*[EventData[Data[2]='10013']]")).toBe('000100')
    expect(hits('*[UserData/*/*[3]]')).toBe('000001')
    expect(hits('*[System[1]]')).toBe('111111')
    expect(hits('*[System[2]]')).toBe('000000')
  })

  it('applies a step\'s predicates in order: `[2][@Name=...]` is the second Data if it has that name', () => {
    const ev = systemEvent({ provider: 'P', eventId: 5, time: '2026-11-20T08:00:00Z', channel: 'System', data: [['y', { t: 'string', v: 'c' }], ['x', { t: 'string', v: 'a' }], ['x', { t: 'string', v: 'b' }]] })
    const rs = [...parseEvtx(buildEvtx([ev]))]
    expect(hits("*[EventData/Data[2][@Name='x']='a']", rs)).toBe('1')
    expect(hits("*[EventData/Data[3][@Name='x']='b']", rs)).toBe('1')
    expect(hits("*[EventData/Data[1][@Name='x']]", rs)).toBe('0')
    expect(hits("*[EventData/Data[@Name='x'][2]='b']", rs)).toBe('1')
  })
})

describe('paths', () => {
  it('compares a repeated field existentially, as XPath does', () => {
    expect(hits("*[EventData[Data='NULL']]")).toBe('000010')
    expect(hits("*[EventData[Data!='NULL']]")).toBe('111110')
    expect(hits("*[EventData[Data[@Name='Type' or @Name='ErrorState']='10013']]")).toBe('000100')
  })

  it('reads UserData through a wildcard step, with predicates on its children', () => {
    expect(hits("*[UserData/*[param1='CONTOSO' and param2='alice']]")).toBe('000001')
    expect(hits("*[UserData/EventXML/param3='Remote Desktop Connection Broker is not ready for RPC communication.']")).toBe('000001')
    expect(hits('*[UserData/*[param1=\'CONTOSO\' and param2=\'bob\']]')).toBe('000000')
  })

  it('accepts a top-level path or comparison that starts at the event', () => {
    expect(hits('*')).toBe('111111')
    expect(hits('Event')).toBe('111111')
    expect(hits('*/System/EventID=1296')).toBe('000001')
    expect(hits('Event/UserData')).toBe('000001')
  })

  it('keeps `[@Name=...][n]` apart from `[@Name=...]` when both are read on one template', () => {
    // Both fold to field paths that differ only by the position; the per-template slot cache
    // once keyed them alike, so the second query read the first one's slot.
    const one = systemEvent({ provider: 'P', eventId: 5, time: '2026-11-20T08:00:00Z', channel: 'System', data: [['x', { t: 'string', v: 'a' }], ['y', { t: 'string', v: 'b' }]] })
    const rs = [...parseEvtx(buildEvtx([one]))]
    expect(hits("*[EventData/Data[@Name='x']='a']", rs)).toBe('1')
    expect(hits("*[EventData/Data[@Name='x'][2]='a']", rs)).toBe('0')
    expect(hits("*[EventData/Data[@Name='x'][1]='a']", rs)).toBe('1')
    const fresh = [...parseEvtx(buildEvtx([one]))]
    expect(hits("*[EventData/Data[@Name='x'][2]='a']", fresh)).toBe('0')
    expect(hits("*[EventData/Data[@Name='x'][2]]", fresh)).toBe('0')
  })

  it('treats element names as case-sensitive', () => {
    expect(hits('*[system[EventID=1058]]')).toBe('000000')
  })

  it('reads events without System (a context that does not exist) as not matching', () => {
    const odd: XElement = { name: 'Event', children: [{ name: 'EventData', children: [{ name: 'Data', children: ['x'] }] }] }
    const [r] = [...parseEvtx(buildEvtx([{ event: odd }]))]
    expect(hits('*[System[not(EventID=1)]]', [r as EvtxRecord])).toBe('0')
    expect(hits('*[not(System[EventID=1])]', [r as EvtxRecord])).toBe('1')
    expect(hits("*[EventData[Data='x']]", [r as EvtxRecord])).toBe('1')
  })

  it('evaluates templateless-style literal text the same way as substituted values', () => {
    const literal: XElement = {
      name: 'Event',
      children: [{ name: 'System', children: [{ name: 'EventID', children: ['7036'] }, { name: 'Provider', attrs: [['Name', 'Service Control Manager']] }] }],
    }
    const substituted = systemEvent({ provider: 'Service Control Manager', eventId: 7036, time: '2026-11-20T08:00:00Z', channel: 'System' })
    const rs = [...parseEvtx(buildEvtx([{ event: literal }, substituted]))]
    expect(hits("*[System[Provider[@Name='Service Control Manager'] and EventID=7036]]", rs)).toBe('11')
  })
})

describe('hostile queries', () => {
  it('compiles and evaluates a chain of 50,000 conditions (top level and in a predicate) without exhausting the stack', () => {
    const ids = Array.from({ length: 50_000 }, (_, k) => k + 2000)
    expect(hits(`*[System[${ids.map((k) => `EventID=${k}`).join(' or ')}]]`)).toBe('001110')
    expect(hits(ids.map((k) => `*[System[EventID!=${k}]]`).join(' and '))).toBe('110001')
  })
})

