/**
 * Normalized events from parsed EVTX records: the one adapter between the parser and the analyzer.
 *
 * System fields come from the parser's per-template compiled paths (no tree, no XML). The payload
 * (EventData or UserData) is read from the record's parsed nodes (src/model/payload-nodes.ts), or,
 * for the few records that reader declines, from the record's light element tree (System
 * left out). Either is paid only for records that passed the cheap provider/event-id prefilter,
 * so for the few events a rule wants, never for the whole log.
 */
import { SYSTEM_FIELD as F, type SystemReader, systemReader } from '../access/system.js'
import { YEAR_10000_MS } from '../binary/filetime.js'
import type { EvtxRecord } from '../evtx/record.js'
import { recordPayloadTree, type XmlElement } from '../render/tree.js'
import { type NormalizedEvent, normalizeGuid } from './event.js'
import { localName, type Payload, payloadFromNodes, setFirst } from './payload-nodes.js'

/** Descendant text of an element, joined (what XPath `string()` gives). */
function textOf(el: XmlElement): string {
  let s = ''
  for (const c of el.children) s += typeof c === 'string' ? c : textOf(c)
  return s
}

function elements(el: XmlElement): XmlElement[] {
  return el.children.filter((c): c is XmlElement => typeof c !== 'string')
}

/** EventData (named and unnamed Data, Binary) and UserData (wrapper element and its fields). */
export function readPayload(event: XmlElement): Payload {
  const out: Payload = { data: {}, unnamedData: [], binaryHex: undefined, userData: undefined }
  for (const part of elements(event)) {
    const name = localName(part.name)
    if (name === 'EventData') {
      for (const item of elements(part)) {
        const itemName = localName(item.name)
        if (itemName === 'Data') {
          const field = item.attributes.Name
          if (field === undefined) out.unnamedData.push(textOf(item))
          else setFirst(out.data, field, textOf(item))
        } else if (itemName === 'Binary') {
          const hex = textOf(item).trim()
          if (hex !== '') out.binaryHex = hex.toUpperCase()
        }
      }
    } else if (name === 'UserData') {
      const wrapper = elements(part)[0]
      if (wrapper !== undefined) {
        const fields: Record<string, string> = {}
        for (const f of elements(wrapper)) {
          const key = localName(f.name)
          setFirst(fields, key, textOf(f))
        }
        out.userData = { element: localName(wrapper.name), fields }
      }
    }
  }
  return out
}

function plausibleMs(ms: number | undefined): number | undefined {
  return ms !== undefined && ms < YEAR_10000_MS ? ms : undefined
}

/** A System text, or undefined for an empty one (a Null or empty value: the field is absent). */
function systemText(s: SystemReader, field: number): string | undefined {
  const t = s.text(field)
  return t === '' ? undefined : t
}

function safeId(id: number | undefined): number | undefined {
  return id !== undefined && Number.isSafeInteger(id) ? id : undefined
}

/**
 * The normalized event of a record.
 * @param record - a parsed record
 * @param fallbackChannel - the channel to assume when the record has none (from the file name)
 */
export function normalizeRecord(record: EvtxRecord, fallbackChannel?: string): NormalizedEvent {
  // Only the fields an event keeps: ActivityID, ProcessID and the like are never formatted.
  const s = systemReader(record)
  const payload = payloadFromNodes(record) ?? readPayload(recordPayloadTree(record))
  // A time from the year 10000 on or an id past 2^53 - 1 is damage: the event keeps the other
  // one it has (TimeCreated or the record's written time; EventRecordID or the record's id), or none.
  const created = plausibleMs(s.timeMs())
  const written = plausibleMs(record.writtenTimeMs)
  return {
    provider: systemText(s, F.provider),
    providerGuid: normalizeGuid(systemText(s, F.providerGuid)),
    eventSourceName: systemText(s, F.eventSourceName),
    eventId: s.number(F.eventId),
    qualifiers: s.number(F.qualifiers),
    version: s.number(F.version),
    level: s.number(F.level),
    task: s.number(F.task),
    opcode: s.number(F.opcode),
    keywords: systemText(s, F.keywords),
    timeCreated: created !== undefined ? s.text(F.timeCreated) : written !== undefined ? record.writtenTime : undefined,
    timeCreatedMs: created ?? written,
    recordId: safeId(s.number(F.eventRecordId)) ?? safeId(record.recordId),
    channel: systemText(s, F.channel) ?? fallbackChannel,
    computer: systemText(s, F.computer),
    userId: systemText(s, F.userId),
    ...payload,
  }
}
