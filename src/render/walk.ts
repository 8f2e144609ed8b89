/**
 * The one walk over parsed BinXML that every renderer shares, so XML, the element tree and JSON
 * agree on Windows' rendering rules:
 * - an element whose dependency id names a Null value is left out (this is how `<Binary>`
 *   disappears);
 * - an attribute made only of an optional substitution whose value is Null is left out
 *   (`<Correlation/>`, `<Security/>`);
 * - an element whose content holds an array substitution is repeated once per item (an empty
 *   array still gives one empty element);
 * - a BinXml value is walked in place; a template instance is walked with its own values.
 * Subtrees that depend on no value are offered to the visitor as static, so a renderer can cache
 * them per template.
 */
import {
  type AttributeNode,
  type ContentNode,
  type ElementNode,
  entityText,
  type Fragment,
  NodeKind,
} from '../binxml/nodes.js'
import type { ValueTable } from '../binxml/value-table.js'
import { ARRAY_BIT, ValueType } from '../binxml/value-types.js'
import { itemCount, valueText } from '../binxml/values.js'
import { DEFAULT_LIMITS } from '../limits.js'
import { renderBudgetError } from './budget.js'
import { cdataXml, entityXml, processingInstructionXml } from './escape.js'

export interface RenderVisitor {
  startElement(el: ElementNode): void
  /** One rendered attribute (value unescaped). */
  attribute(name: string, value: string): void
  /** End of the start tag; `empty` means `<X/>` and no content or end follows. */
  endStartTag(el: ElementNode, empty: boolean): void
  /** Literal text (unescaped). */
  text(text: string): void
  /** A character or entity reference, CDATA or processing instruction: its XML form and its text. */
  markup(xml: string, text: string): void
  /** A scalar substitution value in element content (item = array item or -1). */
  substitution(vt: ValueTable, index: number, item: number): void
  endElement(el: ElementNode): void
}

export function walkFragment(nodes: Fragment, vt: ValueTable | undefined, v: RenderVisitor): void {
  for (const n of nodes) walkContent(n, vt, v, -1)
}

function walkContent(n: ContentNode, vt: ValueTable | undefined, v: RenderVisitor, item: number): void {
  switch (n.kind) {
    case NodeKind.Element:
      walkElement(n, vt, v)
      return
    case NodeKind.Text:
      v.text(n.text)
      return
    case NodeKind.Substitution:
      if (vt === undefined || vt.isNull(n.index)) return
      if (vt.type(n.index) === ValueType.BinXml) {
        const nested = vt.nested(n.index)
        if (nested !== undefined) walkFragment(nested, undefined, v)
        return
      }
      v.substitution(vt, n.index, item)
      return
    case NodeKind.CharRef:
      v.markup(`&#${n.code};`, String.fromCharCode(n.code))
      return
    case NodeKind.EntityRef:
      v.markup(entityXml(n.name), entityText(n.name) ?? `&${n.name};`)
      return
    case NodeKind.CData:
      v.markup(cdataXml(n.text), n.text)
      return
    case NodeKind.ProcessingInstruction:
      v.markup(processingInstructionXml(n.target, n.data), '')
      return
    case NodeKind.TemplateInstance:
      walkFragment(n.template.fragment, n.values, v)
      return
  }
}

function walkElement(el: ElementNode, vt: ValueTable | undefined, v: RenderVisitor): void {
  if (el.depId >= 0 && vt !== undefined && vt.isNull(el.depId)) return
  let repeat = 1
  if (vt !== undefined) {
    for (const i of el.childSubstitutions) {
      if (vt.type(i) & ARRAY_BIT) {
        repeat = Math.max(1, itemCount(vt, i))
        break
      }
    }
  }
  for (let item = 0; item < repeat; item++) walkElementOnce(el, vt, v, repeat > 1 || item > 0 ? item : -1)
}

function walkElementOnce(el: ElementNode, vt: ValueTable | undefined, v: RenderVisitor, item: number): void {
  v.startElement(el)
  for (const a of el.attrs) {
    const value = attributeValue(a, vt)
    if (value !== undefined) v.attribute(a.name, value)
  }
  if (el.empty) {
    v.endStartTag(el, true)
    return
  }
  v.endStartTag(el, false)
  for (const c of el.children) walkContent(c, vt, v, item)
  v.endElement(el)
}

/** The attribute's text, or undefined when it is left out (an optional substitution with a Null value). */
export function attributeValue(a: AttributeNode, vt: ValueTable | undefined): string | undefined {
  if (a.optionalOnly) {
    const only = a.value[0]
    if (only !== undefined && only.kind === NodeKind.Substitution && (vt === undefined || vt.isNull(only.index))) return undefined
  }
  let s = ''
  for (const p of a.value) {
    // A template can name one long value thousands of times in an attribute: stop before the
    // string passes what any rendering allows (renderers count the value again against the
    // record's own limit).
    if (s.length > DEFAULT_LIMITS.maxRenderedLength) throw renderBudgetError(DEFAULT_LIMITS.maxRenderedLength, 'characters')
    switch (p.kind) {
      case NodeKind.Text:
        s += p.text
        break
      case NodeKind.Substitution:
        if (vt !== undefined && !vt.isNull(p.index) && vt.type(p.index) !== ValueType.BinXml) s += valueText(vt, p.index, -1)
        break
      case NodeKind.CharRef:
        s += String.fromCharCode(p.code)
        break
      case NodeKind.EntityRef:
        s += entityText(p.name) ?? `&${p.name};`
        break
      default:
        break
    }
  }
  return s
}
