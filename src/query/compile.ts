/**
 * A query compiled once into closures over parsed records: no XML is rendered, field paths are
 * resolved through src/access (per-template slots), and only the comparisons the query makes
 * decode values.
 */
import type { EvtxRecord } from '../evtx/record.js'
import { type CompareOp, type Expr, mirror } from './ast.js'
import { asBool, type Compiled, type Ctx } from './context.js'
import { parseQuery } from './parser.js'
import { compileLocationPath, type Scope } from './paths.js'
import { ticksFromDate, parseEventTime } from './time.js'
import { compareField, compareNumbers, type Literal, numberLiteral, stringLiteral, toBits, toNum, type Num } from './values.js'

export interface CompiledQuery {
  /** The query text as given. */
  readonly source: string
  readonly expr: Expr
  /** True when the query calls timediff() with one argument, which compares with a reference time. */
  readonly usesNow: boolean
  /**
   * True when the record's event is selected.
   * @param now - reference time for timediff(), FILETIME ticks (default: the current time, as on Windows)
   */
  matches(record: EvtxRecord, now?: bigint): boolean
}

class Compiler {
  usesNow = false
  readonly source: string
  constructor(source: string) {
    this.source = source
  }

  /** `scope` undefined: the top level of the query, where paths start at the event. */
  expr(e: Expr, scope: Scope | undefined): Compiled {
    switch (e.kind) {
      case 'or': {
        const l = asBool(this.expr(e.left, scope))
        const r = asBool(this.expr(e.right, scope))
        return { t: 'bool', f: (c) => l(c) || r(c) }
      }
      case 'and': {
        const l = asBool(this.expr(e.left, scope))
        const r = asBool(this.expr(e.right, scope))
        return { t: 'bool', f: (c) => l(c) && r(c) }
      }
      case 'not': {
        const a = asBool(this.expr(e.arg, scope))
        return { t: 'bool', f: (c) => !a(c) }
      }
      case 'compare':
        return this.compare(e.op, this.expr(e.left, scope), this.expr(e.right, scope))
      case 'string':
        return { t: 'lit', lit: stringLiteral(e.value) }
      case 'number':
        return { t: 'lit', lit: numberLiteral(e.text) }
      case 'position':
        return { t: 'num', f: (c) => c.pos }
      case 'path':
        return { t: 'nodes', n: compileLocationPath(e, scope, (p, s) => this.predicate(p, s)) }
      case 'band': {
        const [a, b] = e.args.map((x) => this.bits(this.expr(x, scope)))
        return { t: 'bool', f: (c) => {
          const x = a?.(c)
          const y = x === undefined ? undefined : b?.(c)
          return x !== undefined && y !== undefined && (x & y) !== 0n
        } }
      }
      case 'timediff': {
        const [first, second] = e.args.map((x) => this.time(x, scope))
        if (second === undefined) this.usesNow = true
        const start = first as (c: Ctx) => bigint | undefined
        return { t: 'num', f: (c) => {
          const a = start(c)
          const b = second === undefined ? c.now : second(c)
          return a === undefined || b === undefined ? Number.NaN : Number((b - a) / 10_000n)
        } }
      }
    }
  }

  /** A predicate: a number (or position()) tests the context position, anything else is boolean(). */
  predicate(e: Expr, scope: Scope): (c: Ctx) => boolean {
    const compiled = this.expr(e, scope)
    if (compiled.t === 'num') return (c) => compiled.f(c) === c.pos
    if (compiled.t === 'lit' && compiled.lit.type === 'number') {
      const n = compiled.lit.num.value
      return (c) => c.pos === n
    }
    return asBool(compiled)
  }

  private bits(x: Compiled): (c: Ctx) => bigint | undefined {
    if (x.t === 'nodes') return (c) => {
      const v = x.n.values(c)[0]
      return v === undefined ? undefined : toBits(v)
    }
    const v = x.t === 'lit' ? toBits(x.lit.text) : undefined
    return () => v
  }

  private time(e: Expr, scope: Scope | undefined): (c: Ctx) => bigint | undefined {
    if (e.kind === 'string') {
      const t = parseEventTime(e.value)
      return () => t
    }
    const x = this.expr(e, scope)
    if (x.t !== 'nodes') return () => undefined
    return (c) => {
      const v = x.n.values(c)[0]
      return v === undefined ? undefined : parseEventTime(v)
    }
  }

  private compare(op: CompareOp, left: Compiled, right: Compiled): Compiled {
    if (left.t === 'lit' && right.t !== 'lit') return this.compare(mirror(op), right, left)
    if (left.t === 'nodes' && right.t === 'lit') {
      const { n } = left
      const lit = right.lit
      return { t: 'bool', f: (c) => {
        for (const v of n.values(c)) if (compareField(v, op, lit)) return true
        return false
      } }
    }
    if (left.t === 'nodes' && right.t === 'num') {
      const { n } = left
      const f = right.f
      return { t: 'bool', f: (c) => {
        const b = numOf(f(c))
        return n.values(c).some((v) => compareNumbers(toNum(v), op, b))
      } }
    }
    if (left.t === 'nodes') {
      const e = left.n
      const b = asBool(right)
      return { t: 'bool', f: (c) => compareBools(e.exists(c), op, b(c)) }
    }
    if (right.t === 'nodes') return this.compare(mirror(op), right, left)
    const l = scalar(left)
    const r = scalar(right)
    return { t: 'bool', f: (c) => compareScalars(l(c), op, r(c)) }
  }
}

type Scalar = boolean | number | Literal

function scalar(x: Compiled): (c: Ctx) => Scalar {
  if (x.t === 'lit') return () => x.lit
  if (x.t === 'num') return x.f
  return asBool(x)
}

function numOf(n: number): Num {
  return { value: n, int: Number.isInteger(n) ? BigInt(n) : undefined }
}

function toNumber(s: Scalar): Num {
  if (typeof s === 'boolean') return numOf(s ? 1 : 0)
  if (typeof s === 'number') return numOf(s)
  return s.type === 'number' ? s.num : toNum(s.text)
}

function toBool(s: Scalar): boolean {
  if (typeof s === 'boolean') return s
  if (typeof s === 'number') return s !== 0 && !Number.isNaN(s)
  return s.type === 'number' ? s.num.value !== 0 && !Number.isNaN(s.num.value) : s.text !== ''
}

function compareBools(a: boolean, op: CompareOp, b: boolean): boolean {
  if (op === '=') return a === b
  if (op === '!=') return a !== b
  return compareNumbers(numOf(a ? 1 : 0), op, numOf(b ? 1 : 0))
}

/** XPath 1.0 §3.4 for two values that are not node-sets. */
function compareScalars(a: Scalar, op: CompareOp, b: Scalar): boolean {
  if (op === '=' || op === '!=') {
    if (typeof a === 'boolean' || typeof b === 'boolean') return compareBools(toBool(a), op, toBool(b))
    const numeric = typeof a === 'number' || typeof b === 'number' || (typeof a !== 'number' && a.type === 'number') || (typeof b !== 'number' && b.type === 'number')
    if (!numeric) return (op === '=') === ((a as Literal).text === (b as Literal).text)
  }
  return compareNumbers(toNumber(a), op, toNumber(b))
}

/**
 * Compiles a query (the XPath text, or an already parsed expression).
 * @throws {QueryError} with the column of the first mistake
 */
export function compileQuery(query: string | Expr, source = typeof query === 'string' ? query : ''): CompiledQuery {
  const expr = typeof query === 'string' ? parseQuery(query) : query
  const compiler = new Compiler(source)
  const top = asBool(compiler.expr(expr, undefined))
  return {
    source,
    expr,
    usesNow: compiler.usesNow,
    matches(record: EvtxRecord, now?: bigint): boolean {
      return top({ record, now: now ?? ticksFromDate(Date.now()), node: undefined, pos: 1 })
    },
  }
}
