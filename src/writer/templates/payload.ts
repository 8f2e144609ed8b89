/**
 * Event payload templates, the part of an event inside the envelope's BinXml value:
 *
 * - classic unnamed data: `<EventData><Data>%0 (String[])</Data><Binary>%2</Binary></EventData>`,
 *   both elements depending on their value, value 1 the binary length (UInt32). One shared
 *   template serves every classic event of every provider (real GUID-hashed id 4329d877 in all
 *   the System logs inspected), so Data is repeated per insertion string and vanishes when there
 *   are none, and Binary vanishes when there is no binary data;
 * - named data: `<EventData [Name='…']><Data Name='f'>%i</Data>…[<Binary>%n+1</Binary>]</EventData>`,
 *   normal substitutions, value n the binary length when there is Binary (Service Control
 *   Manager's layout);
 * - UserData: `<Root xmlns='…'><f>%i</f>…</Root>` (`EventXML` / `Event_NS` for TerminalServices).
 * Each distinct layout is one template definition, created once and reused.
 */
import { ValueType as T } from '../../binxml/value-types.js'
import { attr, el, opt, sub } from '../build.js'
import type { AttributeSpec, ElementSpec, TemplateDefinition, WriterValue } from '../model.js'
import { val } from '../value-encoder.js'

/** One named field of a payload: its element or Data name and its value. */
export interface PayloadField {
  readonly name: string
  readonly value: WriterValue
}

export interface Payload {
  readonly kind: 'EventData' | 'UserData'
  readonly template: TemplateDefinition
  readonly values: readonly WriterValue[]
}

const cache = new Map<string, TemplateDefinition>()

function cached(key: string, make: () => TemplateDefinition): TemplateDefinition {
  let t = cache.get(key)
  if (t === undefined) {
    t = make()
    cache.set(key, t)
  }
  return t
}

const CLASSIC_DATA: TemplateDefinition = {
  body: [
    el('EventData', [], [
      el('Data', [], [opt(0, T.String | 0x80)], { depId: 0 }),
      el('Binary', [], [opt(2, T.Binary)], { depId: 2 }),
    ]),
  ],
}

/** Classic event data: unnamed insertion strings and optional binary data. */
export function classicData(strings: readonly string[], binary?: Uint8Array): Payload {
  const values: WriterValue[] = [
    strings.length > 0 ? val.array(T.String, strings) : val.null(),
    binary !== undefined ? val.uint32(binary.length) : val.null(),
    binary !== undefined ? val.binary(binary) : val.null(),
  ]
  return { kind: 'EventData', template: CLASSIC_DATA, values }
}

/** Manifest or classic named event data (`Data Name=…`), optionally with Binary and an EventData Name. */
export function namedData(fields: readonly PayloadField[], options: { binary?: Uint8Array; eventDataName?: string } = {}): Payload {
  const shape = fields.map((f) => [f.name, f.value.type])
  const hasBinary = options.binary !== undefined
  const key = JSON.stringify(['named', shape, hasBinary, options.eventDataName ?? null])
  const template = cached(key, () => {
    const children: ElementSpec[] = fields.map((f, i) => el('Data', [attr('Name', f.name)], [sub(i, f.value.type)], { empty: false }))
    if (hasBinary) children.push(el('Binary', [], [sub(fields.length + 1, T.Binary)]))
    const attrs: AttributeSpec[] = options.eventDataName === undefined ? [] : [attr('Name', options.eventDataName)]
    return { body: [el('EventData', attrs, children, { empty: false })] }
  })
  const values = fields.map((f) => f.value)
  if (options.binary !== undefined) values.push(val.uint32(options.binary.length), val.binary(options.binary))
  return { kind: 'EventData', template, values }
}

/** UserData payload: one root element (default `EventXML xmlns='Event_NS'`) with one child per field. */
export function userData(fields: readonly PayloadField[], root = 'EventXML', namespace = 'Event_NS'): Payload {
  const shape = fields.map((f) => [f.name, f.value.type])
  const key = JSON.stringify(['user', root, namespace, shape])
  const template = cached(key, () => ({
    body: [el(root, [attr('xmlns', namespace)], fields.map((f, i) => el(f.name, [], [sub(i, f.value.type)], { empty: false })), { empty: false })],
  }))
  return { kind: 'UserData', template, values: fields.map((f) => f.value) }
}
