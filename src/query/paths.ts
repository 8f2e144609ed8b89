/**
 * Location paths compiled to reads of the parsed record, in two tiers:
 *
 * - Static: while a path walks only through elements the event schema allows once (Event, then
 *   System, EventData, UserData, then System's children), a predicate on such an element is
 *   the same as a condition on absolute paths, so `Event[System[Provider[@Name='X'] and
 *   EventID=1058]]` becomes reads of `System/Provider/@Name` and `System/EventID`. The rest of
 *   the path (`EventData/Data[@Name='Type']`, `Data[2]`) is a field path of src/access, answered
 *   from the per-template slot: one lookup per record, no tree walk.
 * - Nodes: from the first step that repeats and has a predicate the path model cannot express
 *   (`Data[@Name='x' or @Name='y']`, `*[Param1='a']`), evaluation continues on element nodes,
 *   each predicate with its own context node and position, as XPath defines it.
 */
import { childNodes, type EventNode, nodeAttribute, nodeText, pathExists, selectNodes } from '../access/nodes.js'
import type { PathStep } from '../access/path.js'
import { compilePath, selectValues } from '../access/select.js'
import { BUDGET_UNIT, elementCost, renderBudgetError } from '../render/budget.js'
import type { Expr, PathExpr, Step } from './ast.js'
import type { Ctx, NodeSet } from './context.js'

export type Scope = { readonly kind: 'static'; readonly steps: readonly PathStep[] } | { readonly kind: 'nodes' }

/** Compiles a predicate (a number is a position test) in a scope. */
export type PredicateCompiler = (e: Expr, scope: Scope) => (c: Ctx) => boolean

type Guard = (c: Ctx) => boolean

/** Elements the event schema allows at most once under their parent. */
export function isSingleton(chain: readonly { readonly name: string }[], name: string): boolean {
  if (name === '*') return false
  if (chain.length === 0) return name === 'System' || name === 'EventData' || name === 'UserData' || name === 'RenderingInfo'
  return chain.length === 1 && chain[0]?.name === 'System'
}

/** True when the predicate can only hold if its context element exists (so no separate test is needed). */
function impliesContext(e: Expr): boolean {
  switch (e.kind) {
    case 'path':
      return true
    case 'compare':
      return e.left.kind === 'path' || e.right.kind === 'path' || (e.op !== '!=' && (impliesContext(e.left) || impliesContext(e.right)))
    case 'band':
      return e.args.some((a) => a.kind === 'path')
    case 'timediff':
      return e.args.some((a) => a.kind === 'path')
    case 'and':
      return impliesContext(e.left) || impliesContext(e.right)
    case 'or':
      return impliesContext(e.left) && impliesContext(e.right)
    default:
      return false
  }
}

/** Leading predicates the field-path model expresses: `[@A='text']`, then `[n]`. */
function fold(step: Step): { step: PathStep; rest: readonly Expr[] } {
  let where: [string, string] | undefined
  let position: number | undefined
  let k = 0
  for (; k < step.predicates.length; k++) {
    const p = step.predicates[k] as Expr
    if (where === undefined && position === undefined && p.kind === 'compare' && p.op === '=') {
      const [attr, lit] = p.left.kind === 'path' ? [p.left, p.right] : [p.right, p.left]
      if (attr.kind === 'path' && attr.steps.length === 0 && attr.attribute !== undefined && lit.kind === 'string' && !looksTyped(lit.value)) {
        where = [attr.attribute, lit.value]
        continue
      }
    }
    if (position === undefined && p.kind === 'number' && /^[1-9]\d{0,8}$/.test(p.text)) {
      position = Number(p.text)
      continue
    }
    break
  }
  const out: { name: string; where?: [string, string]; position?: number } = { name: step.name }
  if (where) out.where = where
  if (position !== undefined) out.position = position
  return { step: out, rest: step.predicates.slice(k) }
}

/** Strings Windows types as times, GUIDs or SIDs compare by type, not as text: never folded. */
function looksTyped(text: string): boolean {
  return /^\s*\d{4}-\d\d-\d\dT/.test(text) || /^\{?[0-9A-Fa-f]{8}-/.test(text) || /^[Ss]-1-/.test(text)
}

interface DynStep {
  readonly step: PathStep
  readonly preds: readonly Guard[]
}

/**
 * The nodes the steps select from `start`. Each parent's children are found within the render
 * budget, and so are all the nodes a step keeps together (an element costs at least
 * {@link elementCost} of no name): many parents each within it could otherwise add up past memory.
 */
function applySteps(start: readonly EventNode[], steps: readonly DynStep[], c: Ctx): EventNode[] {
  const max = c.record.limits.maxRenderedLength
  let nodes: EventNode[] = [...start]
  for (const s of steps) {
    const next: EventNode[] = []
    let spent = 0
    for (const parent of nodes) {
      let kids = childNodes(parent, s.step)
      spent += kids.length * elementCost('')
      if (spent > max) throw renderBudgetError(max, BUDGET_UNIT)
      for (const p of s.preds) kids = kids.filter((node, i) => p({ record: c.record, now: c.now, node, pos: i + 1 }))
      for (const k of kids) next.push(k)
    }
    nodes = next
    if (nodes.length === 0) break
  }
  return nodes
}

function readNodes(nodes: readonly EventNode[], attribute: string | undefined): string[] {
  if (attribute === undefined) return nodes.map(nodeText)
  const out: string[] = []
  for (const n of nodes) {
    const v = nodeAttribute(n, attribute)
    if (v !== undefined) out.push(v)
  }
  return out
}

function hasAny(nodes: readonly EventNode[], attribute: string | undefined): boolean {
  return attribute === undefined ? nodes.length > 0 : nodes.some((n) => nodeAttribute(n, attribute) !== undefined)
}

/** The rest of a path evaluated on nodes, starting from `start(c)`. */
function nodePath(start: (c: Ctx) => EventNode[], steps: readonly Step[], attribute: string | undefined, guards: readonly Guard[], pred: PredicateCompiler): NodeSet {
  const dyn: DynStep[] = steps.map((s) => ({ step: { name: s.name }, preds: s.predicates.map((p) => pred(p, { kind: 'nodes' })) }))
  const nodes = (c: Ctx): EventNode[] => {
    for (const g of guards) if (!g(c)) return []
    return applySteps(start(c), dyn, c)
  }
  return { values: (c) => readNodes(nodes(c), attribute), exists: (c) => hasAny(nodes(c), attribute) }
}

function staticPath(base: readonly PathStep[], steps: readonly Step[], attribute: string | undefined, guards: Guard[], pred: PredicateCompiler): NodeSet {
  const chain: PathStep[] = [...base]
  let singleton = true
  for (let i = 0; i < steps.length; i++) {
    const s = steps[i] as Step
    if (singleton && isSingleton(chain, s.name)) {
      chain.push({ name: s.name })
      const here = compilePath({ steps: [...chain] })
      for (const p of s.predicates) {
        const f = pred(p, { kind: 'static', steps: [...chain] })
        guards.push(impliesContext(p) ? f : (c) => pathExists(c.record, here) && f(c))
      }
      continue
    }
    const { step, rest } = fold(s)
    if (rest.length === 0) {
      chain.push(step)
      singleton = false
      continue
    }
    const parent = compilePath({ steps: [...chain] })
    return nodePath((c) => selectNodes(c.record, parent), steps.slice(i), attribute, guards, pred)
  }
  const cp = compilePath(attribute === undefined ? { steps: chain } : { steps: chain, attribute })
  if (guards.length === 0) return { values: (c) => selectValues(c.record, cp), exists: (c) => pathExists(c.record, cp) }
  const ok = (c: Ctx) => {
    for (const g of guards) if (!g(c)) return false
    return true
  }
  return { values: (c) => (ok(c) ? selectValues(c.record, cp) : []), exists: (c) => ok(c) && pathExists(c.record, cp) }
}

/**
 * Compiles a location path. At the top of a query (`scope` undefined) its first step is the
 * event itself (`*` or `Event`); in a predicate it is relative to the predicate's element.
 */
export function compileLocationPath(p: PathExpr, scope: Scope | undefined, pred: PredicateCompiler): NodeSet {
  if (scope === undefined) {
    const first = p.steps[0] as Step
    const guards = first.predicates.map((e) => pred(e, { kind: 'static', steps: [] }))
    return staticPath([], p.steps.slice(1), p.attribute, guards, pred)
  }
  if (scope.kind === 'static') return staticPath(scope.steps, p.steps, p.attribute, [], pred)
  return nodePath((c) => (c.node === undefined ? [] : [c.node]), p.steps, p.attribute, [], pred)
}
