import { describe, expect, it } from 'vitest'
import { type EventLike, eventValues, makeEvent, type NormalizedEvent } from '../../src/model/event.js'
import { builtinRules } from '../../src/rules/builtin/index.js'
import { compileRules } from '../../src/rules/compile.js'
import { type RuleOutcome, RuleEngine } from '../../src/rules/engine.js'
import { at, broker2056, client1296, rcm, rcm261, schannel } from '../helpers/events.js'
import { minimalRuleSet } from '../helpers/rules.js'

const DAY = 86_400_000

/** Runs the built-in rules over events (one source file) and returns the outcome per scenario. */
function run(events: NormalizedEvent[], options: { anchor?: string; windowMs?: number; maxEvidence?: number } = {}) {
  const engine = new RuleEngine(builtinRules(), options.maxEvidence === undefined ? {} : { maxEvidence: options.maxEvidence })
  for (const e of events) engine.push(e, 'System.evtx')
  const newest = Math.max(...events.map((e) => e.timeCreatedMs ?? 0))
  const outcomes = engine.finish({ anchorMs: options.anchor === undefined ? newest : Date.parse(options.anchor), windowMs: options.windowMs ?? DAY })
  const by = (s: string) => outcomes.find((o) => o.compiled.rule.scenario === s) as RuleOutcome
  return { S1: by('S1'), S2: by('S2'), S3: by('S3') }
}

const s1Failure = () => [
  rcm(1058, at(0), { status: 'Access is denied.' }),
  rcm(1057, at(0.1), { status: 'Keyset does not exist' }),
  schannel(36870, at(2), { Type: 'server', ErrorCode: '0x8009030d', ErrorStatus: '10001' }),
]

describe('scenario 1', () => {
  it('is current with high confidence when RCM 1057/1058 and Schannel 36870 come together', () => {
    const { S1, S2, S3 } = run(s1Failure())
    expect(S1.finding?.status).toBe('current')
    expect(S1.finding?.confidence.level).toBe('high')
    expect(S1.finding?.count).toBe(3)
    expect(S1.finding?.facts.statusCode).toEqual({ kind: 'hresult', values: ['0x80070005', '0x80090016'] })
    expect(S1.finding?.facts.schannelErrorCode).toEqual({ kind: 'hresult', values: ['0x8009030D'] })
    expect(S2.finding).toBeUndefined()
    expect(S3.finding).toBeUndefined()
  })
  it('is medium confidence on RCM alone or on Schannel 36870 alone, low on 36872 alone', () => {
    expect(run([rcm(1058, at(0), { status: 'Access is denied.' })]).S1.finding?.confidence.level).toBe('medium')
    expect(run([schannel(36870, at(0), { Type: 'server', ErrorCode: '0x8009030d', ErrorStatus: '10001' })]).S1.finding?.confidence.level).toBe('medium')
    expect(run([schannel(36872, at(0), { Type: 'server', ErrorCode: '0x8009030d', CertFlags: '0x0' })]).S1.finding?.confidence.level).toBe('low')
  })
  it('is not raised by Schannel 36870 for the client role or with another error code', () => {
    expect(run([schannel(36870, at(0), { Type: 'client', ErrorCode: '0x8009030d', ErrorStatus: '10001' })]).S1.finding).toBeUndefined()
    expect(run([schannel(36870, at(0), { Type: 'server', ErrorCode: '0x80090016', ErrorStatus: '10001' })]).S1.finding).toBeUndefined()
  })
  it('matches Schannel fields by name in the newer layout (CallerProcessId first)', () => {
    const { S1 } = run([schannel(36870, at(0), { Type: 'server', ErrorCode: '0x8009030d', ErrorStatus: '10001' }, true)])
    expect(S1.finding?.evidence[0]?.fields).toEqual([
      { label: 'Type', value: 'server' },
      { label: 'ErrorCode', value: '0x8009030d' },
      { label: 'ErrorStatus', value: '10001' },
    ])
  })
  it('accepts RCM events from the RCM Operational and Admin channels, not from others', () => {
    expect(run([rcm(1058, at(0), { status: 'x', channel: 'Microsoft-Windows-TerminalServices-RemoteConnectionManager/Admin' })]).S1.finding).toBeDefined()
    expect(run([rcm(1058, at(0), { status: 'x', channel: 'Application' })]).S1.finding).toBeUndefined()
  })
  it('is resolved by an RCM 1056 after the last failure, with the new thumbprint as a fact', () => {
    const thumb = '2972BB044D96DF2871BA034C95DE2770B9024B94'
    const { S1 } = run([...s1Failure(), rcm(1056, at(30), { status: 'rdsh01', binary: thumb })])
    expect(S1.finding?.status).toBe('resolved')
    expect(S1.finding?.resolved).toBe(true)
    expect(S1.finding?.recovery?.event.eventId).toBe(1056)
    expect(S1.finding?.facts.newCertificateThumbprint).toEqual({ kind: 'thumbprint', values: [thumb] })
  })
  it('lists the recovery as evidence however small the evidence budget', () => {
    const { S1 } = run([...s1Failure(), rcm(1056, at(30), { status: 'rdsh01' })], { maxEvidence: 2 })
    expect(S1.finding?.evidence.map((e) => e.event.eventId)).toEqual([1058, 1056])
    expect(S1.finding?.evidenceOmitted).toBe(2)
  })
  it('is current again when a failure follows the recovery; a 1056 alone raises nothing', () => {
    const events = [...s1Failure(), rcm(1056, at(30), { status: 'rdsh01' }), schannel(36870, at(40), { Type: 'server', ErrorCode: '0x8009030d', ErrorStatus: '10001' })]
    expect(run(events).S1.finding?.status).toBe('current')
    // The recovery that did not last is not among the finding's signals.
    expect(run(events).S1.finding?.signals.map((x) => x.signal.role)).not.toContain('recovery')
    expect(run([rcm(1056, at(0), { status: 'rdsh01' })]).S1.finding).toBeUndefined()
    const before = [rcm(1056, at(-10), { status: 'rdsh01' }), ...s1Failure()]
    expect(run(before).S1.finding?.status).toBe('current')
  })
  it('is stale when every failure is older than the window before the anchor', () => {
    const { S1 } = run(s1Failure(), { anchor: at(60 * 30) })
    expect(S1.finding?.status).toBe('stale')
    expect(S1.finding?.inWindow).toBe(false)
    expect(S1.finding?.countInWindow).toBe(0)
    expect(S1.finding?.confidence.level).toBe('high')
  })
  it('is not high on a failure without a time: nothing says it came with the 36870', () => {
    const untimed = { ...rcm(1058, at(0), { status: 'x' }), timeCreated: undefined, timeCreatedMs: undefined }
    const { S1 } = run([untimed, schannel(36870, at(0), { Type: 'server', ErrorCode: '0x8009030d', ErrorStatus: '10001' })], { anchor: at(60 * 30) })
    expect(S1.finding?.status).toBe('stale')
    expect(S1.finding?.confidence.level).toBe('medium')
    expect(S1.finding?.confidence.reasons.join()).not.toContain('NaN')
  })
  it('puts no event after the anchor in the window', () => {
    const { S1 } = run(s1Failure(), { anchor: at(-1) })
    expect(S1.finding?.countInWindow).toBe(0)
    expect(S1.finding?.evidence.map((e) => e.inWindow)).toEqual([false, false, false])
  })
  it('follows the window length: the same events are current with a 2-day window', () => {
    expect(run(s1Failure(), { anchor: at(60 * 30), windowMs: 2 * DAY }).S1.finding?.status).toBe('current')
  })
  it('grades a current finding on the events inside the window only', () => {
    const events = [rcm(1058, at(0), { status: 'x' }), schannel(36870, at(1), { Type: 'server', ErrorCode: '0x8009030d', ErrorStatus: '10001' }), rcm(1058, at(60 * 30), { status: 'x' })]
    const { S1 } = run(events)
    expect(S1.finding?.status).toBe('current')
    expect(S1.finding?.countInWindow).toBe(1)
    expect(S1.finding?.confidence.level).toBe('medium')
  })
})

describe('scenario 2', () => {
  it('is raised by Schannel 36871 for the server role with state 10013, high with RCM 261 close by', () => {
    const medium = run([schannel(36871, at(0), { Type: 'server', ErrorState: '10013' }, true)])
    expect(medium.S2.finding?.status).toBe('current')
    expect(medium.S2.finding?.confidence.level).toBe('medium')
    const high = run([rcm261(at(0)), schannel(36871, at(0.02), { Type: 'server', ErrorState: '10013' })])
    expect(high.S2.finding?.confidence.level).toBe('high')
    expect(high.S2.finding?.evidence.map((e) => e.signal.role)).toEqual(['supporting', 'failure'])
  })
  it('is NOT raised by client-side 36871 noise, which is only counted', () => {
    const noise = Array.from({ length: 40 }, (_, i) => schannel(36871, at(i * 45), { Type: 'client', ErrorState: '10013' }))
    const { S2 } = run(noise)
    expect(S2.finding).toBeUndefined()
    expect(S2.ignored.map((i) => [i.signal.id, i.count, i.countInWindow])).toEqual([['schannel-client-credential', 40, 33]])
    expect(S2.ignored[0]?.first?.timeMs).toBe(noise[0]?.timeCreatedMs)
    expect(S2.ignored[0]?.last?.timeMs).toBe(noise[39]?.timeCreatedMs)
  })
  it('is not raised by server-side 36871 with another state, nor by RCM 261 alone', () => {
    const { S2 } = run([schannel(36871, at(0), { Type: 'server', ErrorState: '10011' }), rcm261(at(1))])
    expect(S2.finding).toBeUndefined()
    expect(S2.ignored.map((i) => i.signal.id)).toEqual(['schannel-server-credential-other'])
  })
})

describe('scenario 3', () => {
  it('is high when SessionBroker 2056 and SessionBroker-Client 1296 with their texts come together', () => {
    const { S3 } = run([broker2056(at(0)), client1296(at(1))])
    expect(S3.finding?.status).toBe('current')
    expect(S3.finding?.confidence.level).toBe('high')
    expect(S3.finding?.facts.brokerComputer).toEqual({ kind: 'hostname', values: ['rdsh01.contoso.local'] })
  })
  it('is medium on one of them, low when the error text is not the known one', () => {
    expect(run([broker2056(at(0))]).S3.finding?.confidence.level).toBe('medium')
    const other = run([broker2056(at(0), 'Aanmelden bij de database is mislukt.')])
    expect(other.S3.finding?.confidence.level).toBe('low')
    expect(other.S3.finding?.evidence[0]?.signal.id).toBe('broker-error-unrecognized')
  })
  it('needs the broker Operational channels', () => {
    const wrong = { ...broker2056(at(0)), channel: 'System' }
    expect(run([wrong]).S3.finding).toBeUndefined()
  })
})

describe('engine mechanics', () => {
  it('counts the same record from two copies of a log once', () => {
    const engine = new RuleEngine(builtinRules())
    const e = rcm(1058, at(0), { status: 'x' })
    expect(engine.push(e, 'a/System.evtx')).toBe(1)
    expect(engine.push({ ...e }, 'b/System.evtx')).toBe(1)
    const s1 = engine.finish({ anchorMs: e.timeCreatedMs, windowMs: DAY })[0]
    expect(s1?.finding?.count).toBe(1)
    expect(s1?.duplicates).toBe(1)
  })
  it('keeps at most maxEvidence records: the first of each kind, the last of each signal, then the newest', () => {
    const events = [rcm(1058, at(0), { status: 'a' }), rcm(1057, at(0.1), { status: 'b' }), ...Array.from({ length: 30 }, (_, i) => schannel(36870, at(1 + i), { Type: 'server', ErrorCode: '0x8009030d', ErrorStatus: '10001' }))]
    const f = run(events, { maxEvidence: 5 }).S1.finding
    expect(f?.evidence).toHaveLength(5)
    expect(f?.evidenceOmitted).toBe(27)
    expect(f?.evidence.map((e) => e.event.eventId)).toEqual([1058, 1057, 36870, 36870, 36870])
    expect(f?.evidence[4]?.event.timeCreated).toBe(at(30))
  })
  it('refuses counts that are not whole numbers from 1 (NaN made the evidence list empty)', () => {
    for (const n of [Number.NaN, 0, -3, 1.5, Number.POSITIVE_INFINITY]) {
      expect(() => new RuleEngine(builtinRules(), { maxEvidence: n }), String(n)).toThrow(new RangeError(`maxEvidence must be a whole number from 1, got ${n}`))
      expect(() => new RuleEngine(builtinRules(), { maxMatchesPerRule: n }), String(n)).toThrow(/maxMatchesPerRule must be a whole number from 1/)
    }
    expect(run([rcm(1058, at(0), { status: 'a' })], { maxEvidence: 1 }).S1.finding?.evidence).toHaveLength(1)
  })
  it('keeps a clipped copy of an event a crafted log made millions of characters long, matched on the whole of it', () => {
    // 40 such events once kept 160 million characters; a rule keeps up to twice maxMatchesPerRule.
    const text = `${'x'.repeat(4_000_000)} Logon to the database failed.`
    const events = Array.from({ length: 40 }, (_, i) => ({ ...broker2056(at(i)), unnamedData: ['NULL', 'NULL', text] }))
    const f = run(events).S3.finding
    expect(f?.count).toBe(40)
    expect(f?.confidence.level).toBe('medium')
    const size = (e: NormalizedEvent | EventLike) => eventValues(e).reduce((n, v) => n + v.value.length, 0)
    for (const m of f?.evidence ?? []) {
      expect(size(m.event)).toBeLessThan(40_000)
      expect(m.fields.reduce((n, v) => n + v.value.length, 0)).toBeLessThan(40_000)
    }
    expect(f?.evidence[0]?.fields[0]?.value).toMatch(/^x+… \(\d+ more characters\)$/)
  })
  it('ignores events without an id or of ids no rule wants', () => {
    const engine = new RuleEngine(builtinRules())
    expect(engine.push({ provider: 'Schannel' }, 'x')).toBe(0)
    expect(engine.push({ provider: 'Schannel', eventId: 36874 }, 'x')).toBe(0)
  })
  it('puts every event in the window when there is no anchor', () => {
    const engine = new RuleEngine(builtinRules())
    engine.push(rcm(1058, at(0), { status: 'x' }), 'x')
    expect(engine.finish({ anchorMs: undefined, windowMs: DAY })[0]?.finding?.status).toBe('current')
  })
})

describe('supporting evidence', () => {
  it('is shown only near a failure: connections on a healthy day say nothing', () => {
    const events = [rcm261(at(-600)), rcm261(at(0)), schannel(36871, at(0.5), { Type: 'server', ErrorState: '10013' }), rcm261(at(3))]
    const f = run(events).S2.finding
    expect(f?.evidence.map((e) => [e.signal.id, e.event.timeCreated])).toEqual([
      ['rcm-connection-received', at(0)],
      ['schannel-server-credential-10013', at(0.5)],
    ])
    expect(f?.evidenceOmitted).toBe(0)
    expect(f?.signals.find((s) => s.signal.id === 'rcm-connection-received')?.count).toBe(3)
  })
  it("is shown and graded at exactly the rule's reach from a failure", () => {
    const f = run([rcm261(at(0)), schannel(36871, at(2), { Type: 'server', ErrorState: '10013' })]).S2.finding
    expect(f?.evidence.map((e) => e.signal.id)).toEqual(['rcm-connection-received', 'schannel-server-credential-10013'])
    expect(f?.confidence.level).toBe('high')
  })
  it('does not make a stale finding current by being inside the window', () => {
    const f = run([schannel(36871, at(0), { Type: 'server', ErrorState: '10013' }), rcm261(at(60 * 48))]).S2.finding
    expect(f?.status).toBe('stale')
    expect(f?.inWindow).toBe(false)
  })
})

describe('more matches than are kept (maxMatchesPerRule)', () => {
  const failure = (minute: number) => rcm(1058, at(minute), { status: 'Access is denied.' })
  const recovered = (minute: number) => rcm(1056, at(minute), { status: 'rdsh01', binary: '2972BB044D96DF2871BA034C95DE2770B9024B94' })
  /** Pushes the events (in this order) into an engine keeping `max` matches per rule. */
  function s1(events: NormalizedEvent[], max: number, anchor: string, scenario = 'S1') {
    const engine = new RuleEngine(builtinRules(), { maxMatchesPerRule: max })
    for (const e of events) engine.push(e, 'System.evtx')
    return engine.finish({ anchorMs: Date.parse(anchor), windowMs: DAY }).find((o) => o.compiled.rule.scenario === scenario) as RuleOutcome
  }

  it('keeps counts, first and last events, status and confidence exact, and shows the newest', () => {
    // 60 failures, one every 2 hours over 5 days: only the last 12 are in the day before the anchor.
    const events = Array.from({ length: 60 }, (_, i) => failure(i * 120))
    const anchor = at(59 * 120)
    const all = s1(events, 1000, anchor)
    const few = s1(events, 7, anchor)
    expect(all.truncated).toBe(false)
    expect(few.truncated).toBe(true)
    for (const o of [all, few]) {
      expect(o.finding?.status).toBe('current')
      expect(o.finding?.count).toBe(60)
      expect(o.finding?.countInWindow).toBe(13)
      expect(o.finding?.first.event.timeCreated).toBe(at(0))
      expect(o.finding?.last.event.timeCreated).toBe(at(59 * 120))
      expect(o.finding?.signals.map((s) => [s.count, s.first?.event.timeCreated, s.last?.event.timeCreated])).toEqual([[60, at(0), at(59 * 120)]])
    }
    expect(few.finding?.confidence).toEqual(all.finding?.confidence)
    expect(few.finding?.confidence.reasons.join()).toContain('(13 events)')
    // Evidence comes from the newest matches kept.
    expect(few.finding?.evidence.map((e) => e.event.timeCreated)).toEqual(Array.from({ length: 7 }, (_, i) => at((53 + i) * 120)))
  })
  it('orders events that tie on time, file and record id as they came (first stays first, last is the latest)', () => {
    const a = { ...failure(0), recordId: 7, computer: 'host-a' }
    const b = { ...failure(0), recordId: 7, computer: 'host-b' }
    const o = s1([a, b], 1000, at(0))
    expect(o.finding?.count).toBe(2)
    expect([o.finding?.first.event.computer, o.finding?.last.event.computer]).toEqual(['host-a', 'host-b'])
  })
  it('orders events at the same time in one file by record id, whatever order they came in', () => {
    const o = s1([{ ...failure(0), recordId: 9 }, { ...failure(0), recordId: 3 }], 1000, at(0))
    expect([o.finding?.first.event.recordId, o.finding?.last.event.recordId]).toEqual([3, 9])
  })
  it('keeps no recovery older than a failure already seen, so one after it still fits the limit', () => {
    // The failure's log read first, then another log's older recoveries, then the real one.
    const events = [failure(300), ...Array.from({ length: 6 }, (_, i) => recovered(i * 10)), recovered(310)]
    const o = s1(events, 4, at(310))
    expect(o.finding?.status).toBe('resolved')
    expect(o.finding?.recovery?.event.timeCreated).toBe(at(310))
  })
  it('is the same whatever order the events come in', () => {
    const events = Array.from({ length: 40 }, (_, i) => failure(((i * 17) % 40) * 60))
    const o = s1(events, 5, at(39 * 60))
    expect(o.finding?.last.event.timeCreated).toBe(at(39 * 60))
    expect(o.finding?.first.event.timeCreated).toBe(at(0))
    expect(o.finding?.evidence.map((e) => e.event.timeCreated)).toEqual([35, 36, 37, 38, 39].map((h) => at(h * 60)))
  })
  it('finds the first recovery after the last failure among many failures and recoveries', () => {
    // Failures and recoveries alternate; the last failure is at minute 300, followed by recoveries.
    const events = [
      ...Array.from({ length: 30 }, (_, i) => [failure(i * 10), recovered(i * 10 + 5)]).flat(),
      failure(300),
      recovered(320),
      recovered(310),
      ...Array.from({ length: 10 }, (_, i) => recovered(400 + i)),
    ]
    for (const max of [1000, 4]) {
      const o = s1(events, max, at(409))
      expect(o.finding?.status, `max ${max}`).toBe('resolved')
      expect(o.finding?.recovery?.event.timeCreated).toBe(at(310))
      expect(o.finding?.last.event.timeCreated).toBe(at(300))
    }
    // A failure after every recovery leaves it current.
    expect(s1([...events, failure(500)], 4, at(500)).finding?.status).toBe('current')
  })
  it('says the matches were cut to the limit even when there are fewer than twice as many', () => {
    const o = s1(Array.from({ length: 8 }, (_, i) => failure(i)), 7, at(7))
    expect(o.finding?.count).toBe(8)
    expect(o.finding?.evidence.map((e) => e.event.timeCreated)).toEqual(Array.from({ length: 7 }, (_, i) => at(i + 1)))
    expect(o.truncated).toBe(true)
  })
  it('is current when a failure inside the window was cut for newer ones after the anchor', () => {
    // Anchored at minute 5 (a --now before the end of the log): only the failure at 0 is inside.
    const o = s1([failure(0), failure(10), failure(20)], 2, at(5))
    expect(o.finding?.status).toBe('current')
    expect(o.finding?.countInWindow).toBe(1)
    expect(o.finding?.evidence.map((e) => e.inWindow)).toEqual([false, false])
  })
  it('says so when recoveries past the limit are left out', () => {
    const o = s1([failure(0), recovered(1), recovered(2), recovered(3)], 2, at(3))
    expect(o.finding?.recovery?.event.timeCreated).toBe(at(1))
    expect(o.recoveries).toBe(3)
    expect(o.truncated).toBe(true)
  })
  it('is resolved by a recovery left out at the limit when a later-read failure drops the ones kept', () => {
    // The recoveries of one log (minutes 10, 20, 40) fill the limit of 2, then another log's
    // failure at minute 30 outdates the two kept: the one at 40 still follows the last failure.
    const o = s1([failure(0), recovered(10), recovered(20), recovered(40), failure(30)], 2, at(40))
    expect(o.finding?.status).toBe('resolved')
    expect(o.finding?.recovery?.event.timeCreated).toBe(at(40))
    expect(o.finding?.evidence.map((e) => e.event.timeCreated)).toContain(at(40))
  })
  it('gives no place in the limit to a recovery at the very time of a failure, whichever comes first', () => {
    // Failure then recovery (one log), and recovery then failure (two logs read one after the other).
    for (const events of [[failure(10), recovered(10), recovered(20)], [recovered(10), failure(10), recovered(20)]]) {
      const o = s1(events, 1, at(20))
      expect(o.finding?.status).toBe('resolved')
      expect(o.finding?.recovery?.event.timeCreated).toBe(at(20))
    }
  })
  it('gives no place in the limit to ignored look-alikes', () => {
    const server = schannel(36871, at(0), { Type: 'server', ErrorState: '10013' })
    const noise = Array.from({ length: 6 }, (_, i) => schannel(36871, at(i + 1), { Type: 'client', ErrorState: '10013' }))
    const o = s1([server, ...noise], 2, at(6), 'S2')
    expect(o.finding?.evidence.map((e) => e.event.recordId)).toEqual([server.recordId])
    expect(o.truncated).toBe(false)
    expect(o.ignored.map((i) => i.count)).toEqual([6])
  })
  it('counts recovery events only as recoveries, and takes facts from the one that resolved the finding', () => {
    const first = 'AB'.repeat(20)
    const o = s1([failure(0), rcm(1056, at(5), { status: 'rdsh01', binary: first }), rcm(1056, at(6), { status: 'rdsh01', binary: 'CD'.repeat(20) })], 1000, at(6))
    expect(o.recoveries).toBe(2)
    expect(o.finding?.facts.newCertificateThumbprint).toEqual({ kind: 'thumbprint', values: [first] })
    const s2 = s1([rcm261(at(0)), schannel(36871, at(0.5), { Type: 'server', ErrorState: '10013' }), schannel(36871, at(1), { Type: 'client', ErrorState: '10013' })], 1000, at(1), 'S2')
    expect(s2.recoveries).toBe(0)
  })
})

describe('roles in a rule with failure, supporting and recovery signals', () => {
  const rules = compileRules(
    minimalRuleSet((r) => {
      r.signals[1] = { id: 'near', role: 'supporting', description: 'd', provider: { names: ['P'] }, eventIds: [2] }
      r.signals[2] = { id: 'ok', role: 'recovery', description: 'd', provider: { names: ['P'] }, eventIds: [3] }
    }),
  )
  it('a supporting event after the recovery does not undo it (only a failure does)', () => {
    const engine = new RuleEngine(rules)
    for (const [eventId, minute] of [[1, 0], [3, 5], [2, 10]] as const) engine.push(makeEvent({ provider: 'P', eventId, recordId: minute, timeCreated: at(minute) }), 'x.evtx')
    const f = engine.finish({ anchorMs: Date.parse(at(10)), windowMs: DAY })[0]?.finding
    expect(f?.status).toBe('resolved')
    expect(f?.recovery?.event.timeCreated).toBe(at(5))
  })
})
