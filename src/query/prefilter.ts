/**
 * Scan mode for queries: the event ids (and provider names) a record must have for a query to
 * select it, found on the parsed query, so the reader can skip every other record before parsing
 * it (src/evtx/prefilter.ts). Only conditions that are necessary are used: an `and` keeps what
 * either side requires, an `or` what both sides allow, and a `not()` or anything the analysis
 * cannot place requires nothing, so the filter never drops an event the query would select.
 */
import type { EventPrefilter } from '../evtx/prefilter.js'
import type { Expr, PathExpr } from './ast.js'
import { isSingleton } from './paths.js'

interface Needs {
  readonly eventIds?: ReadonlySet<number>
  readonly providers?: ReadonlySet<string>
}

const NOTHING: Needs = {}

function intersect<T>(a: ReadonlySet<T> | undefined, b: ReadonlySet<T> | undefined): ReadonlySet<T> | undefined {
  if (a === undefined) return b
  if (b === undefined) return a
  return new Set([...a].filter((x) => b.has(x)))
}

function union<T>(a: ReadonlySet<T> | undefined, b: ReadonlySet<T> | undefined): ReadonlySet<T> | undefined {
  return a === undefined || b === undefined ? undefined : new Set([...a, ...b])
}

function both(a: Needs, b: Needs): Needs {
  const eventIds = intersect(a.eventIds, b.eventIds)
  const providers = intersect(a.providers, b.providers)
  return { ...(eventIds && { eventIds }), ...(providers && { providers }) }
}

function either(a: Needs, b: Needs): Needs {
  const eventIds = union(a.eventIds, b.eventIds)
  const providers = union(a.providers, b.providers)
  return { ...(eventIds && { eventIds }), ...(providers && { providers }) }
}

/** What a path's existence requires: the predicates of the steps whose context is known. */
function pathNeeds(p: PathExpr, context: readonly string[]): Needs {
  let needs = NOTHING
  const chain = [...context]
  for (const s of p.steps) {
    if (!isSingleton(chain.map((name) => ({ name })), s.name)) break
    chain.push(s.name)
    for (const pred of s.predicates) needs = both(needs, visit(pred, chain))
  }
  return needs
}

/**
 * True for an expression whose value is a boolean. A node set compared with one is compared as
 * boolean(node set) (XPath 1.0 §3.4), which `= false` makes true when the path selects nothing.
 */
function isBoolean(e: Expr): boolean {
  return e.kind === 'compare' || e.kind === 'and' || e.kind === 'or' || e.kind === 'not' || e.kind === 'band'
}

function compareNeeds(e: Extract<Expr, { kind: 'compare' }>, context: readonly string[]): Needs {
  const [path, lit] = e.left.kind === 'path' ? [e.left, e.right] : [e.right, e.left]
  if (path.kind !== 'path' || isBoolean(lit)) return NOTHING
  let needs = pathNeeds(path, context)
  if (e.op !== '=' || path.steps.some((s) => s.name === '*')) return needs
  const names = [...context, ...path.steps.map((s) => s.name)].join('/')
  if (names === 'System/EventID' && path.attribute === undefined) {
    const text = lit.kind === 'number' ? lit.text : lit.kind === 'string' && /^[1-9]\d*$|^0$/.test(lit.value) ? lit.value : undefined
    const n = text === undefined || !/^\d+(\.0*)?$/.test(text) ? undefined : Number.parseInt(text, 10)
    if (n !== undefined && n <= 0xffffffff) needs = both(needs, { eventIds: new Set([n]) })
  } else if (names === 'System/Provider' && path.attribute === 'Name' && lit.kind === 'string' && !/^\s*\d{4}-\d\d-\d\dT|^\{?[0-9A-Fa-f]{8}-|^[Ss]-1-/.test(lit.value)) {
    needs = both(needs, { providers: new Set([lit.value]) })
  }
  return needs
}

function visit(e: Expr, context: readonly string[]): Needs {
  switch (e.kind) {
    case 'and':
      return both(visit(e.left, context), visit(e.right, context))
    case 'or':
      return either(visit(e.left, context), visit(e.right, context))
    case 'compare':
      return compareNeeds(e, context)
    case 'path':
      return pathNeeds(e, context)
    default:
      return NOTHING
  }
}

/** What the query requires of every event it selects (top level: paths start at the event). */
function topNeeds(e: Expr): Needs {
  switch (e.kind) {
    case 'and':
      return both(topNeeds(e.left), topNeeds(e.right))
    case 'or':
      return either(topNeeds(e.left), topNeeds(e.right))
    case 'compare': {
      const path = e.left.kind === 'path' ? e.left : e.right.kind === 'path' ? e.right : undefined
      if (path === undefined || isBoolean(path === e.left ? e.right : e.left)) return NOTHING
      const [first, ...rest] = path.steps
      const inner = first?.predicates.reduce((n, p) => both(n, visit(p, [])), NOTHING) ?? NOTHING
      return both(inner, compareNeeds({ ...e, left: { ...path, steps: rest }, right: path === e.left ? e.right : e.left }, []))
    }
    case 'path': {
      const [first, ...rest] = e.steps
      const inner = first?.predicates.reduce((n, p) => both(n, visit(p, [])), NOTHING) ?? NOTHING
      return both(inner, pathNeeds({ ...e, steps: rest }, []))
    }
    default:
      return NOTHING
  }
}

/**
 * A reader prefilter for queries (several for a QueryList: an event any of them could select is
 * kept), or undefined when they do not pin the event id down. `seen` receives the provider names
 * the filter is asked about.
 */
export function queryPrefilter(queries: readonly Expr[], seen?: Set<string>): EventPrefilter | undefined {
  const needs = queries.map(topNeeds).reduce((a, b) => either(a, b))
  const eventIds = needs.eventIds
  if (eventIds === undefined) return undefined
  const providers = needs.providers
  return {
    eventIds,
    accept(provider) {
      if (provider !== undefined) seen?.add(provider)
      return providers === undefined || (provider !== undefined && providers.has(provider))
    },
  }
}
