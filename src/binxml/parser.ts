/**
 * BinXML token stream → nodes, with a bounds-checked cursor and hard limits.
 *
 * Two contexts differ in one detail: element starts carry a u16 dependency id inside template
 * definitions and not elsewhere (records, nested BinXml values). Producers that break the rule
 * exist (WEC/ForwardedEvents, NetApp), so each element start is checked for a plausible layout
 * (its data size fits and its name offset is inline or points back) and the other layout is used
 * when only that one is plausible. Nesting depth and nested-BinXml levels are capped; every loop
 * consumes at least one byte per turn. The depth counts every element level of the record: a
 * template body (parsed once, from depth 0) is checked where it is instantiated, and a BinXml
 * value is parsed from the depth where its template renders it (template-depth.ts).
 * Ref: MS-EVEN6 §2.2.12; ../shared/docs/evtx-format.md c.5-c.8.
 */
import type { ByteCursor } from '../binary/cursor.js'
import { hex8 } from '../binary/hex.js'
import { decodeUtf16 } from '../binary/utf16.js'
import { EvtxError, EvtxErrorCode } from '../errors.js'
import { CHUNK_HEADER_SIZE } from '../evtx/constants.js'
import type { ChunkContext } from './context.js'
import { readName } from './names.js'
import {
  AttributeNode,
  CDataNode,
  CharRefNode,
  type ContentNode,
  ElementNode,
  EntityRefNode,
  NO_DEPENDENCY,
  ProcessingInstructionNode,
  SubstitutionNode,
  TemplateInstanceNode,
  TextNode,
} from './nodes.js'
import { type CompiledTemplate, isLostDefinition, templateAt } from './template.js'
import { type TemplateDepth, templateDepth, valueDepth } from './template-depth.js'
import { fitsValues } from './template-index.js'
import { BinXmlToken, MORE_BIT } from './tokens.js'
import { ValueTable } from './value-table.js'
import { ARRAY_BIT, isKnownValueType, ValueType, valueTypeName } from './value-types.js'

function badToken(ctx: ChunkContext, token: number, at: number, where: string): EvtxError {
  return new EvtxError(
    EvtxErrorCode.BinXmlBadToken,
    `unexpected BinXML token 0x${token.toString(16).padStart(2, '0')} ${where} at 0x${(ctx.fileOffset + at).toString(16)}`,
    ctx.location(at),
  )
}

/**
 * Parses a document in `[cur.pos, cur.end)`: fragment headers, elements, template instances and
 * processing instructions, up to the end-of-stream token. Used for record documents and nested
 * BinXml values (no dependency ids). A record holds one document and whatever follows its EOF is
 * slack; a nested value may hold several fragments, so there reading goes on after an EOF that
 * is followed by a complete fragment header (`0f 01 01 00`).
 */
export function parseDocument(ctx: ChunkContext, cur: ByteCursor, nest: number, depth: number): ContentNode[] {
  // Nearly every document is one template instance. An array that grows by push gets room for 17
  // items at its first push; two such arrays per record (the record and its EventData) were about
  // a sixth of the garbage of an XML render. So the first node waits in a variable (as in element
  // content and attribute values, where most lists hold one node too).
  let first: ContentNode | undefined
  let more: ContentNode[] | undefined
  while (cur.pos < cur.end) {
    const at = cur.pos
    const token = cur.peekU8('document.token')
    let node: ContentNode
    switch (token) {
      case BinXmlToken.EndOfStream:
        cur.pos++
        if (nest > 0 && startsFragment(ctx, cur)) continue
        return nodeList(first, more)
      case BinXmlToken.FragmentHeader:
        cur.skip(4, 'fragment.header')
        continue
      case BinXmlToken.OpenStartElement:
      case BinXmlToken.OpenStartElement | MORE_BIT:
        node = parseElement(ctx, cur, false, nest, depth)
        break
      case BinXmlToken.TemplateInstance:
        node = parseTemplateInstance(ctx, cur, nest, depth)
        break
      case BinXmlToken.PITarget:
        node = parseProcessingInstruction(ctx, cur)
        break
      default:
        throw badToken(ctx, token, at, 'at document level')
    }
    if (first === undefined) first = node
    else if (more === undefined) more = [first, node]
    else more.push(node)
  }
  return nodeList(first, more)
}

/** The list of a first node kept in a variable and the array started at the second one. */
function nodeList(first: ContentNode | undefined, more: ContentNode[] | undefined): ContentNode[] {
  return more ?? (first === undefined ? [] : [first])
}

function startsFragment(ctx: ChunkContext, cur: ByteCursor): boolean {
  const p = cur.pos
  const b = ctx.bytes
  return p + 4 <= cur.end && b[p] === 0x0f && b[p + 1] === 0x01 && b[p + 2] === 0x01 && b[p + 3] === 0x00
}

/** Parses a template definition body: one element tree with dependency ids, ended by EOF. */
export function parseTemplateBody(ctx: ChunkContext, cur: ByteCursor): ContentNode[] {
  const out: ContentNode[] = []
  while (cur.pos < cur.end) {
    const at = cur.pos
    const token = cur.peekU8('template.body.token')
    switch (token) {
      case BinXmlToken.EndOfStream:
        // Anything after EOF inside the declared size is "waste bytes" (MS-EVEN6): ignore it.
        return out
      case BinXmlToken.FragmentHeader:
        cur.skip(4, 'template.fragment.header')
        break
      case BinXmlToken.OpenStartElement:
      case BinXmlToken.OpenStartElement | MORE_BIT:
        out.push(parseElement(ctx, cur, true, 0, 0))
        break
      case BinXmlToken.PITarget:
        out.push(parseProcessingInstruction(ctx, cur))
        break
      default:
        throw badToken(ctx, token, at, 'in a template definition')
    }
  }
  return out
}

/** Is the element start at `cur.pos` (after its token byte) plausible with/without a dependency id? */
function plausibleLayout(ctx: ChunkContext, cur: ByteCursor, tokenAt: number, withDep: boolean): boolean {
  const sizeAt = cur.pos + (withDep ? 2 : 0)
  const nameFieldAt = sizeAt + 4
  if (nameFieldAt + 4 > cur.end) return false
  const dataSize = ctx.view.getUint32(sizeAt, true)
  if (sizeAt + 4 + dataSize > cur.end) return false
  const nameOffset = ctx.view.getUint32(nameFieldAt, true)
  return nameOffset === nameFieldAt + 4 || (nameOffset >= CHUNK_HEADER_SIZE && nameOffset < tokenAt)
}

function depthError(ctx: ChunkContext, at: number, detail: string): EvtxError {
  const max = ctx.file.limits.maxDepth
  return new EvtxError(EvtxErrorCode.BinXmlDepthLimit, `element nesting deeper than ${max} levels${detail} at 0x${(ctx.fileOffset + at).toString(16)}`, ctx.location(at))
}

function parseElement(ctx: ChunkContext, cur: ByteCursor, inTemplate: boolean, nest: number, depth: number): ElementNode {
  const tokenAt = cur.pos
  if (depth >= ctx.file.limits.maxDepth) throw depthError(ctx, tokenAt, '')
  const token = cur.u8('element.token')
  let withDep = inTemplate
  if (!plausibleLayout(ctx, cur, tokenAt, withDep) && plausibleLayout(ctx, cur, tokenAt, !withDep)) withDep = !withDep
  let depId = NO_DEPENDENCY
  if (withDep) {
    const d = cur.u16('element.dependencyId')
    if (d !== 0xffff) depId = d
  }
  cur.u32('element.dataSize')
  const name = readName(ctx, cur, 'element.name')
  const attrs: AttributeNode[] = []
  if (token & MORE_BIT) {
    cur.u32('element.attributeListSize')
    while (cur.pos < cur.end && (cur.peekU8('attribute.token') & 0x0f) === BinXmlToken.Attribute) {
      attrs.push(parseAttribute(ctx, cur))
    }
  }
  const closeAt = cur.pos
  const close = cur.u8('element.close')
  if (close === BinXmlToken.CloseEmptyElement) return new ElementNode(name, depId, attrs, [], true)
  if (close !== BinXmlToken.CloseStartElement) throw badToken(ctx, close, closeAt, `closing the start of <${name}>`)
  const children = parseContent(ctx, cur, inTemplate, nest, depth + 1, name)
  return new ElementNode(name, depId, attrs, children, false)
}

function parseAttribute(ctx: ChunkContext, cur: ByteCursor): AttributeNode {
  cur.u8('attribute.token')
  const name = readName(ctx, cur, 'attribute.name')
  let first: ContentNode | undefined
  let more: ContentNode[] | undefined
  for (;;) {
    if (cur.pos >= cur.end) break
    const token = cur.peekU8('attribute.value.token')
    const node = readLeaf(ctx, cur, token)
    if (node === undefined) break
    if (first === undefined) first = node
    else if (more === undefined) more = [first, node]
    else more.push(node)
  }
  return new AttributeNode(name, nodeList(first, more))
}

/** Reads a value-like token (text, substitution, character or entity reference); undefined if `token` is not one. */
function readLeaf(ctx: ChunkContext, cur: ByteCursor, token: number): ContentNode | undefined {
  switch (token) {
    case BinXmlToken.Value:
    case BinXmlToken.Value | MORE_BIT: {
      cur.skip(2, 'value.token')
      const units = cur.u16('value.length')
      const at = cur.need(2 * units, 'value.text')
      cur.pos = at + 2 * units
      return new TextNode(decodeUtf16(ctx.bytes, at, units))
    }
    case BinXmlToken.NormalSubstitution:
    case BinXmlToken.OptionalSubstitution: {
      cur.skip(1, 'substitution.token')
      const index = cur.u16('substitution.index')
      const type = cur.u8('substitution.type')
      return new SubstitutionNode(index, type, token === BinXmlToken.OptionalSubstitution)
    }
    case BinXmlToken.CharRef:
    case BinXmlToken.CharRef | MORE_BIT:
      cur.skip(1, 'charref.token')
      return new CharRefNode(cur.u16('charref.value'))
    case BinXmlToken.EntityRef:
    case BinXmlToken.EntityRef | MORE_BIT:
      cur.skip(1, 'entityref.token')
      return new EntityRefNode(readName(ctx, cur, 'entityref.name'))
    default:
      return undefined
  }
}

function parseContent(
  ctx: ChunkContext,
  cur: ByteCursor,
  inTemplate: boolean,
  nest: number,
  depth: number,
  parent: string,
): ContentNode[] {
  let first: ContentNode | undefined
  let more: ContentNode[] | undefined
  for (;;) {
    const at = cur.pos
    const token = cur.peekU8(`content of <${parent}>`)
    let node: ContentNode
    switch (token) {
      case BinXmlToken.EndElement:
        cur.pos++
        return nodeList(first, more)
      case BinXmlToken.OpenStartElement:
      case BinXmlToken.OpenStartElement | MORE_BIT:
        node = parseElement(ctx, cur, inTemplate, nest, depth)
        break
      case BinXmlToken.CDataSection:
      case BinXmlToken.CDataSection | MORE_BIT: {
        cur.skip(1, 'cdata.token')
        const units = cur.u16('cdata.length')
        const textAt = cur.need(2 * units, 'cdata.text')
        cur.pos = textAt + 2 * units
        node = new CDataNode(decodeUtf16(ctx.bytes, textAt, units))
        break
      }
      case BinXmlToken.PITarget:
        node = parseProcessingInstruction(ctx, cur)
        break
      case BinXmlToken.TemplateInstance:
        if (inTemplate) throw badToken(ctx, token, at, 'inside a template definition')
        node = parseTemplateInstance(ctx, cur, nest, depth)
        break
      default: {
        const leaf = readLeaf(ctx, cur, token)
        if (leaf === undefined) throw badToken(ctx, token, at, `in the content of <${parent}>`)
        node = leaf
      }
    }
    if (first === undefined) first = node
    else if (more === undefined) more = [first, node]
    else more.push(node)
  }
}

function parseProcessingInstruction(ctx: ChunkContext, cur: ByteCursor): ProcessingInstructionNode {
  cur.skip(1, 'pi.target.token')
  const target = readName(ctx, cur, 'pi.target')
  let data = ''
  if (cur.pos < cur.end && cur.peekU8('pi.data.token') === BinXmlToken.PIData) {
    cur.skip(1, 'pi.data.token')
    const units = cur.u16('pi.data.length')
    const at = cur.need(2 * units, 'pi.data')
    cur.pos = at + 2 * units
    data = decodeUtf16(ctx.bytes, at, units)
  }
  return new ProcessingInstructionNode(target, data)
}

function parseTemplateInstance(ctx: ChunkContext, cur: ByteCursor, nest: number, depth: number): TemplateInstanceNode {
  const tokenAt = cur.pos
  cur.skip(2, 'template.instance.header')
  const id = cur.u32('template.id')
  const refAt = cur.pos
  const definitionOffset = cur.u32('template.definitionOffset')
  if (ctx.verify) return checkedInstance(ctx, cur, nest, depth, id, definitionOffset, tokenAt, refAt)
  let template: CompiledTemplate
  try {
    template = templateAt(ctx, cur, definitionOffset)
  } catch (error) {
    // Only when loading failed (nothing is checked per record): a definition lost to zeros, and
    // not inline, so the values follow here.
    if (error instanceof EvtxError && definitionOffset !== cur.pos && isLostDefinition(ctx, definitionOffset)) return lentInstance(ctx, cur, nest, depth, id, definitionOffset, tokenAt, refAt)
    throw error
  }
  const values = readValueTable(ctx, cur, nest, depth, reachOf(ctx, template, depth, tokenAt))
  return new TemplateInstanceNode(template, values)
}

/**
 * The template's depth figures, checked for an instance whose place has `depth` element
 * ancestors: its body must fit in what `limits.maxDepth` leaves.
 */
function reachOf(ctx: ChunkContext, template: CompiledTemplate, depth: number, tokenAt: number): TemplateDepth {
  const reach = templateDepth(template)
  if (depth + reach.height > ctx.file.limits.maxDepth) throw depthError(ctx, tokenAt, ` (template ${template.guid}, ${reach.height} levels, instantiated ${depth} levels deep)`)
  return reach
}

/** A template instance whose template was chosen after its values were read: the BinXml values parsed for it. */
function instanceOf(ctx: ChunkContext, cur: ByteCursor, nest: number, depth: number, template: CompiledTemplate, values: ValueTable, tokenAt: number): TemplateInstanceNode {
  readSpecialValues(ctx, cur, values, nest, depth, reachOf(ctx, template, depth, tokenAt), false)
  return new TemplateInstanceNode(template, values)
}

/**
 * A template instance read with every reference checked (ChunkContext.verify: a record left in
 * unused space, whose definition newer records may have overwritten). Its own definition counts
 * only when it carries the id the instance names and its body fits the values exactly; otherwise
 * the context's lender may lend a template with that id that fits (counted in `ctx.lent`), and
 * failing that the instance is BINXML_BAD_TEMPLATE.
 */
function checkedInstance(ctx: ChunkContext, cur: ByteCursor, nest: number, depth: number, id: number, definitionOffset: number, tokenAt: number, refAt: number): TemplateInstanceNode {
  const inline = definitionOffset === cur.pos
  const at = `0x${definitionOffset.toString(16)}`
  const named = `template {${hex8(id)}-…}`
  let template: CompiledTemplate | undefined
  // Why the instance's own definition does not serve, when it was not found or not loaded.
  let why: string | undefined
  if (inline || (definitionOffset >= CHUNK_HEADER_SIZE && definitionOffset + 8 <= ctx.bytes.length && ctx.view.getUint32(definitionOffset + 4, true) === id)) {
    try {
      template = templateAt(ctx, cur, definitionOffset)
    } catch (error) {
      // Inline, its values follow the definition: without it they cannot be found.
      if (!(error instanceof EvtxError) || inline) throw error
      why = error.message
    }
    if (inline && template !== undefined && ctx.view.getUint32(definitionOffset + 4, true) !== id) {
      throw new EvtxError(EvtxErrorCode.BinXmlBadTemplate, `the template defined inline at ${at} is ${template.guid}, not the ${named} the instance names`, ctx.location(refAt))
    }
  } else why = `the template definition at ${at} is not the ${named} the record names (newer records overwrote it)`
  // The BinXml values are parsed once the template is chosen (their depth depends on it).
  const values = readValueTable(ctx, cur, nest, depth, undefined)
  if (template !== undefined && fitsValues(template, values)) return instanceOf(ctx, cur, nest, depth, template, values, tokenAt)
  const reason = why ?? `template ${template?.guid} at ${at} does not fit its ${values.count} values`
  const lent = ctx.file.lender.lend(id, ctx.chunkIndex, (t) => fitsValues(t, values))
  if (lent === undefined) throw new EvtxError(EvtxErrorCode.BinXmlBadTemplate, `${reason}, and no ${named} known to this reader fits its ${values.count} values`, ctx.location(refAt))
  ctx.lent++
  return instanceOf(ctx, cur, nest, depth, lent.template, values, tokenAt)
}

/**
 * A template instance whose definition was lost with the record that held it: its values (which
 * follow the reference) with the template an earlier chunk defines under the same id, when one
 * fits them (template-index.ts), and a warning saying so; otherwise BINXML_BAD_TEMPLATE. Not in
 * a block whose chunk header was lost (see ChunkContext.lending).
 */
function lentInstance(ctx: ChunkContext, cur: ByteCursor, nest: number, depth: number, id: number, definitionOffset: number, tokenAt: number, refAt: number): TemplateInstanceNode {
  const lost = `template definition at 0x${definitionOffset.toString(16)} is zeros: lost with the record that held it`
  if (!ctx.lending) throw new EvtxError(EvtxErrorCode.BinXmlBadTemplate, `${lost} (none is borrowed in a block whose chunk header was lost: the record may be an older copy left in unused space)`, ctx.location(refAt))
  const values = readValueTable(ctx, cur, nest, depth, undefined)
  const lent = ctx.file.lender.lend(id, ctx.chunkIndex, (t) => fitsValues(t, values))
  const hex = hex8(id)
  if (lent === undefined) throw new EvtxError(EvtxErrorCode.BinXmlBadTemplate, `${lost}, and no earlier chunk defines a template {${hex}-…} that fits its ${values.count} values`, ctx.location(refAt))
  const instance = instanceOf(ctx, cur, nest, depth, lent.template, values, tokenAt)
  ctx.report('warning', EvtxErrorCode.BinXmlTemplateBorrowed, `${lost}; rendered with template ${lent.template.guid} as chunk ${lent.chunkIndex} defines it (the same id, and it fits all ${values.count} values)`, refAt)
  return instance
}

/**
 * Reads the substitution values that follow a template instance, and with the template's depth
 * figures (`reach`) parses its BinXml values; without them (the template is chosen after its
 * values are read), {@link readSpecialValues} parses them once it is known.
 */
function readValueTable(ctx: ChunkContext, cur: ByteCursor, nest: number, depth: number, reach: TemplateDepth | undefined): ValueTable {
  const limits = ctx.file.limits
  const countAt = cur.pos
  const count = cur.u32('template.valueCount')
  if (count > limits.maxSubstitutions) {
    throw new EvtxError(
      EvtxErrorCode.LimitExceeded,
      `template instance declares ${count} values at 0x${(ctx.fileOffset + countAt).toString(16)}; the limit is ${limits.maxSubstitutions}`,
      ctx.location(countAt),
    )
  }
  const descAt = cur.need(4 * count, 'template.valueDescriptors')
  const view = ctx.view
  const bytes = ctx.bytes
  // Offsets go into the file's arena (one typed array for many instances).
  const arena = ctx.file.offsets
  const base = arena.reserve(count + 1)
  const offsets = arena.array
  // One pass over the descriptors: offsets, bounds, and whether any value needs a second look
  // (nested BinXml, or a type that is not decoded).
  let special = false
  let at = descAt + 4 * count
  for (let i = 0; i < count; i++) {
    offsets[base + i] = at
    const d = descAt + 4 * i
    const size = (bytes[d] as number) | ((bytes[d + 1] as number) << 8)
    const type = bytes[d + 2] as number
    // Scalars 0x00-0x15 and arrays 0x81-0x95 need nothing more; BinXml and unknown types do.
    if (type > ValueType.HexInt64 && (type < (ARRAY_BIT | ValueType.String) || type > (ARRAY_BIT | ValueType.HexInt64))) special = true
    if (at + size > cur.end) {
      throw new EvtxError(
        EvtxErrorCode.BinXmlValueOverrun,
        `template value ${i} runs past the record (type 0x${type.toString(16).padStart(2, '0')} size ${size} at 0x${(ctx.fileOffset + at).toString(16)}, record data ends at 0x${(ctx.fileOffset + cur.end).toString(16)})`,
        ctx.location(at),
      )
    }
    at += size
  }
  offsets[base + count] = at
  const vt = new ValueTable(bytes, view, count, descAt, offsets, base, ctx.file.codepage, limits.maxArrayItems)
  if (special) readSpecialValues(ctx, cur, vt, nest, depth, reach, true)
  cur.pos = at
  return vt
}

/**
 * The second look at an instance's values: with `reach`, parses its BinXml values, each from the
 * depth where the template renders it; with `warn`, reports values of types that are not
 * decoded. Leaves the cursor where it was.
 */
function readSpecialValues(ctx: ChunkContext, cur: ByteCursor, vt: ValueTable, nest: number, depth: number, reach: TemplateDepth | undefined, warn: boolean): void {
  const limits = ctx.file.limits
  const bytes = ctx.bytes
  const count = vt.count
  const descAt = vt.descAt
  const saved = cur.pos
  const savedEnd = cur.end
  for (let i = 0; i < count; i++) {
    const type = bytes[descAt + 4 * i + 2] as number
    if (type === ValueType.BinXml) {
      if (reach === undefined) continue
      if (nest + 1 > limits.maxNestedBinXml) {
        throw new EvtxError(
          EvtxErrorCode.LimitExceeded,
          `BinXml values nested deeper than ${limits.maxNestedBinXml} levels`,
          ctx.location(vt.offset(i)),
        )
      }
      cur.pos = vt.offset(i)
      cur.end = vt.offset(i) + vt.size(i)
      const nested = parseDocument(ctx, cur, nest + 1, valueDepth(reach, depth, i))
      cur.end = savedEnd
      vt.setNested(i, nested)
    } else if (warn && !isKnownValueType(type)) {
      ctx.report(
        'warning',
        EvtxErrorCode.BinXmlUnsupportedValue,
        `value ${i} has type ${valueTypeName(type)} (${vt.size(i)} bytes), which is not decoded; it renders empty`,
        vt.offset(i),
      )
    }
  }
  cur.pos = saved
}
