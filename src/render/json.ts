/**
 * JSON rendering with a documented, stable shape (docs/json.md):
 * - an element with only text becomes its value; one with attributes or child elements becomes
 *   an object, attributes under `"#attributes"`, text under `"#text"`;
 * - child elements become keys; a name that repeats becomes an array in document order;
 * - `Data` elements with a `Name` attribute become keys named by it; unnamed `Data` elements are
 *   kept in order as the array `"Data"` (always an array);
 * - element text that is exactly one substitution keeps the value's type: 8/16/32-bit integers
 *   and reals as numbers, Bool as true/false; everything else (64-bit integers, hex, GUIDs, times,
 *   SIDs, binary) as the string Windows renders; an empty element is `null`;
 * - namespace declarations (`xmlns`) are left out.
 */
import type { ElementNode, Fragment } from '../binxml/nodes.js'
import type { ValueTable } from '../binxml/value-table.js'
import { valueJson, valueText } from '../binxml/values.js'
import type { EvtxRecord } from '../evtx/record.js'
import { DEFAULT_LIMITS } from '../limits.js'
import { attributeCost, BUDGET_UNIT, elementCost, renderBudgetError, textCost } from './budget.js'
import { setKey } from './own-key.js'
import { type RenderVisitor, walkFragment } from './walk.js'

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue }
export type JsonObject = { [key: string]: JsonValue }

/**
 * An element being built. Most elements are leaves, so the attribute object and the child lists
 * are made on first use; children are kept as alternating keys and values (no pair per child).
 */
interface Building {
  readonly name: string
  attrs: JsonObject | undefined
  kids: Array<string | JsonValue> | undefined
  unnamedData: JsonValue[] | undefined
  text: string
  typed: JsonValue | undefined
  parts: number
}

function newBuilding(name: string): Building {
  return { name, attrs: undefined, kids: undefined, unnamedData: undefined, text: '', typed: undefined, parts: 0 }
}

/** The element's JSON value; the key it takes in its parent goes to `out.key` (no pair per element). */
function finish(b: Building, out: { key: string }): JsonValue {
  const attrs = b.attrs
  const kids = b.kids
  const named = b.name === 'Data' && attrs !== undefined && typeof attrs.Name === 'string' ? attrs.Name : undefined
  const textValue: JsonValue = b.parts === 1 && b.typed !== undefined ? b.typed : b.text === '' ? null : b.text
  const hasKids = kids !== undefined || b.unnamedData !== undefined
  out.key = b.name
  if (named !== undefined && !hasKids && Object.keys(attrs as JsonObject).length === 1) {
    out.key = named
    return textValue
  }
  if (attrs === undefined && !hasKids) return textValue
  const obj: JsonObject = {}
  if (attrs !== undefined) obj['#attributes'] = attrs
  if (kids !== undefined) {
    if (distinctKeys(kids)) for (let i = 0; i < kids.length; i += 2) setKey(obj, kids[i] as string, kids[i + 1] as JsonValue)
    else {
      const groups = new Map<string, JsonValue[]>()
      for (let i = 0; i < kids.length; i += 2) {
        const k = kids[i] as string
        const g = groups.get(k)
        if (g) g.push(kids[i + 1] as JsonValue)
        else groups.set(k, [kids[i + 1] as JsonValue])
      }
      for (const [k, g] of groups) setKey(obj, k, g.length === 1 ? (g[0] as JsonValue) : g)
    }
  }
  if (b.unnamedData !== undefined) obj.Data = b.unnamedData
  if (textValue !== null && (typeof textValue !== 'string' || textValue.trim() !== '')) obj['#text'] = textValue
  return obj
}

/**
 * True when no child name repeats, so children become keys one to one, in order (the common case:
 * no map of groups). Above a few dozen children the grouping map is used anyway.
 */
function distinctKeys(kids: ReadonlyArray<string | JsonValue>): boolean {
  if (kids.length > 64) return false
  for (let i = 2; i < kids.length; i += 2) {
    const k = kids[i]
    for (let j = 0; j < i; j += 2) if (kids[j] === k) return false
  }
  return true
}

class JsonVisitor implements RenderVisitor {
  readonly roots: Array<[string, JsonValue]> = []
  private readonly stack: Building[] = []
  /** Render budget used so far (render/budget.ts). */
  size = 0
  private readonly max: number
  /** The key of the element {@link finish} closed last. */
  key = ''

  constructor(max: number) {
    this.max = max
  }

  startElement(el: ElementNode): void {
    this.spend(elementCost(el.name))
    this.stack.push(newBuilding(el.name))
  }

  attribute(name: string, value: string): void {
    if (name === 'xmlns' || name.startsWith('xmlns:')) return
    this.spend(attributeCost(name, value))
    const top = this.stack[this.stack.length - 1]
    if (top) setKey((top.attrs ??= {}), name, value)
  }

  endStartTag(_el: ElementNode, empty: boolean): void {
    if (empty) this.close()
  }

  text(text: string): void {
    this.addText(text, undefined)
  }

  markup(_xml: string, text: string): void {
    this.addText(text, undefined)
  }

  substitution(vt: ValueTable, index: number, item: number): void {
    // Text-like types (strings, times, GUIDs, SIDs, hex…) have the same typed value and text:
    // decode them once.
    const typed = valueJson(vt, index, item)
    this.addText(typeof typed === 'string' ? typed : valueText(vt, index, item), typed)
  }

  endElement(): void {
    this.close()
  }

  private spend(n: number): void {
    this.size += n
    if (this.size > this.max) throw renderBudgetError(this.max, BUDGET_UNIT)
  }

  private addText(text: string, typed: JsonValue | undefined): void {
    const top = this.stack[this.stack.length - 1]
    if (!top || (text === '' && typed === undefined)) return
    this.spend(textCost(text.length))
    top.text += text
    top.typed = typed
    top.parts++
  }

  private close(): void {
    const b = this.stack.pop()
    if (!b) return
    const value = finish(b, this)
    const key = this.key
    const parent = this.stack[this.stack.length - 1]
    if (!parent) this.roots.push([key, value])
    else if (b.name === 'Data' && key === 'Data' && b.attrs === undefined) (parent.unnamedData ??= []).push(value)
    else if (parent.kids === undefined) parent.kids = [key, value]
    else parent.kids.push(key, value)
  }
}

/** JSON of a fragment: an object keyed by its top-level element names. */
export function fragmentToJson(fragment: Fragment, max = DEFAULT_LIMITS.maxRenderedLength): JsonObject {
  const v = new JsonVisitor(max)
  walkFragment(fragment, undefined, v)
  const out: JsonObject = {}
  for (const [k, val] of v.roots) setKey(out, k, val)
  return out
}

/**
 * The top-level elements of a fragment as `[key, value]` members in order, with the render budget
 * they used: how render/json-bytes.ts writes a BinXml payload its programs do not model.
 */
export function fragmentMembers(fragment: Fragment, max: number): { members: Array<[string, JsonValue]>; size: number } {
  const v = new JsonVisitor(max)
  walkFragment(fragment, undefined, v)
  return { members: v.roots, size: v.size }
}

/** The record's event as JSON: `{"Event": {"System": {…}, "EventData": {…}}}`. */
export function renderJson(record: EvtxRecord): JsonObject {
  return fragmentToJson(record.fragment, record.limits.maxRenderedLength)
}
