/**
 * The System fields of a record, read straight from the values (no XML, no tree).
 *
 * Numbers are decoded from the substitution's binary value when the template puts one there,
 * and parsed from text otherwise (templateless WEC records carry literal text). TimeCreated is
 * given both as Windows renders it and in milliseconds since the Unix epoch.
 */
import { filetimeTicks, filetimeToUnixMs, parseIsoToTicks } from '../binary/filetime.js'
import { NodeKind } from '../binxml/nodes.js'
import type { CompiledTemplate } from '../binxml/template.js'
import type { ValueTable } from '../binxml/value-table.js'
import { ValueType } from '../binxml/value-types.js'
import { smallInteger, valueText } from '../binxml/values.js'
import type { EvtxRecord } from '../evtx/record.js'
import { type CompiledPath, compilePath, locate, selectValue, slotPresent } from './select.js'
import { type Slot, slotFor } from './slots.js'

export interface SystemFields {
  readonly provider: string | undefined
  readonly providerGuid: string | undefined
  readonly eventSourceName: string | undefined
  readonly eventId: number | undefined
  readonly qualifiers: number | undefined
  readonly version: number | undefined
  readonly level: number | undefined
  readonly task: number | undefined
  readonly opcode: number | undefined
  /** As rendered: `0x8080000000000000`. */
  readonly keywords: string | undefined
  /** As rendered: `2026-11-20T08:15:02.1234567Z`. */
  readonly timeCreated: string | undefined
  readonly timeCreatedMs: number | undefined
  readonly eventRecordId: number | undefined
  readonly activityId: string | undefined
  readonly relatedActivityId: string | undefined
  readonly processId: number | undefined
  readonly threadId: number | undefined
  readonly channel: string | undefined
  readonly computer: string | undefined
  readonly userId: string | undefined
}

export const SYSTEM_PATHS = {
  provider: compilePath('System/Provider/@Name'),
  providerGuid: compilePath('System/Provider/@Guid'),
  eventSourceName: compilePath('System/Provider/@EventSourceName'),
  eventId: compilePath('System/EventID'),
  qualifiers: compilePath('System/EventID/@Qualifiers'),
  version: compilePath('System/Version'),
  level: compilePath('System/Level'),
  task: compilePath('System/Task'),
  opcode: compilePath('System/Opcode'),
  keywords: compilePath('System/Keywords'),
  timeCreated: compilePath('System/TimeCreated/@SystemTime'),
  eventRecordId: compilePath('System/EventRecordID'),
  activityId: compilePath('System/Correlation/@ActivityID'),
  relatedActivityId: compilePath('System/Correlation/@RelatedActivityID'),
  processId: compilePath('System/Execution/@ProcessID'),
  threadId: compilePath('System/Execution/@ThreadID'),
  channel: compilePath('System/Channel'),
  computer: compilePath('System/Computer'),
  userId: compilePath('System/Security/@UserID'),
} as const

function numberFromValue(vt: ValueTable, index: number): number | undefined {
  const at = vt.offset(index)
  const size = vt.size(index)
  const view = vt.view
  const type = vt.type(index)
  switch (type) {
    case ValueType.UInt8:
    case ValueType.Int8:
    case ValueType.UInt16:
    case ValueType.Int16:
    case ValueType.UInt32:
    case ValueType.Int32:
      return smallInteger(view, type, at, size) ?? undefined
    case ValueType.HexInt32:
      return size >= 4 ? view.getUint32(at, true) : undefined
    case ValueType.UInt64:
    case ValueType.HexInt64: {
      if (size < 8) return undefined
      const hi = view.getUint32(at + 4, true)
      return hi < 0x20_0000 ? hi * 0x1_0000_0000 + view.getUint32(at, true) : undefined
    }
    default:
      return parseNumber(valueText(vt, index, -1))
  }
}

function parseNumber(text: string | undefined): number | undefined {
  if (text === undefined || text.trim() === '') return undefined
  const n = Number(text.trim())
  return Number.isFinite(n) ? n : undefined
}

/** A numeric System field. */
export function readNumber(record: EvtxRecord, path: CompiledPath): number | undefined {
  const at = locate(record, path)
  if (at !== undefined && at.slot.kind === 'substitution') {
    if (!slotPresent(at.slot, at.vt) || at.vt.isNull(at.slot.index)) return undefined
    return numberFromValue(at.vt, at.slot.index)
  }
  return parseNumber(selectValue(record, path))
}

/** TimeCreated in milliseconds since the Unix epoch (undefined when absent or unreadable). */
export function readTimeCreatedMs(record: EvtxRecord): number | undefined {
  const path = SYSTEM_PATHS.timeCreated
  const at = locate(record, path)
  if (at !== undefined && at.slot.kind === 'substitution') {
    const { vt, slot } = at
    if (!slotPresent(slot, vt) || vt.isNull(slot.index)) return undefined
    if (vt.type(slot.index) === ValueType.FileTime && vt.size(slot.index) >= 8) {
      const o = vt.offset(slot.index)
      return filetimeToUnixMs(vt.view.getUint32(o, true), vt.view.getUint32(o + 4, true))
    }
  }
  return timeFromText(selectValue(record, path))
}

/**
 * TimeCreated as the FILETIME ticks the record holds, when it holds a FILETIME value there (the
 * usual case: read without rendering the time as text); undefined when it is absent, null or of
 * another type, for which a caller reads the text.
 */
export function readTimeCreatedFiletime(record: EvtxRecord): bigint | undefined {
  const at = locate(record, SYSTEM_PATHS.timeCreated)
  if (at === undefined || at.slot.kind !== 'substitution') return undefined
  const { vt, slot } = at
  if (!slotPresent(slot, vt) || vt.isNull(slot.index)) return undefined
  if (vt.type(slot.index) !== ValueType.FileTime || vt.size(slot.index) !== 8) return undefined
  const o = vt.offset(slot.index)
  return filetimeTicks(vt.view.getUint32(o, true), vt.view.getUint32(o + 4, true))
}

/** Milliseconds since the Unix epoch of a rendered SystemTime (`2026-11-20T08:15:02.1234567Z`). */
function timeFromText(text: string | undefined): number | undefined {
  if (text === undefined) return undefined
  const ticks = parseIsoToTicks(text.replace(/(\.\d{7})\d+Z$/, '$1Z'))
  if (ticks === undefined) return undefined
  return Number(ticks - 116_444_736_000_000_000n) / 10_000
}

/** Provider name and event id only: the cheapest check whether a record is interesting. */
export function readProviderAndEventId(record: EvtxRecord): [provider: string | undefined, eventId: number | undefined] {
  return [selectValue(record, SYSTEM_PATHS.provider), readNumber(record, SYSTEM_PATHS.eventId)]
}

/** The System fields in the order of {@link SYSTEM_PATHS}, as slots are cached per template. */
const FIELDS = Object.keys(SYSTEM_PATHS) as Array<keyof typeof SYSTEM_PATHS>
const PATH_LIST: readonly CompiledPath[] = FIELDS.map((k) => SYSTEM_PATHS[k])
/** Each System field's number, for {@link SystemReader}'s methods. */
export const SYSTEM_FIELD = Object.fromEntries(FIELDS.map((k, i) => [k, i])) as Readonly<Record<keyof typeof SYSTEM_PATHS, number>>
const FIELD = SYSTEM_FIELD
const ALL_RUNTIME: readonly Slot[] = PATH_LIST.map(() => ({ kind: 'runtime' }) as const)

/** The slot of every System field in a template, found once and cached on the template. */
function systemSlots(template: CompiledTemplate): readonly Slot[] {
  let slots = template.caches.get('system') as Slot[] | undefined
  if (slots === undefined) {
    slots = PATH_LIST.map((p) => slotFor(template, p.path, p.key))
    template.caches.set('system', slots)
  }
  return slots
}

/**
 * Reads System fields through the slots of one record's template: one descriptor lookup per field,
 * with the general path ({@link selectValue}, {@link readNumber}) wherever the slot cannot say.
 * Gives exactly what those functions give field by field. A caller that needs only some fields
 * (the analyzer's normalization) reads just those, by their {@link SYSTEM_FIELD} numbers.
 */
export class SystemReader {
  private readonly record: EvtxRecord
  private readonly slots: readonly Slot[]
  private readonly vt: ValueTable | undefined

  constructor(record: EvtxRecord, slots: readonly Slot[], vt: ValueTable | undefined) {
    this.record = record
    this.slots = slots
    this.vt = vt
  }

  text(field: number): string | undefined {
    const slot = this.slots[field] as Slot
    const vt = this.vt
    if (slot.kind === 'static') return slot.values[0]
    if (slot.kind === 'substitution' && vt !== undefined) {
      if (!slotPresent(slot, vt)) return undefined
      // An array's first item is the first value the path selects; a BinXml value needs the walk.
      if (vt.type(slot.index) !== ValueType.BinXml) return valueText(vt, slot.index, -1)
    }
    return selectValue(this.record, PATH_LIST[field] as CompiledPath)
  }

  number(field: number): number | undefined {
    const slot = this.slots[field] as Slot
    const vt = this.vt
    if (slot.kind === 'substitution' && vt !== undefined) {
      if (!slotPresent(slot, vt) || vt.isNull(slot.index)) return undefined
      return numberFromValue(vt, slot.index)
    }
    return parseNumber(slot.kind === 'static' ? slot.values[0] : selectValue(this.record, PATH_LIST[field] as CompiledPath))
  }

  timeMs(): number | undefined {
    const slot = this.slots[FIELD.timeCreated] as Slot
    const vt = this.vt
    if (slot.kind === 'substitution' && vt !== undefined) {
      if (!slotPresent(slot, vt) || vt.isNull(slot.index)) return undefined
      if (vt.type(slot.index) === ValueType.FileTime && vt.size(slot.index) >= 8) {
        const o = vt.offset(slot.index)
        return filetimeToUnixMs(vt.view.getUint32(o, true), vt.view.getUint32(o + 4, true))
      }
    }
    return timeFromText(this.text(FIELD.timeCreated))
  }
}

/** A reader of the record's System fields (slots found once per template). */
export function systemReader(record: EvtxRecord): SystemReader {
  const f = record.fragment
  const top = f.length === 1 ? f[0] : undefined
  return top !== undefined && top.kind === NodeKind.TemplateInstance
    ? new SystemReader(record, systemSlots(top.template), top.values)
    : new SystemReader(record, ALL_RUNTIME, undefined)
}

/**
 * All System fields of a record. For a template record (nearly all) the fields' places are found
 * once per template; each field is then one value decode.
 */
export function readSystem(record: EvtxRecord): SystemFields {
  const r = systemReader(record)
  const F = FIELD
  return {
    provider: r.text(F.provider),
    providerGuid: r.text(F.providerGuid),
    eventSourceName: r.text(F.eventSourceName),
    eventId: r.number(F.eventId),
    qualifiers: r.number(F.qualifiers),
    version: r.number(F.version),
    level: r.number(F.level),
    task: r.number(F.task),
    opcode: r.number(F.opcode),
    keywords: r.text(F.keywords),
    timeCreated: r.text(F.timeCreated),
    timeCreatedMs: r.timeMs(),
    eventRecordId: r.number(F.eventRecordId),
    activityId: r.text(F.activityId),
    relatedActivityId: r.text(F.relatedActivityId),
    processId: r.number(F.processId),
    threadId: r.number(F.threadId),
    channel: r.text(F.channel),
    computer: r.text(F.computer),
    userId: r.text(F.userId),
  }
}
