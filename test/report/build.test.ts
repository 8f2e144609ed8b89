import { describe, expect, it } from 'vitest'
import { makeEvent } from '../../src/model/event.js'
import { buildReport } from '../../src/report/build.js'
import { ReportSchema } from '../../src/report/schema.js'
import { compileRules } from '../../src/rules/compile.js'
import { RuleEngine } from '../../src/rules/engine.js'
import { minimalRuleSet, type RuleData } from '../helpers/rules.js'
import { at, broker2056, client1296, RCM_GUID, RCM_OP, rcm, rcm261, SB_OP, SBC_OP, schannel } from '../helpers/events.js'
import { inputSummary, reportOf } from '../helpers/reports.js'

const SYSTEM = inputSummary('logs/System.evtx', 'System')
const s1 = () => [
  ['logs/System.evtx', rcm(1058, at(0), { status: 'Access is denied.' })],
  ['logs/System.evtx', schannel(36870, at(1), { Type: 'server', ErrorCode: '0x8009030d', ErrorStatus: '10001' }, true)],
] as const

describe('buildReport', () => {
  it('builds a finding with evidence, messages, facts, cause, remedy and links', () => {
    const r = reportOf([...s1()], [SYSTEM])
    expect(r.schemaVersion).toBe(1)
    expect(r.conclusion.found).toEqual(['S1'])
    const f = r.findings[0]
    expect(f).toMatchObject({ id: 's1-self-signed-certificate', scenario: 'S1', status: 'current', inWindow: true, resolved: false, count: 2, countInWindow: 2 })
    expect(f?.confidence.level).toBe('high')
    expect(f?.firstSeen).toBe(at(0))
    expect(f?.evidence[0]).toMatchObject({ file: 'logs/System.evtx', channel: 'System', eventId: 1058, signal: 'rcm-certificate-failure', role: 'failure', inWindow: true, matched: {}, data: { 'Data[1]': 'Access is denied.' } })
    expect(f?.evidence[0]?.message).toMatch(/Access is denied\.$/)
    expect(f?.evidence[1]?.matched).toEqual({ Type: 'server', ErrorCode: '0x8009030d', ErrorStatus: '10001' })
    expect(f?.evidence[1]?.data.CallerProcessImageName).toBe('C:\\Windows\\System32\\lsass.exe')
    expect(f?.facts.statusCode).toEqual({ kind: 'hresult', values: ['0x80070005'] })
    expect(f?.links[0]?.url).toBe('https://learn.microsoft.com/troubleshoot/azure/virtual-machines/windows/event-id-troubleshoot-vm-rdp-connecton#scenario-1')
    expect(f?.remediation.length).toBeGreaterThan(0)
    expect(() => ReportSchema.parse(r)).not.toThrow()
  })
  it('reports each scenario with status and coverage, and the logs that are missing with hints', () => {
    const r = reportOf([...s1()], [SYSTEM])
    expect(r.scenarios.map((s) => [s.id, s.status, s.coverage])).toEqual([
      ['S1', 'current', 'full'],
      ['S2', 'absent', 'full'],
      ['S3', 'absent', 'none'],
    ])
    expect(r.missingLogs.map((m) => [m.fileName, m.neededFor])).toEqual([
      ['Microsoft-Windows-TerminalServices-RemoteConnectionManager%4Operational.evtx', ['S1', 'S2']],
      ['Microsoft-Windows-TerminalServices-RemoteConnectionManager%4Admin.evtx', ['S1']],
      ['Microsoft-Windows-TerminalServices-SessionBroker%4Operational.evtx', ['S3']],
      ['Microsoft-Windows-TerminalServices-SessionBroker-Client%4Operational.evtx', ['S3']],
    ])
    expect(r.missingLogs[2]?.hint).toMatch(/does NOT copy/)
    expect(r.notChecked.map((n) => [n.scenario, n.what])).toEqual([
      ['S2', 'supporting evidence: RemoteConnectionManager 261: the RDP listener received a connection'],
      ['S3', 'SessionBroker 2056: logon to the database failed'],
      ['S3', 'SessionBroker-Client 1296: the Remote Desktop Connection Broker is not ready for RPC communication'],
    ])
    expect(r.conclusion.summary).toMatch(/^S1 found \(current: 2 failure event\(s\) in the 24h window; high confidence\)/)
    expect(r.conclusion.summary).toMatch(/S3 was not checked/)
  })
  it('marks a scenario partly checked when one of its logs is missing', () => {
    const r = reportOf([['c.evtx', client1296(at(0))]], [inputSummary('c.evtx', SBC_OP)])
    const s3 = r.scenarios.find((s) => s.id === 'S3')
    expect(s3).toMatchObject({ status: 'current', coverage: 'partial' })
    expect(r.notChecked.map((n) => n.what)).toContain('SessionBroker 2056: logon to the database failed')
    expect(r.conclusion.summary).not.toMatch(/S3 was only partly checked/)
  })
  it('counts a log with no records as present, and an unreadable one as missing', () => {
    const empty = inputSummary('sb.evtx', SB_OP, { records: 0, channels: [], recordIds: null, timeRange: null })
    const broken = inputSummary('sys.evtx', 'System', { status: 'unreadable', records: 0, channels: [], error: 'not an EVTX file' })
    const r = reportOf([], [empty, broken, inputSummary('c.evtx', SBC_OP)])
    expect(r.missingLogs.map((m) => m.channel)).toContain('System')
    expect(r.missingLogs.map((m) => m.channel)).not.toContain(SB_OP)
    expect(r.scenarios.map((s) => s.coverage)).toEqual(['none', 'none', 'full'])
    expect(r.conclusion.summary).toMatch(/^No known RDP failure scenario is current/)
  })
  it('counts the logs its records are from as present, not only the one its file name stands for', () => {
    const r = reportOf([], [inputSummary('System.evtx', 'System', { channels: [{ name: 'System', records: 5 }, { name: SB_OP, records: 5 }] })])
    expect(r.missingLogs.map((m) => m.channel)).not.toContain(SB_OP)
    expect(r.missingLogs.map((m) => m.channel)).toContain(SBC_OP)
  })
  it('says so when nothing could be read', () => {
    const r = reportOf([], [inputSummary('x.evtx', 'System', { status: 'unreadable', channels: [], records: 0 })])
    expect(r.conclusion.summary).toBe('Nothing could be analyzed: none of the inputs is a readable event log.')
    expect(r.notChecked.every((n) => n.why === 'no readable log among the inputs')).toBe(true)
  })
  it('lists resolved and stale findings with their notes, and ignored look-alikes', () => {
    const thumb = '2972BB044D96DF2871BA034C95DE2770B9024B94'
    const resolved = reportOf([...s1(), ['logs/System.evtx', rcm(1056, at(20), { status: 'host', binary: thumb })]], [SYSTEM])
    expect(resolved.conclusion).toMatchObject({ found: [], resolved: ['S1'] })
    expect(resolved.findings[0]?.recovery).toMatchObject({ eventId: 1056, role: 'recovery', time: at(20) })
    expect(resolved.findings[0]?.notes[0]).toMatch(/^Resolved: RemoteConnectionManager 1056/)
    expect(resolved.conclusion.summary).toMatch(/S1 resolved: failure events up to .* were followed by recovery at /)
    const stale = reportOf([...s1()], [SYSTEM], at(60 * 48))
    expect(stale.findings[0]?.status).toBe('stale')
    expect(stale.findings[0]?.notes[0]).toMatch(/^All failure events are older than the window/)
    expect(stale.conclusion.found).toEqual(['S1'])
    const noise = reportOf([['logs/System.evtx', schannel(36871, at(0), { Type: 'client', ErrorState: '10013' })]], [SYSTEM])
    expect(noise.findings).toEqual([])
    expect(noise.scenarios[1]?.notes[0]).toMatch(/^1 event\(s\) ignored \(1 in the window\): Schannel 36871 for the client role/)
  })
  it('keeps an event value whose field is named __proto__ in the evidence', () => {
    // The parser keeps such a Data Name as an own key (render/own-key.ts); so must the report.
    const data = JSON.parse('{"__proto__": "hidden?", "Type": "server", "ErrorCode": "0x8009030d", "ErrorStatus": "10001"}') as Record<string, string>
    const r = reportOf([['System.evtx', makeEvent({ ...schannel(36870, at(0), {}), data })]], [SYSTEM])
    const e = r.findings[0]?.evidence[0]
    expect(Object.hasOwn(e?.data ?? {}, '__proto__')).toBe(true)
    expect(Object.entries(e?.data ?? {})).toContainEqual(['__proto__', 'hidden?'])
  })
  it("names an event's provider by its GUID when the record has no provider name", () => {
    const nameless = { ...rcm(1058, at(0), { status: 'Access is denied.' }), provider: undefined }
    const r = reportOf([['logs/System.evtx', nameless]], [SYSTEM])
    expect(r.findings[0]?.evidence[0]).toMatchObject({ provider: RCM_GUID.toLowerCase(), eventId: 1058 })
  })
  it('keeps an event time written as the schema has it, and otherwise gives the time read from it', () => {
    // A crafted log can write TimeCreated as a string of its own: the report must still fit its schema.
    const times = ['2026-11-20T09:00:00.1234567Z', '2026-11-20T09:00:00Z', '2026-11-20T09:00:00.1234567Z; x', '2026-11-20T09:00:00.1234567890Z', '2026-11-20 09:00:00Z']
    const shown = times.map((t) => reportOf([['logs/System.evtx', { ...rcm(1058, at(0), { status: 'x' }), timeCreated: t }]], [SYSTEM]).findings[0]?.evidence[0]?.time)
    expect(shown).toEqual(['2026-11-20T09:00:00.1234567Z', '2026-11-20T09:00:00Z', '2026-11-20T09:00:00.0000000Z', '2026-11-20T09:00:00.0000000Z', '2026-11-20T09:00:00.0000000Z'])
  })
  it('notes a record read from two copies of a log, counted once', () => {
    const failure = { ...rcm(1058, at(0), { status: 'Access is denied.' }), recordId: 41 }
    const r = reportOf([['a/System.evtx', failure], ['b/System.evtx', failure]], [SYSTEM, inputSummary('b/System.evtx', 'System')])
    expect(r.findings[0]?.count).toBe(1)
    expect(r.findings[0]?.notes).toContain('1 record(s) appeared in more than one input and were counted once.')
  })
  it('says when the inputs come from several computers, and not of a renamed host', () => {
    const host = (file: string, channel: string, ...names: string[]) => inputSummary(file, channel, { computers: names.map((name) => ({ name, records: 10 })) })
    const two = reportOf([...s1()], [host('logs/System.evtx', 'System', 'rdsh01.contoso.local'), host('b/System.evtx', 'System', 'rdsh02'), host('b/RCM.evtx', RCM_OP, 'RDSH02.contoso.local')])
    expect(two.conclusion.summary).toMatch(/\. The inputs come from 2 computers, and no log holds records of two of them as a renamed host's would: rdsh01\.contoso\.local \(1 log\), rdsh02 \(2 logs, also named RDSH02\.contoso\.local\)\. Their events were analyzed together, in one window ending at the newest record of them all, so a failure on one may look stale beside another's newer logs: analyze each computer's logs on their own\.$/)
    expect(two.inputs.map((i) => i.computers.map((c) => c.name))).toEqual([['rdsh01.contoso.local'], ['rdsh02'], ['RDSH02.contoso.local']])
    const given = reportOf([...s1()], [host('a.evtx', 'System', 'a'), host('b.evtx', 'System', 'b')], '2026-11-20T12:00:00Z')
    expect(given.conclusion.summary).toMatch(/in one window, so a failure/)
    const five = reportOf([...s1()], ['v', 'w', 'x', 'y', 'z'].map((n) => host(`${n}.evtx`, 'System', n)))
    expect(five.conclusion.summary).toMatch(/from 5 computers, .*: v \(1 log\), w \(1 log\), x \(1 log\) and 2 more\. /)
    const renamed = reportOf([...s1()], [host('logs/System.evtx', 'System', 'rdcb-new', 'rdcb01'), host('sb.evtx', SB_OP, 'rdcb01'), host('sbc.evtx', SBC_OP, 'rdcb-new')])
    expect(renamed.conclusion.summary).not.toMatch(/computers/)
    // An unreadable input's names (none, as the scan gives it) do not count; neither does one alone.
    const aliases = (...names: string[]) => inputSummary('a.evtx', 'System', { computers: names.map((name, i) => ({ name, records: 10 - i })) })
    const three = reportOf([...s1()], [aliases('a', 'a2', 'a3'), host('b.evtx', 'System', 'b')])
    expect(three.conclusion.summary).toContain(': a (1 log, also named a2, a3), b (1 log).')
    const four = reportOf([...s1()], [aliases('a', 'a2', 'a3', 'a4'), host('b.evtx', 'System', 'b')])
    expect(four.conclusion.summary).toContain(': a (1 log, also named a2, a3 and more), b (1 log).')
    const alone = reportOf([...s1()], [host('logs/System.evtx', 'System', 'a'), host('x.evtx', 'System', 'b'), { ...host('y.evtx', 'System', 'c'), status: 'unreadable' }])
    expect(alone.conclusion.summary).toMatch(/from 2 computers/)
  })
  it("points at a scenario's failure events left in unused space only when the logs do not show it", () => {
    const left = (file: string, scenario: string, count: number, first: string | null, last: string | null) =>
      inputSummary(file, 'System', { leftoverFailures: [{ scenario, count, first, last }] })
    // S1 found in the log: its leftovers add nothing to the conclusion; S2's are named.
    const found = reportOf([...s1()], [left('logs/System.evtx', 'S1', 4, at(-600), at(-500)), left('old/System.evtx', 'S2', 2, at(-900), at(-900))])
    expect(found.conclusion.summary).not.toContain('S1 was not found')
    expect(found.conclusion.summary).toContain(
      `S2 was not found in the logs, but the records a wrap or a clear left in the unused space of old/System.evtx hold 2 of its failure event(s) (written ${at(-900).replace(/\.\d+Z$/, 'Z')}): they are not part of the log`,
    )
    expect(found.inputs[1]?.leftoverFailures).toEqual([{ scenario: 'S2', count: 2, first: at(-900), last: at(-900) }])
    // Counted over the inputs, the span over them all; past three inputs, counted; no time, none given.
    const many = reportOf([], ['a', 'b', 'c', 'd'].map((n, k) => left(`${n}.evtx`, 'S1', k + 1, at(-k), at(k))))
    expect(many.conclusion.summary).toContain(`in the unused space of 4 inputs hold 10 of its failure event(s) (written ${at(-3).replace(/\.\d+Z$/, 'Z')} to ${at(3).replace(/\.\d+Z$/, 'Z')}): `)
    const untimed = reportOf([], [left('a.evtx', 'S1', 1, null, null)])
    expect(untimed.conclusion.summary).toContain('in the unused space of a.evtx hold 1 of its failure event(s): they are not')
  })
  it('is deterministic and anchored where it says', () => {
    const events = [...s1(), ['rcm.evtx', rcm261(at(1))] as const, ['sb.evtx', broker2056(at(2))] as const]
    const inputs = [SYSTEM, inputSummary('rcm.evtx', RCM_OP), inputSummary('sb.evtx', SB_OP)]
    const a = reportOf([...events], inputs, '2026-11-20T12:00:00Z')
    expect(reportOf([...events], inputs, '2026-11-20T12:00:00Z')).toEqual(a)
    expect(a.analysis).toMatchObject({ anchor: '2026-11-20T12:00:00.0000000Z', anchorSource: 'now-option', window: { duration: '24h', start: '2026-11-19T12:00:00.0000000Z' } })
  })
})

describe('buildReport with a rule set of its own', () => {
  const DAY = 86_400_000
  /** A report of `rules` over events of provider P (id, minutes after 09:00), anchored at `anchor` minutes. */
  function custom(ruleSet: { scenarios: RuleData[]; rules: RuleData[] }, events: ReadonlyArray<readonly [number, number]>, inputs = [SYSTEM], anchor = 0, extra: { anchorTime?: string; after?: ReadonlyArray<readonly [number, number]> } = {}) {
    const rules = compileRules(ruleSet)
    const anchorMs = Date.parse(at(anchor))
    const run = (list: ReadonlyArray<readonly [number, number]>) => {
      const engine = new RuleEngine(rules)
      for (const [eventId, minute] of list) engine.push(makeEvent({ provider: 'P', eventId, timeCreated: at(minute), channel: 'System' }), 'x.evtx')
      return engine.finish({ anchorMs, windowMs: DAY })
    }
    const afterNow = extra.after === undefined ? {} : { afterNow: run(extra.after) }
    return buildReport({ rules, outcomes: run(events), inputs, problems: [], anchorMs, anchorTime: extra.anchorTime, anchorSource: 'now-option', windowMs: DAY, strict: false, ...afterNow })
  }

  it('gives a scenario the status of its most pressing finding: current, then stale, then resolved', () => {
    // Two rules of one scenario: one resolved (failure 1, then recovery 2), one stale (failure 3, two days before the anchor).
    const set = minimalRuleSet((rule) => {
      rule.signals.push({ id: 'ok', role: 'recovery', description: 'back', provider: { names: ['P'] }, eventIds: [2] })
    })
    const second = structuredClone(set.rules[0]) as RuleData
    second.id = 'demo-2'
    second.signals = [{ id: 'sig', role: 'failure', description: 'd2', provider: { names: ['P'] }, eventIds: [3] }]
    set.rules.push(second)
    const r = custom(set, [[3, 0], [1, 60 * 47], [2, 60 * 47 + 1]], [SYSTEM], 60 * 48)
    expect(r.findings.map((f) => [f.id, f.status])).toEqual([['demo', 'resolved'], ['demo-2', 'stale']])
    expect(r.scenarios[0]?.status).toBe('stale')
  })
  it('checks a signal bound to no log only when some input is readable', () => {
    const unreadable = inputSummary('x.evtx', 'System', { status: 'unreadable', records: 0, channels: [] })
    expect(custom(minimalRuleSet(), [], [unreadable]).scenarios[0]?.coverage).toBe('none')
    expect(custom(minimalRuleSet(), [], [SYSTEM]).scenarios[0]?.coverage).toBe('full')
  })
  it('calls a scenario that no rule looks for not checked, and says why', () => {
    const set = minimalRuleSet()
    set.scenarios.push({ id: 'S2', title: 'T2', description: 'D2' }, { id: 'S3', title: 'T3', description: 'D3' })
    const r = custom(set, [], [SYSTEM])
    expect(r.scenarios.map((s) => [s.id, s.status, s.coverage])).toEqual([['S1', 'absent', 'full'], ['S2', 'absent', 'none'], ['S3', 'absent', 'none']])
    expect(r.scenarios[1]?.notes).toEqual(['Not checked: no rule of the rule set looks for its failure events.'])
    expect(r.conclusion.summary).toContain('S2, S3 were not checked: no rule of the rule set looks for them.')
    expect(r.conclusion.summary).not.toContain('logs it needs are missing')
    const one = minimalRuleSet()
    one.scenarios.push({ id: 'S2', title: 'T2', description: 'D2' })
    expect(custom(one, [], [SYSTEM]).conclusion.summary).toContain('S2 was not checked: no rule of the rule set looks for it.')
  })
  it('keeps the anchor as the log wrote it, seven digits and all', () => {
    const r = custom(minimalRuleSet(), [[1, 0]], [SYSTEM], 0, { anchorTime: '2026-11-20T09:00:00.1234567Z' })
    expect(r.analysis.anchor).toBe('2026-11-20T09:00:00.1234567Z')
    expect(r.analysis.window.end).toBe('2026-11-20T09:00:00.1234567Z')
  })
  it('needs no log for ignored look-alikes, one entry per log for the same events, and lists scenarios in order', () => {
    const withNoise = minimalRuleSet((rule) => {
      rule.signals.push({ id: 'noise', role: 'ignored', description: 'n', provider: { names: ['P'] }, eventIds: [9], channels: ['Application'] })
    })
    const quiet = custom(withNoise, [], [SYSTEM])
    expect(quiet.missingLogs).toEqual([])
    expect(quiet.notChecked).toEqual([])
    // S2's rule comes first; both scenarios read the same missing logs.
    const inLogs = (rule: RuleData) => {
      rule.signals = ['A-Log', 'B-Log'].map((c, i) => ({ id: `sig${i}`, role: 'failure', description: `d${i}`, provider: { names: ['P'] }, eventIds: [1], channels: [c] }))
      rule.confidence = [{ level: 'medium', reason: 'r', anyOf: ['sig0', 'sig1'] }]
    }
    const set = minimalRuleSet(inLogs)
    set.scenarios.unshift({ id: 'S2', title: 'T2', description: 'D2' })
    const second = structuredClone(set.rules[0]) as RuleData
    set.rules[0]!.scenario = 'S2'
    set.rules[0]!.id = 'demo-2'
    set.rules.push(second)
    const r = custom(set, [], [SYSTEM])
    expect(r.missingLogs.map((m) => [m.channel, m.neededFor])).toEqual([['A-Log', ['S1', 'S2']], ['B-Log', ['S1', 'S2']]])
    expect(r.notChecked.map((n) => [n.scenario, n.what])).toEqual([['S2', 'd0'], ['S2', 'd1'], ['S1', 'd0'], ['S1', 'd1']])
  })
  it('with now, notes failures dated after it, and recoveries only when there were some', () => {
    const r = custom(minimalRuleSet(), [[1, 0]], [SYSTEM], 60, { after: [[1, 90]] })
    expect(r.scenarios[0]?.notes.some((n) => n.startsWith('1 failure event(s) dated after the end of the window'))).toBe(true)
    expect(r.scenarios[0]?.notes.some((n) => n.includes('recovery event(s)'))).toBe(false)
  })
})
