/**
 * Normalized events from parsed EVTX records: the one adapter between the parser and the analyzer.
 *
 * System fields come from the parser's per-template compiled paths (no tree, no XML). The payload
 * (EventData or UserData) comes from the record's light element tree (System left out), built only for
 * records that passed the cheap provider/event-id prefilter, so its cost is paid for the few
 * events a rule wants, never for the whole log.
 */
import { readSystem } from '../access/system.js'
import type { EvtxRecord } from '../evtx/record.js'
import { setKey } from '../render/own-key.js'
import { recordPayloadTree, type XmlElement } from '../render/tree.js'
import { type NormalizedEvent, normalizeGuid, type UserDataFields } from './event.js'

/** Descendant text of an element, joined (what XPath `string()` gives). */
function textOf(el: XmlElement): string {
  let s = ''
  for (const c of el.children) s += typeof c === 'string' ? c : textOf(c)
  return s
}

function localName(name: string): string {
  const i = name.indexOf(':')
  return i < 0 ? name : name.slice(i + 1)
}

function elements(el: XmlElement): XmlElement[] {
  return el.children.filter((c): c is XmlElement => typeof c !== 'string')
}

/**
 * Sets `name` unless the object already has it as its own: the first occurrence wins. Names
 * come from the log, so `toString` or `__proto__` are plain field names here, never inherited
 * members or the prototype.
 */
function setFirst(target: Record<string, string>, name: string, value: string): void {
  if (!Object.hasOwn(target, name)) setKey(target, name, value)
}

interface Payload {
  data: Record<string, string>
  unnamedData: string[]
  binaryHex: string | undefined
  userData: UserDataFields | undefined
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

/**
 * The normalized event of a record.
 * @param record - a parsed record
 * @param fallbackChannel - the channel to assume when the record has none (from the file name)
 */
export function normalizeRecord(record: EvtxRecord, fallbackChannel?: string): NormalizedEvent {
  const s = readSystem(record)
  const payload = readPayload(recordPayloadTree(record))
  const timeMs = s.timeCreatedMs ?? record.writtenTimeMs
  return {
    provider: s.provider,
    providerGuid: normalizeGuid(s.providerGuid),
    eventSourceName: s.eventSourceName,
    eventId: s.eventId,
    qualifiers: s.qualifiers,
    version: s.version,
    level: s.level,
    task: s.task,
    opcode: s.opcode,
    keywords: s.keywords,
    timeCreated: s.timeCreatedMs === undefined ? record.writtenTime : s.timeCreated,
    timeCreatedMs: timeMs,
    recordId: s.eventRecordId ?? record.recordId,
    channel: s.channel ?? fallbackChannel,
    computer: s.computer,
    userId: s.userId,
    ...payload,
  }
}
