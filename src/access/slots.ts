/**
 * Paths compiled against a template: where a field's value sits, found once per template.
 *
 * Most fields that rules and queries ask for (the System fields, `EventData/Data[@Name='x']`) are
 * one substitution at a fixed place in the template. Finding that place once per template turns
 * each later read into one descriptor lookup and one value decode, with no tree walk. Anything
 * the static view cannot settle (a predicate on a substituted attribute, a nested BinXml value,
 * array values) compiles to `runtime` and is resolved on the record's nodes.
 */
import { type ContentNode, type ElementNode, NodeKind } from '../binxml/nodes.js'
import type { CompiledTemplate } from '../binxml/template.js'
import { type FieldPath, findAttribute, formatFieldPath, localName } from './path.js'

export type Slot =
  /** The value is literal text in the template (or absent: no values). */
  | { readonly kind: 'static'; readonly values: readonly string[]; readonly repeatBy?: readonly number[] }
  /** The value is substitution `index`; it is absent when any of `depIds` is Null, or (for an optional attribute) when it is Null itself. */
  | { readonly kind: 'substitution'; readonly index: number; readonly depIds: readonly number[]; readonly dropWhenNull: boolean; readonly repeatBy?: readonly number[] }
  | { readonly kind: 'runtime' }
// `repeatBy` (an attribute's slot): the substitutions among its element's children. When one is an
// array the element renders once per item, and so does the attribute: the slot gives the first
// value, and all of them are read on the nodes.

const RUNTIME: Slot = { kind: 'runtime' }

/** The compiled slot of `path` in `template` (cached on the template). */
export function slotFor(template: CompiledTemplate, path: FieldPath, key = formatFieldPath(path)): Slot {
  let cache = template.caches.get('slots') as Map<string, Slot> | undefined
  if (cache === undefined) {
    cache = new Map()
    template.caches.set('slots', cache)
  }
  let slot = cache.get(key)
  if (slot === undefined) {
    slot = compileSlot(template, path)
    cache.set(key, slot)
  }
  return slot
}

interface Candidate {
  readonly el: ElementNode
  readonly depIds: readonly number[]
}

function compileSlot(template: CompiledTemplate, path: FieldPath): Slot {
  const root = template.root
  if (root === undefined || root.name !== 'Event') return RUNTIME
  // The root's own dependency id is left out: a record whose root depends on a Null value renders
  // nothing and is never returned by the reader (EVTX_RECORD_NO_ELEMENT), so for every record a
  // slot is used on, the root is there. Most real templates have one, so keeping it would send
  // every static System value (a classic provider's name, a fixed channel) down the slow path.
  let current: Candidate[] = [{ el: root, depIds: [] }]
  for (let level = 0; level < path.steps.length; level++) {
    const step = path.steps[level] as (typeof path.steps)[number]
    const next: Candidate[] = []
    // The event payload (EventData, UserData…) is usually one BinXml substitution next to
    // <System>; by the event schema it never holds a System element, so it cannot add matches
    // for System/… and the System fields stay static slots.
    const payloadCannotMatch = level === 0 && step.name === 'System'
    for (const c of current) {
      const kids = childElements(c.el.children, payloadCannotMatch)
      if (kids === undefined) return RUNTIME
      let n = 0
      for (const k of kids) {
        if (step.name !== '*' && localName(k.name) !== step.name) continue
        if (k.childSubstitutions.length > 0 && step.position !== undefined) return RUNTIME
        if (step.where) {
          const a = findAttribute(k, step.where[0])
          if (a === undefined) continue
          const text = staticText(a.value)
          if (text === undefined) return RUNTIME
          if (text !== step.where[1]) continue
        }
        if (step.position !== undefined) {
          if (k.depId >= 0) return RUNTIME
          n++
          if (n !== step.position) continue
        }
        next.push({ el: k, depIds: k.depId >= 0 ? [...c.depIds, k.depId] : c.depIds })
      }
    }
    current = next
  }
  if (current.length === 0) return { kind: 'static', values: [] }
  if (current.length > 1) return RUNTIME
  const only = current[0] as Candidate
  let parts: readonly ContentNode[]
  let dropWhenNull = false
  const repeatBy = path.attribute !== undefined && only.el.childSubstitutions.length > 0 ? { repeatBy: only.el.childSubstitutions } : {}
  if (path.attribute !== undefined) {
    const a = findAttribute(only.el, path.attribute)
    // An attribute the template does not have is absent whatever the values are.
    if (a === undefined) return { kind: 'static', values: [] }
    parts = a.value
    dropWhenNull = a.optionalOnly
  } else {
    if (only.el.childSubstitutions.length > 0 && only.el.children.length === 1) {
      parts = only.el.children
    } else {
      if (only.el.children.some((c) => c.kind !== NodeKind.Text)) return RUNTIME
      parts = only.el.children
    }
  }
  const text = staticText(parts)
  if (text !== undefined) return only.depIds.length === 0 ? { kind: 'static', values: [text], ...repeatBy } : RUNTIME
  const sole = parts.length === 1 ? parts[0] : undefined
  if (sole === undefined || sole.kind !== NodeKind.Substitution) return RUNTIME
  return { kind: 'substitution', index: sole.index, depIds: only.depIds, dropWhenNull, ...repeatBy }
}

/**
 * Child elements of an element's content; undefined when values could add elements (BinXml
 * substitutions, template instances) unless `ignoreValues`.
 */
function childElements(children: readonly ContentNode[], ignoreValues: boolean): ElementNode[] | undefined {
  const out: ElementNode[] = []
  for (const c of children) {
    if (c.kind === NodeKind.Element) out.push(c)
    else if (!ignoreValues && (c.kind === NodeKind.Substitution || c.kind === NodeKind.TemplateInstance)) return undefined
  }
  return out
}

/** The text of parts made only of literal text, else undefined. */
function staticText(parts: readonly ContentNode[]): string | undefined {
  let s = ''
  for (const p of parts) {
    if (p.kind !== NodeKind.Text) return undefined
    s += p.text
  }
  return s
}
