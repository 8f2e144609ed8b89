/**
 * Scan mode: decide from a record's provider and event id alone whether to read it at all.
 *
 * Before a record's BinXML is parsed into nodes, the template instance header is read, the
 * template is looked up (compiled once per file), and only the values that hold the event id and
 * the provider are located and decoded. A record whose event id no caller wants is skipped with
 * nothing allocated; the rest are parsed as usual. Anything unusual (a record that is not a single
 * template instance, a template whose System part is not where it usually is, a value that does
 * not fit) is simply parsed, so the full reader reports any problem in it.
 */
import { ByteCursor } from '../binary/cursor.js'
import { formatGuid } from '../binary/guid.js'
import { RecentStrings } from '../binary/recent-strings.js'
import { decodeUtf16 } from '../binary/utf16.js'
import type { ChunkContext } from '../binxml/context.js'
import { type CompiledTemplate, templateAt } from '../binxml/template.js'
import { ValueType } from '../binxml/value-types.js'
import { type FieldPath, parseFieldPath } from '../access/path.js'
import { type Slot, slotFor } from '../access/slots.js'
import { selectValue } from '../access/select.js'
import { readNumber, SYSTEM_PATHS } from '../access/system.js'
import { EvtxError } from '../errors.js'
import type { EvtxRecord } from './record.js'
import { MIN_RECORD_SIZE, RECORD_HEADER_SIZE } from './constants.js'

/** What scan mode keeps. */
export interface EventPrefilter {
  /** Event ids worth reading (from any provider); records with any other id are skipped unread. */
  readonly eventIds: ReadonlySet<number>
  /** Final say for a record whose event id is wanted (name and GUID as Windows renders them). */
  accept(provider: string | undefined, providerGuid: string | undefined, eventId: number): boolean
}

/** read: wanted; skip: not wanted; unsure: cannot tell without parsing (decide after, with `wanted`). */
export type PrefilterVerdict = 'read' | 'skip' | 'unsure'

const PATHS: Record<'name' | 'guid' | 'eventId', [FieldPath, string]> = {
  name: [parseFieldPath('System/Provider/@Name'), 'System/Provider/@Name'],
  guid: [parseFieldPath('System/Provider/@Guid'), 'System/Provider/@Guid'],
  eventId: [parseFieldPath('System/EventID'), 'System/EventID'],
}

interface TemplateSlots {
  readonly name: Slot
  readonly guid: Slot
  readonly eventId: Slot
}

function slotsOf(t: CompiledTemplate): TemplateSlots {
  let s = t.caches.get('prefilter') as TemplateSlots | undefined
  if (s === undefined) {
    s = {
      name: slotFor(t, PATHS.name[0], PATHS.name[1]),
      guid: slotFor(t, PATHS.guid[0], PATHS.guid[1]),
      eventId: slotFor(t, PATHS.eventId[0], PATHS.eventId[1]),
    }
    t.caches.set('prefilter', s)
  }
  return s
}

/**
 * The verdict for the record at chunk offset `pos` (size `size`). Returns 'unsure' whenever it
 * cannot tell cheaply and safely.
 */
export function prefilterRecord(ctx: ChunkContext, cur: ByteCursor, pos: number, size: number, filter: EventPrefilter): PrefilterVerdict {
  const b = ctx.bytes
  const view = ctx.view
  const start = pos + RECORD_HEADER_SIZE
  const end = pos + size - 4
  // `0f 01 01 00 0c 01 <u32 id> <u32 definition offset>`: one fragment holding one template instance.
  if (start + 14 > end || b[start] !== 0x0f || b[start + 4] !== 0x0c) return 'unsure'
  const definitionOffset = view.getUint32(start + 10, true)
  let template: CompiledTemplate
  try {
    cur.pos = start + 14
    cur.end = end
    template = templateAt(ctx, cur, definitionOffset)
  } catch (error) {
    if (error instanceof EvtxError) return 'unsure'
    throw error
  }
  const valuesAt = cur.pos
  if (valuesAt + 4 > end) return 'unsure'
  const count = view.getUint32(valuesAt, true)
  const descAt = valuesAt + 4
  const dataAt = descAt + 4 * count
  if (count > 0xffff || dataAt > end) return 'unsure'
  // The values must fit in the record, as the full reader checks: a damaged record is read (and
  // reported), never skipped.
  let total = dataAt
  for (let i = 0; i < count; i++) total += view.getUint16(descAt + 4 * i, true)
  if (total > end) return 'unsure'
  // Room for a whole record after the values (and the document's end): the full reader looks
  // for a record hidden there (hidden-records.ts), so a skip must not step over it.
  if (end - total >= MIN_RECORD_SIZE) return 'unsure'
  // A record whose root depends on a Null value renders nothing: the full reader reports it.
  const rootDep = template.root?.depId ?? -1
  if (rootDep >= 0 && (rootDep >= count || b[descAt + 4 * rootDep + 2] === ValueType.Null)) return 'unsure'
  const slots = slotsOf(template)

  let eventId: number
  const idSlot = slots.eventId
  if (idSlot.kind === 'static') {
    eventId = Number(idSlot.values[0])
  } else {
    const at = locate(ctx, descAt, dataAt, count, end, idSlot)
    if (at < 0 || idSlot.kind !== 'substitution') return 'unsure'
    const type = b[descAt + 4 * idSlot.index + 2]
    const vsize = view.getUint16(descAt + 4 * idSlot.index, true)
    if (type === ValueType.UInt16 && vsize >= 2) eventId = view.getUint16(at, true)
    else if ((type === ValueType.UInt32 || type === ValueType.HexInt32) && vsize >= 4) eventId = view.getUint32(at, true)
    else return 'unsure'
  }
  if (!Number.isFinite(eventId)) return 'unsure'
  if (!filter.eventIds.has(eventId)) return 'skip'

  const name = slotText(ctx, descAt, dataAt, count, end, slots.name, ValueType.String)
  const guid = slotText(ctx, descAt, dataAt, count, end, slots.guid, ValueType.Guid)
  // null: the value is there but not in its usual form; let the full reader decide.
  if (name === null || guid === null) return 'unsure'
  return filter.accept(name, guid, eventId) ? 'read' : 'skip'
}

/**
 * Chunk offset of the slot's value, or -1 (absent, or not a plain substitution). The template
 * instance's values: `count` descriptors at `descAt`, their data from `dataAt`, the record ending
 * at `end`. (Plain parameters, not an object or a closure: this runs for every record.)
 */
function locate(ctx: ChunkContext, descAt: number, dataAt: number, count: number, end: number, slot: Slot): number {
  if (slot.kind !== 'substitution' || slot.index >= count) return -1
  const b = ctx.bytes
  const view = ctx.view
  for (const d of slot.depIds) if (d >= count || b[descAt + 4 * d + 2] === ValueType.Null) return -1
  let at = dataAt
  for (let i = 0; i < slot.index; i++) at += view.getUint16(descAt + 4 * i, true)
  return at + view.getUint16(descAt + 4 * slot.index, true) <= end ? at : -1
}

/** Provider names and GUIDs seen lately: the same few, record after record. */
const NAMES = new RecentStrings((bytes, at, size) => decodeUtf16(bytes, at, size >>> 1, true))
const GUIDS = new RecentStrings((bytes, at) => formatGuid(bytes, at))

/**
 * The slot's text when it is a String (or a GUID) value: undefined when absent, null when the
 * value is there in another form (the full reader decides then).
 */
function slotText(
  ctx: ChunkContext,
  descAt: number,
  dataAt: number,
  count: number,
  end: number,
  slot: Slot,
  kind: typeof ValueType.String | typeof ValueType.Guid,
): string | undefined | null {
  if (slot.kind === 'static') return slot.values[0]
  if (slot.kind !== 'substitution') return null
  const at = locate(ctx, descAt, dataAt, count, end, slot)
  if (at < 0) return undefined
  const type = ctx.bytes[descAt + 4 * slot.index + 2]
  const size = ctx.view.getUint16(descAt + 4 * slot.index, true)
  if (kind === ValueType.String && type === ValueType.String) return NAMES.get(ctx.bytes, at, size & ~1)
  if (kind === ValueType.Guid && type === ValueType.Guid && size >= 16) return GUIDS.get(ctx.bytes, at, 16)
  return null
}

/** The filter applied to a parsed record (for the records the quick look was unsure about). */
export function wanted(record: EvtxRecord, filter: EventPrefilter): boolean {
  const eventId = readNumber(record, SYSTEM_PATHS.eventId)
  if (eventId === undefined || !filter.eventIds.has(eventId)) return false
  return filter.accept(selectValue(record, SYSTEM_PATHS.provider), selectValue(record, SYSTEM_PATHS.providerGuid), eventId)
}
