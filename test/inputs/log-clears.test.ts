/**
 * Clears of logs (src/inputs/log-clears.ts): which events record one, what is taken from them,
 * and how the analysis reports them (input notes and logClears, the conclusion for the logs the
 * scenarios read), in-process and on worker threads alike, and on the real corpus.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { analyze } from '../../src/analyze.js'
import { describeLogClear, logClearOf } from '../../src/inputs/log-clears.js'
import type { NormalizedEvent } from '../../src/model/event.js'
import { EvtxWorkerPool } from '../../src/node/worker-pool.js'
import { corpusAvailable, corpusPath } from '../helpers/corpus.js'
import { buildEvtx } from '../helpers/evtx-builder.js'
import { logCleared104, rcm1058 } from '../helpers/rdp-events.js'
import { workerBundle } from '../helpers/worker-bundle.js'

function event(patch: Partial<NormalizedEvent>): NormalizedEvent {
  return {
    provider: 'Microsoft-Windows-Eventlog', providerGuid: '{fc65ddd8-d6ef-4962-83d5-6e5cfe9ce148}', eventSourceName: undefined, eventId: 104, qualifiers: undefined,
    version: 0, level: 4, task: 104, opcode: 0, keywords: '0x8000000000000000', timeCreated: '2021-02-12T12:32:31.0354251Z', timeCreatedMs: Date.UTC(2021, 1, 12, 12, 32, 31, 35.4251),
    recordId: 15392, channel: 'System', computer: 'dc', userId: undefined, data: {}, unnamedData: [], binaryHex: undefined,
    userData: { element: 'LogFileCleared', fields: { SubjectUserName: 'vagrant', SubjectDomainName: 'WINDOMAIN', Channel: 'System', BackupPath: '' } },
    ...patch,
  }
}

describe('logClearOf', () => {
  it('reads the cleared log, the account and the time of Eventlog 104', () => {
    expect(logClearOf(event({}))).toEqual({ channel: 'System', time: '2021-02-12T12:32:31.0354251Z', timeMs: Date.UTC(2021, 1, 12, 12, 32, 31, 35.4251), account: 'WINDOMAIN\\vagrant', recordId: 15392, eventId: 104 })
    expect(logClearOf(event({ userData: { element: 'LogFileCleared', fields: { Channel: 'Microsoft-Windows-TerminalServices-RemoteConnectionManager/Operational' } } }))).toMatchObject({
      channel: 'Microsoft-Windows-TerminalServices-RemoteConnectionManager/Operational',
      account: null,
    })
    expect(logClearOf(event({ userData: { element: 'LogFileCleared', fields: { Channel: 'System', SubjectUserName: 'bob' } } }))?.account).toBe('bob')
  })

  it('takes 1102 as a clear of the log it is written to, and knows the provider by name or GUID', () => {
    expect(logClearOf(event({ eventId: 1102, channel: 'Security', userData: { element: 'LogFileCleared', fields: { SubjectUserName: 'test', SubjectDomainName: 'TESTCOMPUTER' } } }))).toMatchObject({ channel: 'Security', account: 'TESTCOMPUTER\\test', eventId: 1102 })
    expect(logClearOf(event({ provider: undefined }))?.channel).toBe('System')
    expect(logClearOf(event({ provider: 'microsoft-windows-eventlog', providerGuid: undefined }))?.channel).toBe('System')
  })

  it('is undefined for other events and for a 104 that names no log', () => {
    expect(logClearOf(event({ eventId: 105 }))).toBeUndefined()
    expect(logClearOf(event({ provider: 'Schannel', providerGuid: undefined }))).toBeUndefined()
    expect(logClearOf(event({ userData: undefined }))).toBeUndefined()
    expect(logClearOf(event({ userData: { element: 'LogFileCleared', fields: { Channel: '  ' } } }))).toBeUndefined()
  })

  it('describes a clear in one note', () => {
    expect(describeLogClear(logClearOf(event({}))!)).toBe('the log System was cleared at 2021-02-12T12:32:31.0354251Z by WINDOMAIN\\vagrant (Eventlog 104, record 15392): it holds nothing from before then')
  })
})

describe('clears in the analysis', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rdp-triage-clears-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))
  let pool: EvtxWorkerPool
  beforeAll(async () => {
    pool = await EvtxWorkerPool.create({ threads: 2, workerUrl: await workerBundle() })
  })
  afterAll(() => pool.close())
  // Two chunks, so the worker threads scan it too (a file of at least one chunk).
  const events = [
    ...Array.from({ length: 150 }, (_, k) => rcm1058(`2026-11-20T0${Math.floor(k / 60)}:${String(k % 60).padStart(2, '0')}:00Z`)),
    logCleared104('2026-11-20T09:00:00Z', 'System'),
    logCleared104('2026-11-20T09:30:00Z', 'Microsoft-Windows-Sysmon/Operational', 'tony', 'WKS'),
  ]
  const file = join(dir, 'System.evtx')
  writeFileSync(file, buildEvtx(events))

  it('notes each clear on the input, lists it, and names a cleared log the scenarios read in the conclusion, in-process and on worker threads', async () => {
    for (const options of [{}, { pool }]) {
      const report = await analyze([file], options)
      const input = report.inputs[0]!
      expect(input.logClears.map((c) => [c.channel, c.account, c.eventId])).toEqual([
        ['System', 'CONTOSO\\alice', 104],
        ['Microsoft-Windows-Sysmon/Operational', 'WKS\\tony', 104],
      ])
      expect(input.notes.filter((n) => n.startsWith('the log '))).toEqual([
        'the log System was cleared at 2026-11-20T09:00:00.0000000Z by CONTOSO\\alice (Eventlog 104, record 1): it holds nothing from before then',
        'the log Microsoft-Windows-Sysmon/Operational was cleared at 2026-11-20T09:30:00.0000000Z by WKS\\tony (Eventlog 104, record 1): it holds nothing from before then',
      ])
      expect(report.conclusion.summary).toContain('The logs record that System was cleared at 2026-11-20T09:00:00Z by CONTOSO\\alice: events written before then are gone')
      expect(report.conclusion.summary).not.toContain('Sysmon')
      // The rules get only what they want: the two 104s are not examined as events.
      expect(input.recordsExamined).toBe(150)
    }
  })
})

describe('many clears', () => {
  it('keeps the latest ten, and counts the earlier ones', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rdp-triage-clears-'))
    try {
      const clears = Array.from({ length: 12 }, (_, k) => logCleared104(`2026-11-20T${String(k + 1).padStart(2, '0')}:00:00Z`, 'System'))
      // File order is not time order: the latest clear comes first.
      writeFileSync(join(dir, 'System.evtx'), buildEvtx([clears[11]!, ...clears.slice(0, 11)]))
      const report = await analyze([join(dir, 'System.evtx')])
      const input = report.inputs[0]!
      expect(input.logClears.map((c) => c.time?.slice(11, 13))).toEqual(['12', '03', '04', '05', '06', '07', '08', '09', '10', '11'])
      expect(input.notes).toContain('and 2 earlier clears of logs (Eventlog 104 or 1102)')
      expect(report.conclusion.summary).toContain('System was cleared at 2026-11-20T12:00:00Z by CONTOSO\\alice')
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('a clear before the window', () => {
  it('is listed on its input but left out of the conclusion, until the window reaches back past it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rdp-triage-clears-'))
    try {
      const events = [logCleared104('2026-11-10T09:00:00Z', 'System'), ...Array.from({ length: 3 }, (_, k) => rcm1058(`2026-11-20T08:0${k}:00Z`))]
      writeFileSync(join(dir, 'System.evtx'), buildEvtx(events))
      const day = await analyze([join(dir, 'System.evtx')])
      expect(day.inputs[0]?.notes).toContain('the log System was cleared at 2026-11-10T09:00:00.0000000Z by CONTOSO\\alice (Eventlog 104, record 1): it holds nothing from before then')
      expect(day.conclusion.summary).not.toContain('cleared')
      const month = await analyze([join(dir, 'System.evtx')], { window: '30d' })
      expect(month.conclusion.summary).toContain('The logs record that System was cleared at 2026-11-10T09:00:00Z by CONTOSO\\alice: events written before then are gone, and the 30d window starts before that clear')
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe.skipIf(!corpusAvailable)('clears in the real corpus', () => {
  it('finds the System log cleared by WINDOMAIN\\vagrant, and two clears of Sysmon recorded in another System log', async () => {
    const report = await analyze([corpusPath('velociraptor__RDPAuth_System.evtx'), corpusPath('evtx-rs__system.evtx')])
    const clears = report.inputs.map((i) => i.logClears.map((c) => `${c.channel} ${c.time} ${c.account} ${c.recordId}`))
    expect(clears).toEqual([
      ['System 2021-02-12T12:32:31.0354251Z WINDOMAIN\\vagrant 15392'],
      ['Microsoft-Windows-Sysmon/Operational 2017-12-26T13:06:45.1405869Z DESKTOP-2KGM189\\tony 1847', 'Microsoft-Windows-Sysmon/Operational 2017-12-26T13:10:28.7992800Z DESKTOP-2KGM189\\tony 1848'],
    ])
    expect(report.conclusion.summary).toContain('The logs record that System was cleared at 2021-02-12T12:32:31Z by WINDOMAIN\\vagrant')
  })
})
