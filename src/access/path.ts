/**
 * Field paths into an event, resolved on the parsed nodes and values without rendering XML.
 *
 * A path is a list of element steps from the `Event` element (`System`, `Provider`), each a name
 * or `*`, optionally with an attribute-equality predicate (`Data[@Name='ErrorState']`) or a
 * 1-based position among the matching siblings (`Data[2]`), and optionally ends at an attribute
 * (`@Name`). Resolution follows the renderers' rules: elements whose dependency value is Null and
 * optional attributes with Null values do not exist, array values repeat their element, nested
 * BinXml values and template instances are entered in place.
 *
 * Text form (as used in rules and on the command line): `System/Provider/@Name`,
 * `EventData/Data[@Name='Type']`, `UserData/*\/Param1`, `EventData/Data[1]`.
 *
 * A hostile record can make one path name millions of elements (a template naming a BinXml value
 * thousands of times, that value an element repeated per item of a long array), so each lookup
 * counts its work against the render budget (`limits.maxRenderedLength`, render/budget.ts): a
 * unit per node visited, an element's cost per element occurrence met (before it is kept), and
 * the characters of the text it joins. Past the budget it throws the renderers' LIMIT_EXCEEDED
 * error, as rendering the record would.
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
import { BUDGET_UNIT, elementCost, renderBudgetError } from '../render/budget.js'
import { attributeValue } from '../render/walk.js'

export interface PathStep {
  /** Element local name, or `*` for any element. */
  readonly name: string
  /** Keep only elements whose attribute `[0]` equals `[1]`. */
  readonly where?: readonly [attribute: string, value: string]
  /** Keep only the n-th (1-based) element matched by this step among its siblings. */
  readonly position?: number
}

export interface FieldPath {
  readonly steps: readonly PathStep[]
  /** Attribute to read on the last element; its text content when absent. */
  readonly attribute?: string
}

const STEP_RE = /^(\*|[A-Za-z_][\w.-]*)(?:\[(?:@([A-Za-z_][\w.-]*)\s*=\s*(?:'([^']*)'|"([^"]*)")|(\d+))\])?$/

/**
 * Parses the text form of a path. A leading `Event/` is accepted and dropped.
 * @throws {TypeError} when a step is malformed
 */
export function parseFieldPath(text: string): FieldPath {
  let parts = text.trim().replace(/^\/+/, '').split('/')
  if (parts[0] === 'Event') parts = parts.slice(1)
  let attribute: string | undefined
  const last = parts[parts.length - 1]
  if (last?.startsWith('@')) {
    attribute = last.slice(1)
    parts = parts.slice(0, -1)
    if (!/^[A-Za-z_][\w.:-]*$/.test(attribute)) throw new TypeError(`bad attribute in path ${JSON.stringify(text)}`)
  }
  const steps: PathStep[] = parts.map((p) => {
    const m = STEP_RE.exec(p.trim())
    if (!m) throw new TypeError(`bad step ${JSON.stringify(p)} in path ${JSON.stringify(text)}`)
    const step: { name: string; where?: [string, string]; position?: number } = { name: m[1] as string }
    if (m[2] !== undefined) step.where = [m[2], m[3] ?? m[4] ?? '']
    if (m[5] !== undefined) step.position = Number(m[5])
    return step
  })
  return attribute === undefined ? { steps } : { steps, attribute }
}

/**
 * An attribute value as a path literal: in single quotes, in double quotes when it holds a single
 * one, and with single quotes doubled when it holds both, so that no value can end its literal
 * and read as more of the path.
 */
function literal(value: string): string {
  if (!value.includes("'")) return `'${value}'`
  return value.includes('"') ? `'${value.replaceAll("'", "''")}'` : `"${value}"`
}

/**
 * The canonical text form of a path, used as a cache key: a step keeps both its predicate and its
 * position, and two different paths never share a form.
 */
export function formatFieldPath(path: FieldPath): string {
  const steps = path.steps.map((s) => {
    const where = s.where ? `[@${s.where[0]}=${literal(s.where[1])}]` : ''
    return s.position === undefined ? `${s.name}${where}` : `${s.name}${where}[${s.position}]`
  })
  if (path.attribute !== undefined) steps.push(`@${path.attribute}`)
  return steps.join('/')
}

/** One element occurrence while resolving: the node, its values, and the array item it stands for. */
export interface ElementHit {
  readonly el: ElementNode
  readonly vt: ValueTable | undefined
  readonly item: number
}

/** Work left for the lookup in progress (each exported lookup starts its own), and its limit. */
let budget = 0
let budgetMax = 0

function startBudget(max: number): void {
  budgetMax = max
  budget = max
}

function spend(n: number): void {
  budget -= n
  if (budget < 0) throw renderBudgetError(budgetMax, BUDGET_UNIT)
}

/** The top-level `Event` elements of a parsed document (normally one). */
export function eventElements(fragment: Fragment, max = DEFAULT_LIMITS.maxRenderedLength): ElementHit[] {
  startBudget(max)
  return eventsIn(fragment)
}

function eventsIn(fragment: Fragment): ElementHit[] {
  const top: ElementHit[] = []
  collectElements(fragment, undefined, top)
  return top.filter((h) => h.el.name === 'Event' || localName(h.el.name) === 'Event')
}

/** The child elements of `parent` that `step` selects (name or `*`, then predicate, then position). */
export function stepElements(parent: ElementHit, step: PathStep, max = DEFAULT_LIMITS.maxRenderedLength): ElementHit[] {
  startBudget(max)
  return childrenIn(parent, step)
}

function childrenIn(parent: ElementHit, step: PathStep): ElementHit[] {
  const kids: ElementHit[] = []
  collectElements(parent.el.children, parent.vt, kids)
  const out: ElementHit[] = []
  let n = 0
  for (const k of kids) {
    if (step.name !== '*' && localName(k.el.name) !== step.name) continue
    if (step.where) {
      const a = findAttribute(k.el, step.where[0])
      if (a === undefined || attributeValue(a, k.vt) !== step.where[1]) continue
    }
    n++
    if (step.position !== undefined && n !== step.position) continue
    out.push(k)
  }
  return out
}

/**
 * The elements the path's steps select, in document order (its final attribute is not applied).
 * @throws {EvtxError} LIMIT_EXCEEDED when resolving it would pass `max` (render/budget.ts)
 */
export function selectElements(fragment: Fragment, path: FieldPath, max = DEFAULT_LIMITS.maxRenderedLength): ElementHit[] {
  startBudget(max)
  return elementsIn(fragment, path)
}

function elementsIn(fragment: Fragment, path: FieldPath): ElementHit[] {
  let current = eventsIn(fragment)
  for (const step of path.steps) {
    const next: ElementHit[] = []
    for (const h of current) for (const k of childrenIn(h, step)) next.push(k)
    current = next
    if (current.length === 0) return []
  }
  return current
}

/** The attribute's rendered value on an element occurrence, or undefined when it is absent or left out. */
export function hitAttribute(h: ElementHit, name: string): string | undefined {
  const a = findAttribute(h.el, name)
  return a === undefined ? undefined : attributeValue(a, h.vt)
}

/**
 * All values the path selects in a parsed document whose top element is `Event`, in document
 * order (several when elements repeat or arrays expand).
 */
export function selectInFragment(fragment: Fragment, path: FieldPath, max = DEFAULT_LIMITS.maxRenderedLength): string[] {
  startBudget(max)
  const out: string[] = []
  for (const h of elementsIn(fragment, path)) {
    if (path.attribute !== undefined) {
      const v = hitAttribute(h, path.attribute)
      if (v !== undefined) out.push(v)
    } else out.push(contentText(h.el.children, h.vt, h.item))
  }
  return out
}

export function localName(name: string): string {
  const i = name.indexOf(':')
  return i < 0 ? name : name.slice(i + 1)
}

/** An element's attribute by its name or its local name (`ns:Name` answers to `Name`); slots find it so too. */
export function findAttribute(el: ElementNode, name: string): AttributeNode | undefined {
  for (const a of el.attrs) if (a.name === name || localName(a.name) === name) return a
  return undefined
}

/** Elements rendered from `nodes` (the children of one element), expanded as the renderers do. */
function collectElements(nodes: readonly ContentNode[], vt: ValueTable | undefined, out: ElementHit[]): void {
  for (const n of nodes) {
    spend(1)
    if (n.kind === NodeKind.Element) {
      if (n.depId >= 0 && vt !== undefined && vt.isNull(n.depId)) continue
      const arrayIndex = vt === undefined ? -1 : n.childSubstitutions.find((i) => (vt.type(i) & ARRAY_BIT) !== 0) ?? -1
      if (vt === undefined || arrayIndex < 0) {
        spend(elementCost(n.name))
        out.push({ el: n, vt, item: -1 })
      } else {
        const repeat = Math.max(1, itemCount(vt, arrayIndex))
        // Counted before any is kept: the list never grows past what the budget allows.
        spend(elementCost(n.name) * repeat)
        for (let k = 0; k < repeat; k++) out.push({ el: n, vt, item: k })
      }
    } else if (n.kind === NodeKind.TemplateInstance) {
      collectElements(n.template.fragment, n.values, out)
    } else if (n.kind === NodeKind.Substitution && vt !== undefined && vt.type(n.index) === ValueType.BinXml) {
      const nested = vt.nested(n.index)
      if (nested !== undefined) collectElements(nested, undefined, out)
    }
  }
}

/**
 * Text content of an element's children (descendant text joined, as XPath string() does).
 * @throws {EvtxError} LIMIT_EXCEEDED when joining it would pass `max` (render/budget.ts)
 */
export function textContent(nodes: readonly ContentNode[], vt: ValueTable | undefined, item: number, max = DEFAULT_LIMITS.maxRenderedLength): string {
  startBudget(max)
  return contentText(nodes, vt, item)
}

function contentText(nodes: readonly ContentNode[], vt: ValueTable | undefined, item: number): string {
  // Each text is counted before it is appended (what nested calls return, they counted), so no
  // string grows past the budget.
  let s = ''
  let piece = ''
  for (const n of nodes) {
    spend(1)
    switch (n.kind) {
      case NodeKind.Text:
        piece = n.text
        break
      case NodeKind.Substitution:
        if (vt === undefined || vt.isNull(n.index)) break
        if (vt.type(n.index) === ValueType.BinXml) {
          const nested = vt.nested(n.index)
          if (nested !== undefined) s += contentText(nested, undefined, -1)
        } else piece = valueText(vt, n.index, item)
        break
      case NodeKind.CharRef:
        piece = String.fromCharCode(n.code)
        break
      case NodeKind.EntityRef:
        piece = entityText(n.name) ?? ''
        break
      case NodeKind.CData:
        piece = n.text
        break
      case NodeKind.Element: {
        const hits: ElementHit[] = []
        collectElements([n], vt, hits)
        for (const h of hits) s += contentText(h.el.children, h.vt, h.item)
        break
      }
      case NodeKind.TemplateInstance:
        s += contentText(n.template.fragment, n.values, -1)
        break
      default:
        break
    }
    if (piece !== '') {
      spend(piece.length)
      s += piece
      piece = ''
    }
  }
  return s
}
