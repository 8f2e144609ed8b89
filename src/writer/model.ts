/**
 * What the writer takes: events described as element trees, template definitions with
 * substitutions, and typed substitution values. Nothing here is EVTX bytes yet.
 *
 * - A {@link TemplateDefinition} is an element tree whose leaves may be substitutions
 *   (`%index`, normal or optional) and whose elements may carry a dependency id.
 * - A {@link TemplateInstance} pairs a definition with its values, one per substitution index.
 * - A record holds a {@link BinXmlDocument}: usually one template instance, or raw elements
 *   (as WEC-forwarded events are), or processing instructions.
 * - A {@link WriterValue} of type BinXml (0x21) holds a nested document, which is how Windows
 *   stores EventData and UserData inside the System envelope.
 * Ref: MS-EVEN6 §2.2.12; ../shared/docs/evtx-format.md c.5-c.8.
 */

/** Literal text (a Value token, type String). */
export interface TextSpec {
  readonly kind: 'text'
  readonly text: string
}

/** `%index` with its declared type; optional substitutions (0x0E) vanish when the value is Null. */
export interface SubstitutionSpec {
  readonly kind: 'substitution'
  readonly index: number
  readonly type: number
  readonly optional: boolean
}

/** `&#code;` */
export interface CharRefSpec {
  readonly kind: 'charref'
  readonly code: number
}

/** `&name;` (lt, gt, amp, quot, apos) */
export interface EntityRefSpec {
  readonly kind: 'entityref'
  readonly name: string
}

export interface CDataSpec {
  readonly kind: 'cdata'
  readonly text: string
}

/** `<?target data?>` */
export interface PISpec {
  readonly kind: 'pi'
  readonly target: string
  readonly data: string
}

/** The parts an attribute value may be made of. */
export type AttributePart = TextSpec | SubstitutionSpec | CharRefSpec | EntityRefSpec

export interface AttributeSpec {
  readonly name: string
  readonly value: readonly AttributePart[]
}

export interface ElementSpec {
  readonly kind: 'element'
  readonly name: string
  readonly attributes?: readonly AttributeSpec[]
  readonly children?: readonly ContentSpec[]
  /** Substitution index this element depends on (template definitions only); absent = 0xFFFF. */
  readonly depId?: number
  /** Close with CloseEmptyElement (`<X/>`); only allowed without children. */
  readonly empty?: boolean
}

/** A template instance: the definition plus one value per substitution index. */
export interface TemplateInstance {
  readonly kind: 'template'
  readonly template: TemplateDefinition
  readonly values: readonly WriterValue[]
}

export type ContentSpec = ElementSpec | TextSpec | SubstitutionSpec | CharRefSpec | EntityRefSpec | CDataSpec | PISpec | TemplateInstance

/** What may stand at the top of a document: elements, template instances, processing instructions. */
export type DocumentNode = ElementSpec | TemplateInstance | PISpec

export interface BinXmlDocument {
  /** Write the fragment header `0f 01 01 00` first (records always have it; Windows omits it in
   * manifest EventData/UserData values and writes it in classic ones). Default true. */
  readonly fragmentHeader?: boolean
  readonly nodes: readonly DocumentNode[]
}

export interface TemplateDefinition {
  /** Template GUID; derived from the definition when absent (see template-guid.ts). */
  readonly guid?: string
  /** The body: normally one element (elements may carry depId; substitutions allowed). */
  readonly body: readonly (ElementSpec | PISpec)[]
}

export interface SystemTimeParts {
  readonly year: number
  readonly month: number
  readonly dayOfWeek: number
  readonly day: number
  readonly hour: number
  readonly minute: number
  readonly second: number
  readonly milliseconds: number
}

export type ValueData = string | number | bigint | boolean | Uint8Array | SystemTimeParts | BinXmlDocument

/**
 * A substitution value: its type (0x00-0x15, 0x21, arrays 0x81-0x95) and data.
 * - scalars use `value`; arrays use `items`;
 * - `raw` replaces the encoding with exact bytes (Null values that carry bytes, odd sizes);
 * - SizeT takes `width` 4 or 8 (default 8).
 * Build values with the helpers in values.ts (`val.string('x')`, `val.array(...)`).
 */
export interface WriterValue {
  readonly type: number
  readonly value?: ValueData
  readonly items?: readonly ValueData[]
  readonly raw?: Uint8Array
  readonly width?: 4 | 8
}

/** One event record to write. */
export interface WriterRecord {
  readonly recordId: number | bigint
  /** Record header written time: FILETIME ticks, or ISO `YYYY-MM-DDThh:mm:ss[.fffffff]Z`. */
  readonly written: bigint | string
  readonly document: BinXmlDocument
}
