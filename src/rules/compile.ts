/**
 * Rule compilation: validated rule data becomes closures, once, before any event is read.
 *
 * Everything a match needs is prepared here (lowercased name sets, normalized GUIDs, parsed
 * numbers, compiled regular expressions), so matching an event does no parsing. The compiled set
 * also says which (provider, event id) pairs the rules want at all, so a reader can skip every
 * other record before decoding anything but those two fields ("scan mode").
 */
import type { EventLike } from '../model/event.js'
import { normalizeGuid } from '../model/event.js'
import { RuleError } from './errors.js'
import {
  type Condition,
  type FactKind,
  type Grade,
  type Rule,
  type RuleSet,
  RuleSetSchema,
  type Scenario,
  type SignalRole,
} from './schema.js'
import { type FieldValue, normalizeFact, parseNumeric, resolveField } from './values.js'

export interface CapturedFact {
  readonly name: string
  readonly kind: FactKind
  readonly value: string | number
}

export interface CompiledSignal {
  readonly id: string
  readonly role: SignalRole
  readonly description: string
  /** Index of the signal in its rule (first match wins within a rule). */
  readonly order: number
  readonly eventIds: ReadonlySet<number>
  /** Lowercase channel names, or undefined for any channel. */
  readonly channels: ReadonlySet<string> | undefined
  /** The signal's channels as written in the rule. */
  readonly channelNames: readonly string[] | undefined
  /** The fields that made the event match, or undefined when it does not match. */
  test(event: EventLike): FieldValue[] | undefined
  capture(event: EventLike): CapturedFact[]
}

export interface CompiledRule {
  readonly rule: Rule
  readonly signals: readonly CompiledSignal[]
  readonly grades: readonly Grade[]
}

/** One (provider, event id) combination some signal wants. */
export interface WantedEvent {
  readonly providerNames: readonly string[]
  readonly providerGuids: readonly string[]
  readonly eventId: number
}

export interface CompiledRuleSet {
  readonly scenarios: readonly Scenario[]
  readonly rules: readonly CompiledRule[]
  /** Every (provider, event id) pair a signal wants: what a scan must decode, and nothing else. */
  readonly wanted: readonly WantedEvent[]
  /** Event ids any signal wants. */
  readonly eventIds: ReadonlySet<number>
  /**
   * Cheap prefilter on the two fields read first: `no` (skip the record), `yes` (normalize it),
   * or `guid` (the id is wanted but the name is not: only the provider GUID can still match).
   */
  prefilter(providerName: string | undefined, eventId: number | undefined): 'no' | 'yes' | 'guid'
  /** Whether the provider GUID is one a signal wants (the second step after `guid`). */
  wantsGuid(providerGuid: string | undefined): boolean
}

function conditionTest(c: Condition): (event: EventLike) => FieldValue[] | undefined {
  const { field } = c
  const missing = c.exists === false || c.orMissing === true
  let pass: (v: string) => boolean
  if (c.equals !== undefined) {
    const set = new Set(c.equals.map((s) => s.trim().toLowerCase()))
    // A value already in the set's form (`server`) needs no trimmed, lowercased copy.
    pass = (v) => set.has(v) || set.has(v.trim().toLowerCase())
  } else if (c.number !== undefined) {
    const set = new Set(c.number.map((n) => parseNumeric(n)))
    pass = (v) => {
      const n = parseNumeric(v)
      return n !== undefined && set.has(n)
    }
  } else if (c.contains !== undefined) {
    const parts = c.contains.map((s) => s.toLowerCase())
    pass = (v) => {
      const l = v.toLowerCase()
      return parts.some((p) => l.includes(p))
    }
  } else if (c.matches !== undefined) {
    const re = new RegExp(c.matches, 'iu')
    pass = (v) => re.test(v)
  } else {
    pass = () => true
  }
  return (event) => {
    const values = resolveField(event, field)
    if (values.length === 0) return missing ? [] : undefined
    if (c.exists === false) return undefined
    // resolveField gives a fresh array: a single value that passes is returned as it is.
    if (values.length === 1) return pass((values[0] as FieldValue).value) ? values : undefined
    const hits = values.filter((v) => pass(v.value))
    return hits.length > 0 ? hits : undefined
  }
}

function compileSignal(rule: Rule, index: number): CompiledSignal {
  const s = rule.signals[index]
  if (s === undefined) throw new RangeError(`no signal ${index} in rule ${rule.id}`)
  const names = new Set((s.provider.names ?? []).map((n) => n.toLowerCase()))
  // Names as the rule spells them: the usual spelling matches without a lowercased copy.
  const exactNames = new Set(s.provider.names ?? [])
  const guids = new Set((s.provider.guids ?? []).map((g) => normalizeGuid(g)))
  const channels = s.channels === undefined ? undefined : new Set(s.channels.map((c) => c.toLowerCase()))
  const exactChannels = new Set(s.channels ?? [])
  const eventIds = new Set(s.eventIds)
  const conditions = (s.where ?? []).map(conditionTest)
  const captures = Object.entries(s.capture ?? {})
  return {
    id: s.id,
    role: s.role,
    description: s.description,
    order: index,
    eventIds,
    channels,
    channelNames: s.channels,
    test(event) {
      if (event.eventId === undefined || !eventIds.has(event.eventId)) return undefined
      const byName = event.provider !== undefined && (exactNames.has(event.provider) || names.has(event.provider.toLowerCase()))
      if (!byName && !guids.has(normalizeGuid(event.providerGuid))) return undefined
      if (channels !== undefined && (event.channel === undefined || !(exactChannels.has(event.channel) || channels.has(event.channel.toLowerCase())))) return undefined
      const fields: FieldValue[] = []
      for (const cond of conditions) {
        const hits = cond(event)
        if (hits === undefined) return undefined
        for (const h of hits) if (!fields.some((f) => f.label === h.label)) fields.push(h)
      }
      return fields
    },
    capture(event) {
      const out: CapturedFact[] = []
      for (const [name, c] of captures) {
        for (const v of resolveField(event, c.field)) {
          const value = normalizeFact(c.as, v.value)
          if (value !== undefined) out.push({ name, kind: c.as, value })
        }
      }
      return out
    },
  }
}

/**
 * Validates and compiles a rule set.
 * @param data - rule set data (`{ scenarios, rules }`), e.g. parsed from JSON
 * @throws {RuleError} RULE_INVALID with every problem found, each with its path
 */
export function compileRules(data: unknown): CompiledRuleSet {
  const parsed = RuleSetSchema.safeParse(data)
  if (!parsed.success) throw RuleError.fromZod(parsed.error, describeSource(data))
  return compileValidated(parsed.data)
}

function describeSource(data: unknown): string {
  if (data !== null && typeof data === 'object' && 'rules' in data && Array.isArray(data.rules)) {
    return `rule set (${data.rules.length} rules)`
  }
  return 'rule set'
}

function compileValidated(set: RuleSet): CompiledRuleSet {
  const rules: CompiledRule[] = set.rules.map((rule) => ({
    rule,
    signals: rule.signals.map((_, i) => compileSignal(rule, i)),
    grades: rule.confidence,
  }))
  const wanted = new Map<string, { names: Set<string>; guids: Set<string>; eventId: number }>()
  for (const rule of set.rules) {
    for (const s of rule.signals) {
      for (const id of s.eventIds) {
        const key = `${[...(s.provider.names ?? [])].sort().join(',')}|${id}`
        const w = wanted.get(key) ?? { names: new Set<string>(), guids: new Set<string>(), eventId: id }
        for (const n of s.provider.names ?? []) w.names.add(n)
        for (const g of s.provider.guids ?? []) w.guids.add(normalizeGuid(g) as string)
        wanted.set(key, w)
      }
    }
  }
  const list = [...wanted.values()]
    .map((w) => ({ providerNames: [...w.names], providerGuids: [...w.guids], eventId: w.eventId }))
    .sort((a, b) => a.eventId - b.eventId || String(a.providerNames).localeCompare(String(b.providerNames)))
  return { scenarios: set.scenarios, rules, wanted: list, ...prefilterOf(list) }
}

/** The part of a compiled rule set a scan needs: which records to decode. */
export type RulePrefilter = Pick<CompiledRuleSet, 'eventIds' | 'prefilter' | 'wantsGuid'>

/**
 * The prefilter of a rule set, from its wanted (provider, event id) pairs alone: plain data, so a
 * worker thread given only `wanted` decides exactly as the rule set does.
 */
export function prefilterOf(wanted: readonly WantedEvent[]): RulePrefilter {
  const eventIds = new Set(wanted.map((w) => w.eventId))
  const exactNames = new Set(wanted.flatMap((w) => w.providerNames))
  const names = new Set([...exactNames].map((n) => n.toLowerCase()))
  const guids = new Set(wanted.flatMap((w) => w.providerGuids.map((g) => normalizeGuid(g) as string)))
  return {
    eventIds,
    prefilter(providerName, eventId) {
      if (eventId === undefined || !eventIds.has(eventId)) return 'no'
      if (providerName !== undefined && (exactNames.has(providerName) || names.has(providerName.toLowerCase()))) return 'yes'
      return guids.size > 0 ? 'guid' : 'no'
    },
    wantsGuid(providerGuid) {
      const g = normalizeGuid(providerGuid)
      return g !== undefined && guids.has(g)
    },
  }
}
