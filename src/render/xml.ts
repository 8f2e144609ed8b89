/**
 * Windows-faithful XML, as `wevtutil qe /f:xml` and Event Viewer's export write it: single-quoted
 * attributes in template order, no whitespace between elements, `<X/>` for elements the BinXML
 * closes empty and `<X></X>` for elements whose content rendered to nothing, values formatted as
 * Windows formats them. Static subtrees are rendered once per template and cached on its nodes.
 */
import { type ContentNode, type ElementNode, type Fragment, NodeKind } from '../binxml/nodes.js'
import type { ValueTable } from '../binxml/value-table.js'
import { valueText } from '../binxml/values.js'
import type { EvtxRecord } from '../evtx/record.js'
import { DEFAULT_LIMITS } from '../limits.js'
import { renderBudgetError } from './budget.js'
import { escapeAttribute, escapeText } from './escape.js'
import { runXmlProgram, xmlProgram } from './xml-program.js'
import { type RenderVisitor, walkFragment } from './walk.js'

class XmlVisitor implements RenderVisitor {
  out = ''
  private readonly max: number

  constructor(max: number) {
    this.max = max
  }

  staticElement(el: ElementNode): boolean {
    if (el.xmlStatic === undefined) {
      const inner = new XmlVisitor(this.max)
      walkFragment([el], undefined, new DynamicOnly(inner))
      el.xmlStatic = inner.out
    }
    this.out += el.xmlStatic
    return true
  }

  startElement(el: ElementNode): void {
    if (this.out.length > this.max) throw renderBudgetError(this.max, 'characters')
    this.out += `<${el.name}`
  }

  attribute(name: string, value: string): void {
    this.out += ` ${name}='${escapeAttribute(value)}'`
  }

  endStartTag(_el: ElementNode, empty: boolean): void {
    this.out += empty ? '/>' : '>'
  }

  text(text: string): void {
    this.out += escapeText(text)
  }

  markup(xml: string): void {
    this.out += xml
  }

  substitution(vt: ValueTable, index: number, item: number): void {
    if (this.out.length > this.max) throw renderBudgetError(this.max, 'characters')
    this.out += escapeText(valueText(vt, index, item))
  }

  endElement(el: ElementNode): void {
    this.out += `</${el.name}>`
  }
}

/** Renders a static subtree through the dynamic path once (so it can be cached). */
class DynamicOnly implements RenderVisitor {
  private readonly inner: XmlVisitor
  constructor(inner: XmlVisitor) {
    this.inner = inner
  }
  staticElement(): boolean {
    return false
  }
  startElement(el: ElementNode): void {
    this.inner.startElement(el)
  }
  attribute(name: string, value: string): void {
    this.inner.attribute(name, value)
  }
  endStartTag(el: ElementNode, empty: boolean): void {
    this.inner.endStartTag(el, empty)
  }
  text(text: string): void {
    this.inner.text(text)
  }
  markup(xml: string): void {
    this.inner.markup(xml)
  }
  substitution(vt: ValueTable, index: number, item: number): void {
    this.inner.substitution(vt, index, item)
  }
  endElement(el: ElementNode): void {
    this.inner.endElement(el)
  }
}

/**
 * Renders a fragment (a record's document, or a nested BinXml value) as XML. Template instances
 * run their compiled program (render/xml-program.ts); anything else goes through the walk.
 * @throws {EvtxError} LIMIT_EXCEEDED when the output would exceed `maxLength` characters
 */
export function renderFragmentXml(fragment: Fragment, maxLength = DEFAULT_LIMITS.maxRenderedLength): string {
  if (fragment.length === 1) {
    const only = fragment[0] as ContentNode
    if (only.kind === NodeKind.TemplateInstance) return runXmlProgram(xmlProgram(only.template), only.values, renderFragmentXml, maxLength)
  }
  let out = ''
  for (const n of fragment) {
    if (out.length > maxLength) throw renderBudgetError(maxLength, 'characters')
    if (n.kind === NodeKind.TemplateInstance) out += runXmlProgram(xmlProgram(n.template), n.values, renderFragmentXml, maxLength - out.length)
    else out += renderByWalk([n], maxLength - out.length)
  }
  return out
}

/** The reference rendering through render/walk.ts (used for non-template nodes and by tests). */
export function renderByWalk(fragment: Fragment, maxLength = DEFAULT_LIMITS.maxRenderedLength): string {
  const v = new XmlVisitor(maxLength)
  walkFragment(fragment, undefined, v)
  return v.out
}

/**
 * The record's event as Windows renders it: one `<Event xmlns='…'>…</Event>`, no XML declaration,
 * no indentation.
 */
export function renderXml(record: EvtxRecord): string {
  return renderFragmentXml(record.fragment, record.limits.maxRenderedLength)
}
