/**
 * The normalized event: every fact a rule or a report needs from one event record, as plain data.
 *
 * This is the seam between the EVTX layers and the analyzer. The rule engine reads only
 * {@link EventLike} (a subset of this shape), so rules can be tested on hand-written objects and
 * could run on events from any source (JSON exports, another parser). Absent values are
 * `undefined`, never empty strings; GUIDs are lowercase with braces; times keep Windows' seven
 * fractional digits in `timeCreated` and are also given in Unix milliseconds.
 */

/** The UserData payload of manifest events (`UserData/EventXML/*`): its wrapper element and fields. */
export interface UserDataFields {
  /** Name of the element under UserData, e.g. `EventXML`. */
  readonly element: string
  /** Child elements of that element by name (the first occurrence wins), as text. */
  readonly fields: Readonly<Record<string, string>>
}

/** A normalized event: every slot present (absent values are undefined, lists empty). */
export interface NormalizedEvent {
  readonly provider: string | undefined
  /** Lowercase, with braces: `{c76baa63-ae81-421c-b425-340b4b24157f}`. */
  readonly providerGuid: string | undefined
  readonly eventSourceName: string | undefined
  readonly eventId: number | undefined
  readonly qualifiers: number | undefined
  readonly version: number | undefined
  readonly level: number | undefined
  readonly task: number | undefined
  readonly opcode: number | undefined
  /** As rendered: `0x80000000000000`. */
  readonly keywords: string | undefined
  /** As rendered: `2024-05-01T08:15:02.1234567Z`. */
  readonly timeCreated: string | undefined
  /** Milliseconds since the Unix epoch (fractions kept). */
  readonly timeCreatedMs: number | undefined
  /** EventRecordID. */
  readonly recordId: number | undefined
  readonly channel: string | undefined
  readonly computer: string | undefined
  /** Security/@UserID (a SID). */
  readonly userId: string | undefined
  /** `EventData/Data[@Name]` by name (the first occurrence wins). */
  readonly data: Readonly<Record<string, string>>
  /** `EventData/Data` without a Name attribute, in document order (classic events). */
  readonly unnamedData: readonly string[]
  /** `EventData/Binary` as uppercase hex. */
  readonly binaryHex: string | undefined
  readonly userData: UserDataFields | undefined
}

/** What the rule engine reads from an event: any subset of a normalized event. */
export type EventLike = Partial<NormalizedEvent>

/** Names of the System fields a rule may read through a `{ system: name }` field reference. */
export const SYSTEM_FIELD_NAMES = [
  'provider',
  'providerGuid',
  'eventSourceName',
  'eventId',
  'qualifiers',
  'version',
  'level',
  'task',
  'opcode',
  'keywords',
  'channel',
  'computer',
  'userId',
] as const
export type SystemFieldName = (typeof SYSTEM_FIELD_NAMES)[number]

/** A GUID in the one form the analyzer compares: lowercase, with braces. */
export function normalizeGuid(guid: string | undefined): string | undefined {
  if (guid === undefined) return undefined
  // The form records give (`{C76BAA63-…}`) needs only lowercasing.
  if (guid.length === 38 && guid.charCodeAt(0) === 0x7b && guid.charCodeAt(37) === 0x7d) return guid.toLowerCase()
  const g = guid.trim().toLowerCase().replace(/^\{?/, '{').replace(/\}?$/, '}')
  return g === '{}' ? undefined : g
}

/** A System field as text (numbers in decimal), or undefined. */
export function systemFieldText(event: EventLike, name: SystemFieldName): string | undefined {
  const v = event[name]
  return v === undefined ? undefined : String(v)
}

/**
 * Every data value of an event with a label, in a stable order: named, unnamed, UserData, Binary.
 * Labels are distinct: `Binary` is only the event's Binary and `Data[n]` only its unnamed Data,
 * so a log's field whose name is one of those (or starts with `Data[`) is labelled by its path,
 * `Data[@Name='Binary']`; a UserData field named like an earlier value, `UserData/EventXML/Type`
 * (then with ` (2)`, ` (3)`… should even that be taken).
 */
export function eventValues(event: EventLike): Array<{ readonly label: string; readonly value: string }> {
  const out: Array<{ label: string; value: string }> = []
  const used = new Set<string>()
  const label = (plain: string, qualified: string): string => {
    let l = used.has(plain) || plain === 'Binary' || plain.startsWith('Data[') ? qualified : plain
    for (let k = 2; used.has(l); k++) l = `${qualified} (${k})`
    used.add(l)
    return l
  }
  for (const [name, value] of Object.entries(event.data ?? {})) out.push({ label: label(name, `Data[@Name='${name}']`), value })
  event.unnamedData?.forEach((value, i) => out.push({ label: label(`Data[${i + 1}]`, `Data[${i + 1}]`), value }))
  const element = event.userData?.element ?? '*'
  for (const [name, value] of Object.entries(event.userData?.fields ?? {})) out.push({ label: label(name, `UserData/${element}/${name}`), value })
  if (event.binaryHex !== undefined) out.push({ label: 'Binary', value: event.binaryHex })
  return out
}

/**
 * Builds a normalized event from a partial description (tests, other sources): missing slots
 * become undefined or empty, the GUID is normalized.
 */
export function makeEvent(partial: EventLike): NormalizedEvent {
  return {
    provider: partial.provider,
    providerGuid: normalizeGuid(partial.providerGuid),
    eventSourceName: partial.eventSourceName,
    eventId: partial.eventId,
    qualifiers: partial.qualifiers,
    version: partial.version,
    level: partial.level,
    task: partial.task,
    opcode: partial.opcode,
    keywords: partial.keywords,
    timeCreated: partial.timeCreated ?? (partial.timeCreatedMs === undefined ? undefined : msToIso(partial.timeCreatedMs)),
    timeCreatedMs: partial.timeCreatedMs ?? (partial.timeCreated === undefined ? undefined : isoToMs(partial.timeCreated)),
    recordId: partial.recordId,
    channel: partial.channel,
    computer: partial.computer,
    userId: partial.userId,
    data: partial.data ?? {},
    unnamedData: partial.unnamedData ?? [],
    binaryHex: partial.binaryHex,
    userData: partial.userData,
  }
}

/** Milliseconds since the epoch to `YYYY-MM-DDThh:mm:ss.fffffffZ` (Windows' seven digits). */
export function msToIso(ms: number): string {
  const whole = Math.floor(ms)
  const iso = new Date(whole).toISOString()
  const ticks = Math.round((ms - whole) * 10_000)
  return `${iso.slice(0, 23)}${String(Math.min(ticks, 9999)).padStart(4, '0')}Z`
}

/**
 * An ISO time moved by a whole number of milliseconds, keeping its fractional digits exactly
 * (float milliseconds cannot hold seven fractional digits of a current date).
 */
export function shiftIso(iso: string, deltaMs: number): string {
  const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,7}))?Z$/.exec(iso)
  if (!m || !Number.isSafeInteger(deltaMs)) {
    const ms = isoToMs(iso)
    return ms === undefined ? iso : msToIso(ms + deltaMs)
  }
  let seconds = Date.parse(`${m[1]}Z`) + Math.floor(deltaMs / 1000) * 1000
  let ticks = Number((m[2] ?? '').padEnd(7, '0')) + (deltaMs - Math.floor(deltaMs / 1000) * 1000) * 10_000
  if (ticks >= 10_000_000) {
    ticks -= 10_000_000
    seconds += 1000
  }
  return `${new Date(seconds).toISOString().slice(0, 19)}.${String(ticks).padStart(7, '0')}Z`
}

/** An ISO 8601 time to milliseconds since the epoch (sub-millisecond digits kept), or undefined. */
export function isoToMs(iso: string): number | undefined {
  const m = /^(.*T\d\d:\d\d:\d\d)(?:\.(\d+))?(Z|[+-]\d\d:?\d\d)?$/.exec(iso.trim())
  if (!m) {
    const t = Date.parse(iso)
    return Number.isNaN(t) ? undefined : t
  }
  const base = Date.parse(`${m[1]}${m[3] ?? 'Z'}`)
  if (Number.isNaN(base)) return undefined
  const frac = m[2] === undefined ? 0 : Number(`0.${m[2]}`) * 1000
  return base + frac
}
