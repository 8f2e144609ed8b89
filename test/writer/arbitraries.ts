/**
 * fast-check arbitraries for the writer's input model: templates with random element trees,
 * dependency ids and substitutions, values of every type the parser reads (arrays and nested
 * BinXml included), raw-element records, and whole record lists.
 */
import fc from 'fast-check'
import {
  type AttributePart,
  type AttributeSpec,
  type BinXmlDocument,
  type ContentSpec,
  type DocumentNode,
  type ElementSpec,
  type TemplateDefinition,
  type ValueData,
  type WriterRecord,
  type WriterValue,
  val,
} from '../../src/writer/index.js'

/** A few recurring names (so chunks back-reference them) and random ones (so buckets chain). */
const NAME_POOL = ['Event', 'System', 'Data', 'EventData', 'Name', 'Binary', 'UserData', 'EventXML', 'Param1', 'xmlns']
export const nameArb = fc.oneof(fc.constantFrom(...NAME_POOL), fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_.-]{0,11}$/))

export const textArb = fc.string({ unit: 'binary', maxLength: 24 })
const noNul = fc.string({ unit: 'binary', maxLength: 16 }).map((s) => s.replace(/\u0000/g, ''))
const ascii = fc.string({ unit: 'binary-ascii', maxLength: 16 }).map((s) => s.replace(/\u0000/g, ''))

/** Base types the writer encodes, except BinXml (handled separately). */
export const SCALAR_TYPES = [0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f, 0x10, 0x11, 0x12, 0x13, 0x14, 0x15] as const
/** Base types with a well-defined item split when stored as an array. */
export const ARRAY_BASE_TYPES = [0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0f, 0x10, 0x11, 0x12, 0x13, 0x14, 0x15] as const

const sidArb = fc
  .tuple(fc.nat({ max: 0xffffffff }), fc.array(fc.nat({ max: 0xffffffff }), { maxLength: 6 }))
  .map(([auth, subs]) => `S-1-${auth}${subs.map((s) => `-${s}`).join('')}`)

const systemTimeArb = fc.record({
  year: fc.integer({ min: 1601, max: 9999 }),
  month: fc.integer({ min: 1, max: 12 }),
  dayOfWeek: fc.integer({ min: 0, max: 6 }),
  day: fc.integer({ min: 1, max: 28 }),
  hour: fc.integer({ min: 0, max: 23 }),
  minute: fc.integer({ min: 0, max: 59 }),
  second: fc.integer({ min: 0, max: 59 }),
  milliseconds: fc.integer({ min: 0, max: 999 }),
})

/** FILETIME ticks from 1601 to 9999 (what Date can format). */
export const ticksArb = fc.bigInt({ min: 0n, max: 2_650_467_743_999_999_999n })

/** Data of one item of `type`; `inArray` avoids NULs inside string items. */
function itemArb(type: number, inArray: boolean): fc.Arbitrary<ValueData> {
  switch (type) {
    case 0x01:
      return inArray ? noNul : textArb
    case 0x02:
      return ascii
    case 0x03:
      return fc.integer({ min: -128, max: 127 })
    case 0x04:
      return fc.integer({ min: 0, max: 255 })
    case 0x05:
      return fc.integer({ min: -32768, max: 32767 })
    case 0x06:
      return fc.integer({ min: 0, max: 65535 })
    case 0x07:
      return fc.integer({ min: -0x80000000, max: 0x7fffffff })
    case 0x08:
    case 0x14:
      return fc.nat({ max: 0xffffffff })
    case 0x09:
      return fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n })
    case 0x0a:
    case 0x10:
    case 0x15:
      return fc.bigInt({ min: 0n, max: 2n ** 64n - 1n })
    case 0x0b:
      return fc.float().map((f) => Math.fround(f))
    case 0x0c:
      return fc.double()
    case 0x0d:
      return fc.boolean()
    case 0x0e:
      return fc.uint8Array({ maxLength: 24 })
    case 0x0f:
      return fc.uuid().map((u) => `{${u}}`)
    case 0x11:
      return ticksArb
    case 0x12:
      return systemTimeArb
    case 0x13:
      return sidArb
    default:
      throw new Error(`no arbitrary for type ${type}`)
  }
}

/** A value of declared `type`, sometimes Null (with or without filler bytes). */
export function valueArb(type: number, nested: fc.Arbitrary<BinXmlDocument> | undefined): fc.Arbitrary<WriterValue> {
  let v: fc.Arbitrary<WriterValue>
  if (type === 0x21) v = nested === undefined ? fc.constant(val.null()) : nested.map((d) => val.binxml(d))
  else if (type & 0x80) {
    const base = type & 0x7f
    v = fc.array(itemArb(base, true), { maxLength: 4 }).map((items) => ({ type, items, ...(base === 0x10 ? { width: 8 as const } : {}) }))
  } else if (type === 0x10) {
    // a 4-byte SizeT holds 32 bits; the writer refuses more
    const width4 = fc.bigInt({ min: 0n, max: 2n ** 32n - 1n }).map((d) => ({ type, value: d, width: 4 as const }))
    v = fc.oneof(width4, itemArb(type, false).map((d) => ({ type, value: d, width: 8 as const })))
  } else v = itemArb(type, false).map((d) => ({ type, value: d }))
  return fc.oneof({ weight: 5, arbitrary: v }, { weight: 1, arbitrary: fc.nat({ max: 4 }).map((n) => val.null(n)) })
}

export const typeArb = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...SCALAR_TYPES) },
  { weight: 2, arbitrary: fc.constantFrom(...ARRAY_BASE_TYPES).map((t) => t | 0x80) },
  { weight: 1, arbitrary: fc.constant(0x21) },
)

const charRefArb = fc.integer({ min: 0x20, max: 0xd7ff }).map((code) => ({ kind: 'charref' as const, code }))
const entityArb = fc.constantFrom('lt', 'gt', 'amp', 'quot', 'apos').map((name) => ({ kind: 'entityref' as const, name }))
const textSpecArb = textArb.map((text) => ({ kind: 'text' as const, text }))

/** Element trees; `subs` lists the declared types by index (empty outside templates). */
export function elementArb(types: readonly number[], depth: number): fc.Arbitrary<ElementSpec> {
  const inTemplate = types.length > 0
  const subArb = inTemplate
    ? fc.tuple(fc.nat({ max: types.length - 1 }), fc.boolean()).map(([index, optional]) => ({ kind: 'substitution' as const, index, type: types[index] as number, optional }))
    : undefined
  const partArb: fc.Arbitrary<AttributePart> = subArb ? fc.oneof(textSpecArb, subArb, charRefArb, entityArb) : fc.oneof(textSpecArb, charRefArb, entityArb)
  const attrArb: fc.Arbitrary<AttributeSpec> = fc.record({ name: nameArb, value: fc.array(partArb, { minLength: 1, maxLength: 3 }) })
  const leafArb: fc.Arbitrary<ContentSpec> = fc.oneof(
    { weight: 3, arbitrary: subArb ?? textSpecArb },
    { weight: 2, arbitrary: textSpecArb },
    { weight: 1, arbitrary: charRefArb },
    { weight: 1, arbitrary: entityArb },
    { weight: 1, arbitrary: textArb.map((text) => ({ kind: 'cdata' as const, text: text.replace(/]]>/g, '') })) },
    { weight: 1, arbitrary: fc.tuple(nameArb, textArb).map(([target, data]) => ({ kind: 'pi' as const, target, data })) },
  )
  const childArb: fc.Arbitrary<ContentSpec> = depth <= 0 ? leafArb : fc.oneof({ weight: 2, arbitrary: leafArb }, { weight: 1, arbitrary: fc.constant(null).chain(() => elementArb(types, depth - 1)) })
  return fc
    .record({
      name: nameArb,
      attributes: fc.array(attrArb, { maxLength: 3 }),
      children: fc.array(childArb, { maxLength: 4 }),
      depId: inTemplate ? fc.option(fc.nat({ max: types.length }), { nil: undefined, freq: 3 }) : fc.constant(undefined),
      empty: fc.boolean(),
    })
    .map(({ name, attributes, children, depId, empty }) => {
      const e: { -readonly [K in keyof ElementSpec]: ElementSpec[K] } = { kind: 'element', name, attributes, children, empty: empty && children.length === 0 }
      if (depId !== undefined) e.depId = depId
      return e
    })
}

export interface TemplateCase {
  readonly template: TemplateDefinition
  readonly types: readonly number[]
}

/** A template: declared types and a body whose root element has no dependency id. */
export const templateArb: fc.Arbitrary<TemplateCase> = fc
  .array(typeArb, { minLength: 1, maxLength: 6 })
  .chain((types) => elementArb(types, 2).map((root) => ({ types, template: { body: [{ ...root, depId: undefined } as ElementSpec] } })))

/** A nested document (for BinXml values): raw elements or an instance of a fresh template. */
export const nestedDocArb: fc.Arbitrary<BinXmlDocument> = fc.oneof(
  fc.tuple(elementArb([], 1), fc.boolean()).map(([e, fragmentHeader]) => ({ fragmentHeader, nodes: [e] })),
  fc
    .array(fc.constantFrom(...SCALAR_TYPES), { minLength: 1, maxLength: 3 })
    .chain((types) =>
      fc.tuple(elementArb(types, 1), fc.tuple(...types.map((t) => valueArb(t, undefined))), fc.boolean()).map(([root, values, fragmentHeader]) => ({
        fragmentHeader,
        nodes: [{ kind: 'template' as const, template: { body: [{ ...root, depId: undefined } as ElementSpec] }, values }],
      })),
    ),
)

/** One record document: an instance of one of `templates`, or a raw element tree. */
export function documentArb(templates: readonly TemplateCase[]): fc.Arbitrary<BinXmlDocument> {
  const instanceArb = fc
    .nat({ max: templates.length - 1 })
    .chain((i) => {
      const t = templates[i] as TemplateCase
      return fc.tuple(...t.types.map((ty) => valueArb(ty, nestedDocArb))).map((values) => ({ kind: 'template' as const, template: t.template, values }))
    })
  const main: fc.Arbitrary<DocumentNode> = fc.oneof({ weight: 4, arbitrary: instanceArb }, { weight: 1, arbitrary: elementArb([], 2) })
  const piArb = fc.option(fc.tuple(nameArb, textArb).map(([target, data]) => ({ kind: 'pi' as const, target, data })), { freq: 8, nil: undefined })
  return fc.tuple(piArb, main).map(([pi, node]) => ({ nodes: pi === undefined ? [node] : [pi, node] }))
}

export interface EventsCase {
  readonly records: WriterRecord[]
  /** Record-data limit per chunk (small values force many chunks). */
  readonly fillLimit: number
  /** Records per chunk at most (undefined: fill by space only). */
  readonly maxRecords: number | undefined
}

/** A list of records over a few shared templates, with ascending ids. */
export const eventsArb: fc.Arbitrary<EventsCase> = fc
  .array(templateArb, { minLength: 1, maxLength: 3 })
  .chain((templates) =>
    fc.record({
      firstId: fc.bigInt({ min: 1n, max: 2n ** 40n }),
      docs: fc.array(fc.tuple(documentArb(templates), ticksArb), { minLength: 1, maxLength: 24 }),
      fillLimit: fc.integer({ min: 8192, max: 65536 }),
      maxRecords: fc.option(fc.integer({ min: 1, max: 6 }), { nil: undefined }),
    }),
  )
  .map(({ firstId, docs, fillLimit, maxRecords }) => ({
    fillLimit,
    maxRecords,
    records: docs.map(([document, written], i) => ({ recordId: firstId + BigInt(i), written, document })),
  }))

/** The writer options a case asks for. */
export function writeOptions(c: EventsCase): { fillLimit: number; maxRecords?: number } {
  return c.maxRecords === undefined ? { fillLimit: c.fillLimit } : { fillLimit: c.fillLimit, maxRecords: c.maxRecords }
}
