/**
 * fast-check generators for query tests: events shaped like Windows' (System template, named and
 * unnamed data, arrays, UserData, Null-dependent Binary) and queries over the supported grammar,
 * built so that both outcomes are common.
 */
import fc from 'fast-check'
import { parseEventTime } from '../../src/query/time.js'
import { type BuiltEvent, systemEvent, type Value } from './evtx-builder.js'

const PROVIDERS = ['Schannel', 'Microsoft-Windows-TerminalServices-RemoteConnectionManager', 'Service Control Manager', ' Schannel ']
const EVENT_IDS = [1056, 1058, 7036, 36871]
const TIMES = ['2026-11-20T08:00:00.0000000Z', '2026-11-20T08:00:00.5000000Z', '2026-11-19T08:00:00.0000001Z', '2026-11-21T07:59:59.9999999Z']
const NAMES = ['Type', 'ErrorState', 'param1']
const STRINGS = ['server', 'client', '10013', '0x10', '', 'S-1-5-18', '2026-11-20T08:00:00.000Z']
const KEYWORDS = [0x80000000000000n, 0x8000000000000000n, 0x4000000000000001n, 0n]

const valueArb: fc.Arbitrary<Value> = fc.oneof(
  fc.constantFrom(...STRINGS).map((v): Value => ({ t: 'string', v })),
  fc.constantFrom(0, 1, 16, 10013, 4294967295).map((v): Value => ({ t: 'uint32', v })),
  fc.constantFrom(0x10, 0x8009030d).map((v): Value => ({ t: 'hex32', v })),
  fc.constantFrom(...STRINGS).chain((a) => fc.constantFrom(...STRINGS).map((b): Value => ({ t: 'string[]', v: [a, b] }))),
)

export const eventArb: fc.Arbitrary<BuiltEvent> = fc
  .record({
    provider: fc.constantFrom(...PROVIDERS),
    eventId: fc.constantFrom(...EVENT_IDS),
    level: fc.integer({ min: 0, max: 5 }),
    keywords: fc.constantFrom(...KEYWORDS),
    time: fc.constantFrom(...TIMES),
    userId: fc.option(fc.constantFrom('S-1-5-18', 'S-1-5-20'), { nil: undefined }),
    guid: fc.option(fc.constant('{1f678132-5938-4686-9fdc-c8ff68f15c85}'), { nil: undefined }),
    data: fc.array(fc.oneof(valueArb, fc.tuple(fc.constantFrom(...NAMES), valueArb)), { maxLength: 3 }),
    binary: fc.option(fc.constant(Uint8Array.of(1, 2)), { nil: undefined }),
    userData: fc.option(fc.array(fc.tuple(fc.constantFrom('param1', 'param2'), valueArb), { minLength: 1, maxLength: 3 }), { nil: undefined }),
  })
  .map((e) =>
    systemEvent({
      ...e,
      channel: 'System',
      userData: e.userData === undefined ? undefined : { name: 'EventXML', fields: e.userData },
    }),
  )

const OPS = ['=', '!=', '<', '<=', '>', '>=']
const literal = fc.oneof(
  fc.constantFrom(...STRINGS, ...NAMES, ...PROVIDERS, 'Schannel', ...TIMES.map((t) => t.replace(/\d{4}Z$/, 'Z'))).map((s) => `'${s}'`),
  fc.constantFrom('0', '1', '2', '4', '16', '1058', '36871', '10013', '0x10', '0x80000000000000', '1.5', '0x8009030D', '86400000'),
)

/** Predicates for a context element; `scope` decides which relative paths make sense. */
function pred(scope: 'event' | 'system' | 'eventdata' | 'data' | 'userdata' | 'time', depth: number): fc.Arbitrary<string> {
  const paths: Record<typeof scope, string[]> = {
    event: ['System/EventID', 'System/Level', 'System/Provider/@Name', 'System/Keywords', 'EventData/Data', "EventData/Data[@Name='Type']", 'EventData/Data[2]', 'UserData/*/param1', 'UserData/*/*', 'EventData/Binary', 'System/Security/@UserID', 'System/TimeCreated/@SystemTime', 'System/Provider/@Guid', 'System'],
    system: ['EventID', 'Level', 'Provider/@Name', 'Keywords', 'Security/@UserID', 'TimeCreated/@SystemTime', 'Channel', 'Execution/@ProcessID', 'Correlation/@ActivityID'],
    eventdata: ['Data', "Data[@Name='ErrorState']", 'Data[1]', 'Binary', '*'],
    data: ['@Name'],
    userdata: ['param1', 'param2', '*'],
    time: ['@SystemTime'],
  }
  const path = fc.constantFrom(...paths[scope])
  const compare = fc.tuple(path, fc.constantFrom(...OPS), literal).map(([p, o, l]) => `${p}${o}${l}`)
  const reversed = fc.tuple(literal, fc.constantFrom(...OPS), path).map(([l, o, p]) => `${l} ${o} ${p}`)
  const leaves: fc.Arbitrary<string>[] = [compare, reversed, path]
  if (scope === 'data' || scope === 'eventdata' || scope === 'userdata') leaves.push(fc.constantFrom('1', '2', 'position()=2', 'position()<=1'))
  if (scope === 'system' || scope === 'event') {
    const keywords = scope === 'system' ? 'Keywords' : 'System/Keywords'
    leaves.push(fc.constantFrom('0x80000000000000', '1', '0x4000000000000000', '36028797018963968').map((m) => `band(${keywords}, ${m})`))
  }
  if (scope === 'time' || scope === 'system') {
    const at = scope === 'time' ? '@SystemTime' : 'TimeCreated/@SystemTime'
    leaves.push(fc.tuple(fc.constantFrom('<=', '>', '>=', '<', '!='), fc.constantFrom('0', '86400000', '43200000', '-1', '1')).map(([o, n]) => `timediff(${at}) ${o} ${n}`))
    leaves.push(fc.constantFrom(...TIMES).map((t) => `timediff(${at}, '${t}') >= 0`))
  }
  if (depth <= 0) return fc.oneof(...leaves)
  const sub = pred(scope, depth - 1)
  const nested: fc.Arbitrary<string>[] = [
    fc.tuple(sub, fc.constantFrom(' and ', ' or ', ' AND ', ' Or '), sub).map(([a, o, b]) => `${a}${o}${b}`),
    sub.map((a) => `not(${a})`),
    sub.map((a) => `(${a})`),
  ]
  if (scope === 'event') {
    nested.push(pred('system', depth - 1).map((p) => `System[${p}]`))
    nested.push(pred('eventdata', depth - 1).map((p) => `EventData[${p}]`))
    nested.push(pred('userdata', depth - 1).map((p) => `UserData/*[${p}]`))
    nested.push(fc.tuple(pred('data', depth - 1), fc.constantFrom(...OPS), literal).map(([p, o, l]) => `EventData/Data[${p}]${o}${l}`))
  }
  if (scope === 'system') nested.push(pred('time', depth - 1).map((p) => `TimeCreated[${p}]`), fc.constant("Provider[@Name='Schannel']"))
  if (scope === 'eventdata') nested.push(fc.tuple(pred('data', depth - 1), fc.constantFrom(...OPS), literal).map(([p, o, l]) => `Data[${p}]${o}${l}`))
  return fc.oneof(...leaves, ...nested)
}

export const queryArb = fc.oneof(
  pred('event', 3).map((p) => `*[${p}]`),
  pred('system', 2).map((p) => `Event[System[${p}]]`),
  pred('event', 1).map((p) => `*[${p}] or *[System/Level=2]`),
  fc.constantFrom('*', 'Event/System/EventID=1058', '*/UserData', '*[System][EventData/Data]'),
)

export const NOW = parseEventTime('2026-11-21T08:00:00.0000000Z') as bigint
