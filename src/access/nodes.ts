/**
 * Element nodes of a record, for evaluating conditions relative to an element (a query predicate
 * such as `Data[@Name='Type' and …]`) and for existence tests, still without rendering.
 *
 * A node is one element occurrence as the renderers would produce it: Null-dependent elements do
 * not exist, array values repeat their element, nested BinXml and template instances are entered
 * in place. `pathExists` answers from the per-template slot when it can, so testing that a field
 * is present costs one lookup for template records.
 */
import type { EvtxRecord } from '../evtx/record.js'
import {
  type ElementHit,
  eventElements,
  hitAttribute,
  localName,
  type PathStep,
  selectElements,
  stepElements,
  textContent,
} from './path.js'
import { type CompiledPath, compilePath, locate, slotPresent } from './select.js'

/** One element occurrence of a record's event. */
export type EventNode = ElementHit

/** The record's `Event` element, or undefined when the record renders none. */
export function eventNode(record: EvtxRecord): EventNode | undefined {
  return eventElements(record.fragment, record.limits.maxRenderedLength)[0]
}

/** The child elements of `node` that `step` selects (`{ name: '*' }` for all of them). */
export function childNodes(node: EventNode, step: PathStep | string): EventNode[] {
  return stepElements(node, typeof step === 'string' ? { name: step } : step)
}

/** The local name of the node's element (`Data`, `Provider`). */
export function nodeName(node: EventNode): string {
  return localName(node.el.name)
}

/** The node's attribute as rendered, or undefined when it is absent or left out (Null optional value). */
export function nodeAttribute(node: EventNode, name: string): string | undefined {
  return hitAttribute(node, name)
}

/** The node's text content (descendant text joined, as XPath `string()` does). */
export function nodeText(node: EventNode): string {
  return textContent(node.el.children, node.vt, node.item)
}

/** The element nodes a path's steps select, in document order (a final `@attribute` is ignored). */
export function selectNodes(record: EvtxRecord, path: string | CompiledPath): EventNode[] {
  const p = typeof path === 'string' ? compilePath(path) : path
  return selectElements(record.fragment, p.path, record.limits.maxRenderedLength)
}

/**
 * True when the path selects anything: an element, or with a final `@attribute`, an element
 * that has it. Cheaper than reading the values: no text is decoded.
 */
export function pathExists(record: EvtxRecord, path: string | CompiledPath): boolean {
  const p = typeof path === 'string' ? compilePath(path) : path
  const at = locate(record, p)
  if (at !== undefined) {
    if (at.slot.kind === 'static') return at.slot.values.length > 0
    if (at.slot.kind === 'substitution') return slotPresent(at.slot, at.vt)
  }
  const hits = selectElements(record.fragment, p.path, record.limits.maxRenderedLength)
  const attribute = p.path.attribute
  if (attribute === undefined) return hits.length > 0
  return hits.some((h) => hitAttribute(h, attribute) !== undefined)
}
