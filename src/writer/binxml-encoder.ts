/**
 * Element trees, template instances and values → BinXML tokens, written at their final chunk
 * offsets.
 *
 * What Windows does and this encoder copies (checked on real System logs):
 * - element starts carry a u16 dependency id only inside template definitions (0xFFFF = none);
 * - an element's data size counts every byte after the size field up to and including its
 *   end token; the attribute list size counts the attribute bytes up to the close token;
 * - an attribute token is 0x46 when another attribute follows, else 0x06;
 * - names are inline the first time the chunk uses them, back-references after;
 * - a template definition is inline right after its instance header the first time the chunk
 *   uses it (`u32 next, GUID, u32 size, 0f 01 01 00, tree, 00`), a back-reference after;
 * - the instance data is `u32 count`, `count × {u16 size, u8 type, u8 0}`, then the values.
 * Text-like tokens (value text, character and entity references, CDATA) carry the 0x40 "more"
 * bit when the next sibling is text-like too (inferred from MS-EVEN6; Windows' own templates
 * never put two side by side).
 */
import { BinXmlToken, MORE_BIT } from '../binxml/tokens.js'
import { ValueType } from '../binxml/value-types.js'
import { encodeGuid } from '../binary/guid.js'
import { encodeUtf16 } from '../binary/utf16.js'
import { ByteWriter } from './byte-writer.js'
import type { AttributePart, BinXmlDocument, ContentSpec, DocumentNode, ElementSpec, TemplateInstance, WriterValue } from './model.js'
import type { StringTable } from './string-table.js'
import { templateGuid, templateShape } from './template-guid.js'
import type { TemplateTable } from './template-table.js'
import { encodeValue } from './value-encoder.js'

/** The chunk state an encoding reads and extends. */
export interface EncodeTables {
  readonly names: StringTable
  readonly templates: TemplateTable
}

const FRAGMENT_HEADER = Uint8Array.of(0x0f, 0x01, 0x01, 0x00)
const MAX_VALUE_SIZE = 0xffff

function isTextLike(n: ContentSpec | AttributePart | undefined): boolean {
  return n !== undefined && (n.kind === 'text' || n.kind === 'charref' || n.kind === 'entityref' || n.kind === 'cdata')
}

/** Writes a u16 field of the model (a dependency id, substitution index, character code), refusing what a u16 cannot hold. */
function u16Field(w: ByteWriter, what: string, n: number): void {
  if (!Number.isInteger(n) || n < 0 || n > 0xffff) throw new RangeError(`${what} ${n} does not fit in a u16 (0-65535)`)
  w.u16(n)
}

function utf16Units(w: ByteWriter, text: string): void {
  if (text.length > 0xffff) throw new RangeError(`text of ${text.length} UTF-16 units does not fit a u16 length`)
  w.u16(text.length)
  w.bytes(encodeUtf16(text))
}

/** Writes a document: optional fragment header, its nodes, then EOF. */
export function encodeDocument(t: EncodeTables, w: ByteWriter, doc: BinXmlDocument): void {
  if (doc.fragmentHeader !== false) w.bytes(FRAGMENT_HEADER)
  for (const n of doc.nodes) encodeDocumentNode(t, w, n)
  w.u8(BinXmlToken.EndOfStream)
}

function encodeDocumentNode(t: EncodeTables, w: ByteWriter, n: DocumentNode): void {
  if (n.kind === 'element') encodeElement(t, w, n, false)
  else if (n.kind === 'template') encodeTemplateInstance(t, w, n)
  else encodeContent(t, w, n, undefined, false)
}

function encodeElement(t: EncodeTables, w: ByteWriter, el: ElementSpec, inTemplate: boolean): void {
  const attrs = el.attributes ?? []
  const children = el.children ?? []
  if (el.empty && children.length > 0) throw new TypeError(`element <${el.name}> is marked empty but has children`)
  if (!inTemplate && el.depId !== undefined) throw new TypeError(`element <${el.name}>: dependency ids exist only inside template definitions`)
  w.u8(attrs.length > 0 ? BinXmlToken.OpenStartElement | MORE_BIT : BinXmlToken.OpenStartElement)
  if (inTemplate) u16Field(w, `element <${el.name}>: dependency id`, el.depId ?? 0xffff)
  const sizeAt = w.pos
  w.u32(0)
  t.names.writeName(w, el.name)
  if (attrs.length > 0) {
    const listAt = w.pos
    w.u32(0)
    attrs.forEach((a, i) => {
      w.u8(i < attrs.length - 1 ? BinXmlToken.Attribute | MORE_BIT : BinXmlToken.Attribute)
      t.names.writeName(w, a.name)
      a.value.forEach((p, k) => encodeContent(t, w, p, a.value[k + 1], inTemplate))
    })
    w.patchU32(listAt, w.pos - listAt - 4)
  }
  if (el.empty) w.u8(BinXmlToken.CloseEmptyElement)
  else {
    w.u8(BinXmlToken.CloseStartElement)
    children.forEach((c, k) => {
      if (c.kind === 'element') encodeElement(t, w, c, inTemplate)
      else if (c.kind === 'template') {
        if (inTemplate) throw new TypeError('a template definition cannot hold a template instance')
        encodeTemplateInstance(t, w, c)
      } else encodeContent(t, w, c, children[k + 1], inTemplate)
    })
    w.u8(BinXmlToken.EndElement)
  }
  w.patchU32(sizeAt, w.pos - sizeAt - 4)
}

type Leaf = Exclude<ContentSpec, ElementSpec | TemplateInstance>

function encodeContent(t: EncodeTables, w: ByteWriter, n: Leaf, next: ContentSpec | AttributePart | undefined, inTemplate: boolean): void {
  const more = isTextLike(next) ? MORE_BIT : 0
  switch (n.kind) {
    case 'text':
      w.u8(BinXmlToken.Value | more)
      w.u8(ValueType.String)
      utf16Units(w, n.text)
      return
    case 'substitution':
      if (!inTemplate) throw new TypeError(`substitution %${n.index} outside a template definition`)
      w.u8(n.optional ? BinXmlToken.OptionalSubstitution : BinXmlToken.NormalSubstitution)
      u16Field(w, 'substitution index', n.index)
      if (!Number.isInteger(n.type) || n.type < 0 || n.type > 0xff) throw new RangeError(`substitution %${n.index}: type ${n.type} does not fit in a byte`)
      w.u8(n.type)
      return
    case 'charref':
      w.u8(BinXmlToken.CharRef | more)
      u16Field(w, 'character reference', n.code)
      return
    case 'entityref':
      w.u8(BinXmlToken.EntityRef | more)
      t.names.writeName(w, n.name)
      return
    case 'cdata':
      w.u8(BinXmlToken.CDataSection | more)
      utf16Units(w, n.text)
      return
    case 'pi':
      w.u8(BinXmlToken.PITarget)
      t.names.writeName(w, n.target)
      w.u8(BinXmlToken.PIData)
      utf16Units(w, n.data)
      return
  }
}

/** Writes a template instance: header, the definition inline if the chunk lacks it, the values. */
export function encodeTemplateInstance(t: EncodeTables, w: ByteWriter, inst: TemplateInstance): void {
  const guid = templateGuid(inst.template)
  const guidBytes = new Uint8Array(16)
  if (!encodeGuid(guid, guidBytes, 0)) throw new TypeError(`template GUID ${guid} is malformed`)
  w.u8(BinXmlToken.TemplateInstance)
  w.u8(0x01)
  w.bytes(guidBytes.subarray(0, 4))
  const known = t.templates.lookup(guid)
  if (known !== undefined) {
    // The chunk holds one definition per GUID: another tree under the same GUID would read back as the first.
    if (inst.template.guid !== undefined && t.templates.shapeOf(guid) !== templateShape(inst.template)) {
      throw new TypeError(`template GUID ${guid} is given to two different definitions`)
    }
    w.u32(known)
  } else {
    const defAt = w.pos + 4
    w.u32(defAt)
    w.u32(0) // next: linked when the record is committed
    w.bytes(guidBytes)
    const sizeAt = w.pos
    w.u32(0)
    w.bytes(FRAGMENT_HEADER)
    for (const n of inst.template.body) {
      if (n.kind === 'element') encodeElement(t, w, n, true)
      else encodeContent(t, w, n, undefined, true)
    }
    w.u8(BinXmlToken.EndOfStream)
    w.patchU32(sizeAt, w.pos - sizeAt - 4)
    t.templates.defineTemplate(guid, defAt, templateShape(inst.template))
  }
  encodeValues(t, w, inst.values)
}

function encodeValues(t: EncodeTables, w: ByteWriter, values: readonly WriterValue[]): void {
  let at = w.pos + 4 + 4 * values.length
  const encoded: Uint8Array[] = []
  for (const [i, v] of values.entries()) {
    let bytes: Uint8Array
    if (v.type === ValueType.BinXml && v.raw === undefined) {
      const nested = new ByteWriter(at)
      const doc = v.value
      if (doc === undefined || typeof doc !== 'object' || !('nodes' in doc)) throw new TypeError(`value ${i}: a BinXml value needs a document`)
      encodeDocument(t, nested, doc)
      bytes = nested.result().slice()
    } else bytes = encodeValue(v)
    if (bytes.length > MAX_VALUE_SIZE) throw new RangeError(`value ${i} is ${bytes.length} bytes; a value holds at most ${MAX_VALUE_SIZE}`)
    encoded.push(bytes)
    at += bytes.length
  }
  w.u32(values.length)
  for (const [i, v] of values.entries()) {
    w.u16((encoded[i] as Uint8Array).length)
    w.u8(v.type)
    w.u8(0)
  }
  for (const bytes of encoded) w.bytes(bytes)
}
