/**
 * The event payload (EventData, UserData) read straight from a record's parsed nodes, with no
 * element tree.
 *
 * In real logs the payload is usually one BinXml value next to `<System>` (a nested fragment
 * parsed per record), sometimes elements of the template itself. Either way only a few texts are
 * wanted (Data by name, unnamed Data, Binary, the UserData fields), so this walks the nodes the
 * way every renderer does (src/render/walk.ts: Null-dependent elements left out, optional Null
 * attributes dropped, BinXml values and template instances entered in place) and builds only
 * those texts, repeating an element once per item of an array value among its children as the
 * renderers do (classic events hold their insertion strings that way). It gives exactly what
 * reading the element tree gives (`readPayload(recordPayloadTree(record))`), within the same
 * budget: array items can repeat nested elements many times over, so the work is counted and a
 * record past the render limit fails as it would when rendered.
 *
 * Its text joining is the tree's, not the query language's (`textContent` in src/access/path.ts):
 * an unknown entity reference stays `&name;` as in the rendered XML.
 */
import { type ContentNode, type ElementNode, entityText, type Fragment, NodeKind } from '../binxml/nodes.js'
import type { ValueTable } from '../binxml/value-table.js'
import { ARRAY_BIT, ValueType } from '../binxml/value-types.js'
import { itemCount, valueText } from '../binxml/values.js'
import type { EvtxRecord } from '../evtx/record.js'
import { BUDGET_UNIT, renderBudgetError } from '../render/budget.js'
import { setKey } from '../render/own-key.js'
import { attributeValue } from '../render/walk.js'
import type { UserDataFields } from './event.js'

/** The payload slots of a normalized event. */
export interface Payload {
  data: Record<string, string>
  unnamedData: string[]
  binaryHex: string | undefined
  userData: UserDataFields | undefined
}

/** Work left for the record being read: a unit per node, and the characters of its texts. */
let budget = 0
let budgetMax = 0

function spend(n: number): void {
  budget -= n
  if (budget < 0) throw renderBudgetError(budgetMax, BUDGET_UNIT)
}

/** Sets `name` unless the object already has it as its own: the first occurrence wins. */
export function setFirst(target: Record<string, string>, name: string, value: string): void {
  if (!Object.hasOwn(target, name)) setKey(target, name, value)
}

/** An element name without its namespace prefix (`evt:Data` → `Data`). */
export function localName(name: string): string {
  const i = name.indexOf(':')
  return i < 0 ? name : name.slice(i + 1)
}

/**
 * An element occurrence as rendered: the element, the values it reads, and the array item its
 * own substitutions render (-1: not repeated).
 */
type Visit = (el: ElementNode, vt: ValueTable | undefined, item: number) => void

/** How many times the element renders: once per item of the first array value among its children. */
function repeats(el: ElementNode, vt: ValueTable | undefined): number {
  if (vt !== undefined) for (const i of el.childSubstitutions) if (vt.type(i) & ARRAY_BIT) return Math.max(1, itemCount(vt, i))
  return 1
}

/**
 * Calls `visit` for each element occurrence that `nodes` render at this level, in document
 * order: a Null-dependent element is left out, an element is repeated per array item, BinXml
 * values and template instances are entered in place.
 */
function eachElement(nodes: readonly ContentNode[], vt: ValueTable | undefined, visit: Visit): void {
  for (const n of nodes) {
    if (n.kind === NodeKind.Element) {
      if (vt !== undefined && n.depId >= 0 && vt.isNull(n.depId)) continue
      const times = repeats(n, vt)
      for (let item = 0; item < times; item++) {
        spend(1)
        visit(n, vt, times > 1 ? item : -1)
      }
    } else if (n.kind === NodeKind.Substitution) {
      if (vt === undefined || vt.isNull(n.index) || vt.type(n.index) !== ValueType.BinXml) continue
      const nested = vt.nested(n.index)
      if (nested !== undefined) eachElement(nested, undefined, visit)
    } else if (n.kind === NodeKind.TemplateInstance) eachElement(n.template.fragment, n.values, visit)
  }
}

/**
 * The text content of one element occurrence (descendant text joined, as the tree's reader joins
 * it); `item` is the array item its own substitutions render.
 */
function textOf(el: ElementNode, vt: ValueTable | undefined, item: number): string {
  return el.empty ? '' : contentText(el.children, vt, item)
}

function contentText(nodes: readonly ContentNode[] | Fragment, vt: ValueTable | undefined, item: number): string {
  // Each text is counted before it is appended (what nested calls return, they counted), so a
  // hostile record stops at the budget instead of building a string past what V8 allows.
  let s = ''
  let piece = ''
  for (const n of nodes) {
    spend(1)
    switch (n.kind) {
      case NodeKind.Element: {
        if (vt !== undefined && n.depId >= 0 && vt.isNull(n.depId)) break
        const times = repeats(n, vt)
        for (let k = 0; k < times; k++) {
          spend(1)
          s += textOf(n, vt, times > 1 ? k : -1)
        }
        break
      }
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
        piece = entityText(n.name) ?? `&${n.name};`
        break
      case NodeKind.CData:
        piece = n.text
        break
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

/** The element's `Name` attribute as the tree has it: the last one rendered. */
function nameAttribute(el: ElementNode, vt: ValueTable | undefined): string | undefined {
  let name: string | undefined
  for (const a of el.attrs) {
    if (a.name !== 'Name') continue
    const value = attributeValue(a, vt)
    if (value !== undefined) name = value
  }
  return name
}

/** EventData (named and unnamed Data, Binary) and UserData (wrapper element and its fields) under the root. */
function readParts(out: Payload, root: ElementNode, vt: ValueTable | undefined): void {
  // System is among the parts too; by its name it is none of the payload's, as in the tree's reader.
  eachElement(root.children, vt, (part, pvt) => {
    const name = localName(part.name)
    if (part.empty) return
    if (name === 'EventData') {
      eachElement(part.children, pvt, (item, ivt, k) => {
        const itemName = localName(item.name)
        if (itemName === 'Data') {
          const field = nameAttribute(item, ivt)
          const text = textOf(item, ivt, k)
          if (field === undefined) out.unnamedData.push(text)
          else setFirst(out.data, field, text)
        } else if (itemName === 'Binary') {
          const hex = textOf(item, ivt, k).trim()
          if (hex !== '') out.binaryHex = hex.toUpperCase()
        }
      })
    } else if (name === 'UserData') {
      let wrapper: ElementNode | undefined
      let wvt: ValueTable | undefined
      eachElement(part.children, pvt, (w, v) => {
        if (wrapper !== undefined) return
        wrapper = w
        wvt = v
      })
      if (wrapper === undefined) return
      const fields: Record<string, string> = {}
      if (!wrapper.empty) eachElement(wrapper.children, wvt, (f, fvt, k) => setFirst(fields, localName(f.name), textOf(f, fvt, k)))
      out.userData = { element: localName(wrapper.name), fields }
    }
  })
}

/**
 * The record's payload read from its nodes, or undefined for a record whose event is not one
 * element (a template of several top-level nodes, a root left out): read those from the element
 * tree.
 */
export function payloadFromNodes(record: EvtxRecord): Payload | undefined {
  const f = record.fragment
  const top = f.length === 1 ? f[0] : undefined
  let root: ElementNode | undefined
  let vt: ValueTable | undefined
  if (top !== undefined && top.kind === NodeKind.TemplateInstance) {
    if (top.template.fragment.length !== 1) return undefined
    root = top.template.root
    vt = top.values
    if (root !== undefined && root.depId >= 0 && vt.isNull(root.depId)) return undefined
  } else if (top !== undefined && top.kind === NodeKind.Element) root = top
  if (root === undefined || root.empty) return undefined
  const out: Payload = { data: {}, unnamedData: [], binaryHex: undefined, userData: undefined }
  budgetMax = record.limits.maxRenderedLength
  budget = budgetMax
  readParts(out, root, vt)
  return out
}
