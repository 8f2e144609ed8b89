import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { parseEvtx } from '../../src/evtx/parse.js'
import type { EvtxRecord } from '../../src/evtx/record.js'
import { readEvtx } from '../../src/evtx/read.js'
import { readProviderAndEventId, readSystem } from '../../src/access/system.js'
import { normalizeRecord, readPayload } from '../../src/model/from-record.js'
import { type NormalizedEvent, normalizeGuid } from '../../src/model/event.js'
import { recordPayloadTree, type XmlElement } from '../../src/render/tree.js'
import { CORPUS_SKIP_MESSAGE, corpusAvailable, corpusFiles, corpusPath, readCorpusFile } from '../helpers/corpus.js'
import { oddRecords } from '../helpers/odd-template.js'
import { payloadRecords } from '../helpers/payload-template.js'
import { sampleLogs } from '../helpers/samples.js'
import { type BuiltEvent, buildEvtx, type Sub, systemEvent, ticks, type XElement } from '../helpers/evtx-builder.js'

const el = (name: string, attributes: Record<string, string>, ...children: Array<XmlElement | string>): XmlElement => ({ name, attributes, children })

describe('readPayload', () => {
  it('splits EventData into named fields, unnamed values in order, and Binary', () => {
    const p = readPayload(
      el('Event', {}, el('System', {}), el('EventData', {}, el('Data', {}, 'first'), el('Data', { Name: 'Type' }, 'server'), el('Data', {}, 'second'), el('Data', { Name: 'Type' }, 'dup'), el('Binary', {}, '1dfa'))),
    )
    expect(p.data).toEqual({ Type: 'server' })
    expect(p.unnamedData).toEqual(['first', 'second'])
    expect(p.binaryHex).toBe('1DFA')
    expect(p.userData).toBeUndefined()
  })
  it('reads UserData/EventXML children by name, keeping their case', () => {
    const p = readPayload(el('Event', {}, el('UserData', {}, el('EventXML', { xmlns: 'Event_NS' }, el('Param1', {}, 'vagrant'), el('Param2', {}), el('listenerName', {}, 'RDP-Tcp')))))
    expect(p.userData).toEqual({ element: 'EventXML', fields: { Param1: 'vagrant', Param2: '', listenerName: 'RDP-Tcp' } })
  })
  it('takes any field name from the log as a plain field, first occurrence first', () => {
    const p = readPayload(
      el('Event', {}, el('EventData', {}, el('Data', { Name: 'toString' }, 'a'), el('Data', { Name: '__proto__' }, 'b'), el('Data', { Name: 'constructor' }, 'c'), el('Data', { Name: '__proto__' }, 'dup'))),
    )
    expect(Object.keys(p.data)).toEqual(['toString', '__proto__', 'constructor'])
    expect([p.data.toString, p.data['__proto__'], p.data.constructor]).toEqual(['a', 'b', 'c'])
    expect(Object.getPrototypeOf(p.data)).toBe(Object.prototype)
    const u = readPayload(el('Event', {}, el('UserData', {}, el('EventXML', {}, el('hasOwnProperty', {}, 'x')))))
    expect(u.userData?.fields).toEqual({ hasOwnProperty: 'x' })
  })
  it('gives no UserData for a UserData element with no element inside', () => {
    expect(readPayload(el('Event', {}, el('UserData', {}, 'text only'))).userData).toBeUndefined()
  })
  it('keeps empty Data values and ignores empty Binary', () => {
    const p = readPayload(el('Event', {}, el('EventData', {}, el('Data', { Name: 'x' }), el('Binary', {}))))
    expect(p.data).toEqual({ x: '' })
    expect(p.binaryHex).toBeUndefined()
  })
})

/**
 * The normalized event built the plain way: every System field through readSystem, the payload
 * from the element tree. normalizeRecord reads only the fields it keeps and the payload from the
 * nodes, and must give exactly this.
 */
function reference(record: EvtxRecord, fallbackChannel: string): NormalizedEvent {
  const s = readSystem(record)
  // An empty System text is an absent one.
  const t = (v: string | undefined) => (v === '' ? undefined : v)
  return {
    provider: t(s.provider),
    providerGuid: normalizeGuid(s.providerGuid),
    eventSourceName: t(s.eventSourceName),
    eventId: s.eventId,
    qualifiers: s.qualifiers,
    version: s.version,
    level: s.level,
    task: s.task,
    opcode: s.opcode,
    keywords: t(s.keywords),
    timeCreated: s.timeCreatedMs === undefined ? record.writtenTime : s.timeCreated,
    timeCreatedMs: s.timeCreatedMs ?? record.writtenTimeMs,
    recordId: s.eventRecordId ?? record.recordId,
    channel: t(s.channel) ?? fallbackChannel,
    computer: t(s.computer),
    userId: t(s.userId),
    ...readPayload(recordPayloadTree(record)),
  }
}

function sameAsReference(name: string, records: Iterable<EvtxRecord>): number {
  let n = 0
  for (const r of records) {
    expect(normalizeRecord(r, 'fallback'), `${name} record ${r.recordId}`).toStrictEqual(reference(r, 'fallback'))
    n++
  }
  return n
}

describe('normalizeRecord', () => {
  it('equals the plain reading on the corner templates and every sample record', () => {
    let n = sameAsReference('odd template', oddRecords()) + sameAsReference('payload template', payloadRecords())
    for (const [name, path] of sampleLogs()) n += sameAsReference(name, parseEvtx(new Uint8Array(readFileSync(path))))
    expect(n).toBeGreaterThan(100)
  })
  it.skipIf(!corpusAvailable)('equals the plain reading on every corpus record', () => {
    let n = 0
    for (const name of corpusFiles()) n += sameAsReference(name, parseEvtx(readCorpusFile(name)))
    expect(n).toBeGreaterThan(50_000)
  })
})

async function firstEvent(file: string, eventId: number, provider?: string): Promise<NormalizedEvent | undefined> {
  for await (const r of readEvtx(corpusPath(file))) {
    const [p, id] = readProviderAndEventId(r)
    if (id === eventId && (provider === undefined || p === provider)) return normalizeRecord(r, 'fallback')
  }
  return undefined
}

describe.skipIf(!corpusAvailable)('normalizeRecord on real records', () => {
  it('reads a classic RCM 1056: unnamed host name, SHA1 Binary, qualifiers, uppercase GUID normalized', async () => {
    const e = await firstEvent('dfir-belkasoft__System.evtx', 1056)
    expect(e).toMatchObject({
      provider: 'Microsoft-Windows-TerminalServices-RemoteConnectionManager',
      providerGuid: '{c76baa63-ae81-421c-b425-340b4b24157f}',
      eventSourceName: 'TermService',
      eventId: 1056,
      qualifiers: 49152,
      channel: 'System',
      unnamedData: ['DESKTOP-23PS6ES'],
      binaryHex: '1DFAC0D5F7573BF536DAAD08198AED9CDD89A450',
      data: {},
      recordId: 152,
      timeCreated: '2020-08-01T18:48:57.4580708Z',
    })
  })
  it('reads an RCM Operational 261 from UserData', async () => {
    const e = await firstEvent('velociraptor__RDPAuth_RemoteConnectionManager.evtx', 261)
    expect(e?.userData).toEqual({ element: 'EventXML', fields: { listenerName: 'RDP-Tcp' } })
    expect(e?.userId).toBe('S-1-5-20')
    expect(e?.channel).toBe('Microsoft-Windows-TerminalServices-RemoteConnectionManager/Operational')
  })
  it('reads named Data fields', async () => {
    const e = await firstEvent('dfir-belkasoft__System.evtx', 1012, 'Microsoft-Windows-DNS-Client')
    expect(e?.data).toEqual({ ErrorCode: '3221225485', Location: '0', Context: '0' })
    expect(e?.unnamedData).toEqual([])
  })
})
if (!corpusAvailable) it.skip(CORPUS_SKIP_MESSAGE, () => {})

describe('what mutation round s32 found unchecked', () => {
  const YEAR_10000 = '+010000-01-01T00:00:00Z'
  const built = (time: string, written: string, recordId?: bigint) => ({ ...systemEvent({ provider: 'P', eventId: 1, channel: 'System', time, ...(recordId === undefined ? {} : { recordId }) }), written: ticks(written) })
  const normalized = (...events: BuiltEvent[]) => [...parseEvtx(buildEvtx(events))].map((r) => normalizeRecord(r, 'fallback'))

  it('reads prefixed EventData and UserData element names by their local names', () => {
    const p = readPayload(el('Event', {}, el('evt:EventData', {}, el('Data', { Name: 'a' }, '1')), el('evt:UserData', {}, el('ns:EventXML', {}, el('ns:Param1', {}, 'v')))))
    expect(p.data).toEqual({ a: '1' })
    expect(p.userData).toEqual({ element: 'EventXML', fields: { Param1: 'v' } })
  })
  it('takes the written time for a TimeCreated from the year 10000 on, and no time when both are past it', () => {
    const [late, both] = normalized(built(YEAR_10000, '2026-11-20T08:00:00Z'), built(YEAR_10000, YEAR_10000))
    expect([late?.timeCreated, late?.timeCreatedMs]).toEqual(['2026-11-20T08:00:00.0000000Z', Date.parse('2026-11-20T08:00:00Z')])
    expect([both?.timeCreated, both?.timeCreatedMs]).toEqual([undefined, undefined])
  })
  it('gives an empty or Null System text as absent, so a record with an empty Channel takes the one its file name stands for', () => {
    const empty = { ...systemEvent({ provider: '', eventId: 36871, channel: '', computer: '', time: '2026-11-20T08:00:00Z' }), written: ticks('2026-11-20T08:00:00Z') }
    const built = systemEvent({ provider: 'Schannel', eventId: 36871, channel: 'x', time: '2026-11-20T08:00:00Z' })
    const [system, ...payload] = built.event.children as XElement[]
    const nullChannel = (c: XElement | Sub | string): XElement | Sub | string => (typeof c !== 'string' && 'name' in c && c.name === 'Channel' ? { name: 'Channel', children: [{ sub: { t: 'null' } }] } : c)
    const withNull: BuiltEvent = { ...built, event: { ...built.event, children: [{ ...(system as XElement), children: (system?.children ?? []).map(nullChannel) }, ...payload] } }
    const [a, b] = normalized(empty, withNull)
    expect([a?.provider, a?.channel, a?.computer]).toEqual([undefined, 'fallback', undefined])
    expect([b?.provider, b?.channel]).toEqual(['Schannel', 'fallback'])
  })
  it("takes the record's id for an EventRecordID past 2^53 - 1, whether a value or text", () => {
    const asText: BuiltEvent = { event: { name: 'Event', children: [{ name: 'System', children: [{ name: 'EventRecordID', children: ['9007199254740993'] }] }] } }
    const [value, text] = normalized(built('2026-11-20T08:00:00Z', '2026-11-20T08:00:00Z', 2n ** 53n), asText)
    expect([value?.recordId, text?.recordId]).toEqual([1, 2])
  })
})
