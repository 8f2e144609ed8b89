/**
 * A light element tree of the rendered event: names, attributes as rendered strings, and
 * children (elements, or text with adjacent pieces joined). It is what the XML would parse to,
 * without the XML.
 */
import { type ElementNode, type Fragment, NodeKind } from '../binxml/nodes.js'
import type { ValueTable } from '../binxml/value-table.js'
import { valueText } from '../binxml/values.js'
import type { EvtxRecord } from '../evtx/record.js'
import { DEFAULT_LIMITS } from '../limits.js'
import { attributeCost, BUDGET_UNIT, elementCost, renderBudgetError, textCost } from './budget.js'
import { setKey } from './own-key.js'
import { attributeValue, type RenderVisitor, walkFragment } from './walk.js'

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
    this.spend(elementCost(el.name))
    const node: XmlElement = { name: el.name, attributes: {}, children: [] }
    const parent = this.stack[this.stack.length - 1]
    if (parent) parent.children.push(node)
    else this.roots.push(node)
    this.stack.push(node)
  }

  attribute(name: string, value: string): void {
    this.spend(attributeCost(name, value))
    const top = this.stack[this.stack.length - 1]
    if (top) setKey(top.attributes, name, value)
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

  private spend(n: number): void {
    this.size += n
    if (this.size > this.max) throw renderBudgetError(this.max, BUDGET_UNIT)
  }

  private appendText(text: string): void {
    if (text === '') return
    this.spend(textCost(text.length))
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

/**
 * The record's `Event` element as a light tree without its `System` child: what a payload reader
 * (EventData, UserData) needs. System holds most of a record's values (times, GUIDs, SIDs), so
 * leaving it out saves most of the formatting. Equal to {@link recordToTree} minus that child.
 */
export function recordPayloadTree(record: EvtxRecord): XmlElement {
  const f = record.fragment
  const top = f.length === 1 ? f[0] : undefined
  const root = top !== undefined && top.kind === NodeKind.TemplateInstance ? top.template.root : undefined
  if (top === undefined || top.kind !== NodeKind.TemplateInstance || root === undefined || top.template.fragment.length !== 1 || root.empty) {
    return withoutSystem(recordToTree(record))
  }
  const vt = top.values
  // A root left out takes the full walk (which renders nothing). A root repeated by an array value
  // among its children needs nothing special: the first repetition, which recordToTree returns,
  // renders item 0 of the array, as a single walk does.
  if (root.depId >= 0 && vt.isNull(root.depId)) return withoutSystem(recordToTree(record))
  const v = new TreeVisitor(record.limits.maxRenderedLength)
  v.startElement(root)
  for (const a of root.attrs) {
    const value = attributeValue(a, vt)
    if (value !== undefined) v.attribute(a.name, value)
  }
  v.endStartTag(root, false)
  for (const c of root.children) {
    if (c.kind === NodeKind.Element && c.name === 'System') continue
    walkFragment([c], vt, v)
  }
  v.endElement()
  return v.roots[0] as XmlElement
}

function withoutSystem(el: XmlElement): XmlElement {
  return { name: el.name, attributes: el.attributes, children: el.children.filter((c) => typeof c === 'string' || c.name !== 'System') }
}
