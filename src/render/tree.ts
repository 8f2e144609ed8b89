/**
 * A light element tree of the rendered event: names, attributes as rendered strings, and
 * children (elements, or text with adjacent pieces joined). It is what the XML would parse to,
 * without the XML.
 */
import type { ElementNode, Fragment } from '../binxml/nodes.js'
import type { ValueTable } from '../binxml/value-table.js'
import { valueText } from '../binxml/values.js'
import type { EvtxRecord } from '../evtx/record.js'
import { DEFAULT_LIMITS } from '../limits.js'
import { renderBudgetError } from './budget.js'
import { type RenderVisitor, walkFragment } from './walk.js'

export interface XmlElement {
  readonly name: string
  readonly attributes: Record<string, string>
  readonly children: Array<XmlElement | string>
}

class TreeVisitor implements RenderVisitor {
  readonly roots: XmlElement[] = []
  private readonly stack: XmlElement[] = []
  private size = 0
  private readonly max: number

  constructor(max: number) {
    this.max = max
  }

  startElement(el: ElementNode): void {
    if (++this.size > this.max) throw renderBudgetError(this.max, 'elements and texts')
    const node: XmlElement = { name: el.name, attributes: {}, children: [] }
    const parent = this.stack[this.stack.length - 1]
    if (parent) parent.children.push(node)
    else this.roots.push(node)
    this.stack.push(node)
  }

  attribute(name: string, value: string): void {
    const top = this.stack[this.stack.length - 1]
    if (top) top.attributes[name] = value
  }

  endStartTag(_el: ElementNode, empty: boolean): void {
    if (empty) this.stack.pop()
  }

  text(text: string): void {
    this.appendText(text)
  }

  markup(_xml: string, text: string): void {
    this.appendText(text)
  }

  substitution(vt: ValueTable, index: number, item: number): void {
    this.appendText(valueText(vt, index, item))
  }

  endElement(): void {
    this.stack.pop()
  }

  private appendText(text: string): void {
    if (text === '') return
    this.size += 1 + (text.length >> 6)
    if (this.size > this.max) throw renderBudgetError(this.max, 'elements and texts')
    const top = this.stack[this.stack.length - 1]
    if (!top) return
    const last = top.children.length - 1
    const prev = top.children[last]
    if (typeof prev === 'string') top.children[last] = prev + text
    else top.children.push(text)
  }
}

/** The top-level elements a fragment renders to. */
export function fragmentToTree(fragment: Fragment, max = DEFAULT_LIMITS.maxRenderedLength): XmlElement[] {
  const v = new TreeVisitor(max)
  walkFragment(fragment, undefined, v)
  return v.roots
}

/** The record's `Event` element as a light tree. */
export function recordToTree(record: EvtxRecord): XmlElement {
  const roots = fragmentToTree(record.fragment, record.limits.maxRenderedLength)
  return roots[0] ?? { name: 'Event', attributes: {}, children: [] }
}
