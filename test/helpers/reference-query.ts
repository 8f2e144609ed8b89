/**
 * A plain reference evaluator for event queries, written independently of src/query's compiler:
 * it walks the rendered element tree (recordToTree) with textbook XPath 1.0 node-set semantics
 * and re-implements Windows' typed comparisons in the most direct way. It shares only the parser.
 */
import type { CompareOp, Expr } from '../../src/query/ast.js'
import type { XmlElement } from '../../src/render/tree.js'

type Node = XmlElement
type Value = { nodes: string[]; hasNodes: boolean } | { num: number | bigint } | { bool: boolean } | { str: string }

interface Context {
  readonly node: Node
  readonly pos: number
  readonly now: bigint
}

const local = (n: string) => n.slice(n.indexOf(':') + 1)

function text(n: Node): string {
  return n.children.map((c) => (typeof c === 'string' ? c : text(c))).join('')
}

function attr(n: Node, name: string): string | undefined {
  for (const [k, v] of Object.entries(n.attributes)) if (k === name || local(k) === name) return v
  return undefined
}

function timeOf(s: string): bigint | undefined {
  const m = /^\s*(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?Z\s*$/.exec(s)
  if (!m) return undefined
  const ms = Date.parse(`${m[1]}Z`)
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 19) !== m[1]) return undefined
  return (BigInt(ms) + 11_644_473_600_000n) * 10_000n + BigInt(((m[2] ?? '') + '0000000').slice(0, 7))
}

/** A number as XPath reads it, plus Windows' 0x form; integers exact. */
function num(s: string): number | bigint {
  const t = s.trim()
  if (/^0[xX][0-9a-fA-F]+$/.test(t)) return BigInt(t)
  if (/^-?\d+$/.test(t)) return BigInt(t)
  if (/^-?\d+\.0*$/.test(t)) return BigInt(t.slice(0, t.indexOf('.')))
  if (/^-?(\d+\.\d*|\.\d+)$/.test(t)) return Number(t)
  return Number.NaN
}

function cmp(a: number | bigint, op: CompareOp, b: number | bigint): boolean {
  if (typeof a !== typeof b) {
    a = Number(a)
    b = Number(b)
  }
  if (Number.isNaN(a) || Number.isNaN(b)) return op === '!='
  return op === '=' ? a === b : op === '!=' ? a !== b : op === '<' ? a < b : op === '<=' ? a <= b : op === '>' ? a > b : a >= b
}

function fieldVersusString(field: string, op: CompareOp, lit: string): boolean {
  const t = timeOf(lit)
  if (t !== undefined) {
    const f = timeOf(field)
    return f !== undefined && cmp(f, op, t)
  }
  const guid = /^\{?([0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12})\}?$/i
  if (guid.test(lit)) {
    const f = guid.exec(field)
    const a = f?.[1]?.toLowerCase()
    const b = (guid.exec(lit)?.[1] as string).toLowerCase()
    return a !== undefined && (op === '=' ? a === b : op === '!=' ? a !== b : op === '<' ? a < b : op === '<=' ? a <= b : op === '>' ? a > b : a >= b)
  }
  if (/^s-1-\d+(-\d+)*$/i.test(lit)) {
    if (!/^s-1-\d+(-\d+)*$/i.test(field)) return false
    const a = field.toUpperCase()
    const b = lit.toUpperCase()
    return op === '=' ? a === b : op === '!=' ? a !== b : op === '<' ? a < b : op === '<=' ? a <= b : op === '>' ? a > b : a >= b
  }
  if (op === '=') return field === lit
  if (op === '!=') return field !== lit
  return cmp(num(field), op, num(lit))
}

function truth(v: Value): boolean {
  if ('nodes' in v) return v.hasNodes
  if ('bool' in v) return v.bool
  if ('str' in v) return v.str !== ''
  return typeof v.num === 'bigint' ? v.num !== 0n : v.num !== 0 && !Number.isNaN(v.num)
}

function asNumber(v: Value): number | bigint {
  if ('num' in v) return v.num
  if ('bool' in v) return v.bool ? 1n : 0n
  if ('str' in v) return num(v.str)
  return num(v.nodes[0] ?? 'NaN')
}

function select(ctx: Node[], e: Extract<Expr, { kind: 'path' }>, now: bigint): { nodes: string[]; hasNodes: boolean } {
  let nodes = ctx
  for (const step of e.steps) {
    const next: Node[] = []
    for (const parent of nodes) {
      let kids = parent.children.filter((c): c is Node => typeof c !== 'string' && (step.name === '*' || local(c.name) === step.name))
      for (const p of step.predicates) {
        kids = kids.filter((k, i) => {
          const v = evaluate(p, { node: k, pos: i + 1, now })
          return 'num' in v ? cmp(v.num, '=', BigInt(i + 1)) : truth(v)
        })
      }
      next.push(...kids)
    }
    nodes = next
  }
  if (e.attribute === undefined) return { nodes: nodes.map(text), hasNodes: nodes.length > 0 }
  const values = nodes.map((n) => attr(n, e.attribute as string)).filter((v): v is string => v !== undefined)
  return { nodes: values, hasNodes: values.length > 0 }
}

function evaluate(e: Expr, c: Context): Value {
  switch (e.kind) {
    case 'or':
      return { bool: truth(evaluate(e.left, c)) || truth(evaluate(e.right, c)) }
    case 'and':
      return { bool: truth(evaluate(e.left, c)) && truth(evaluate(e.right, c)) }
    case 'not':
      return { bool: !truth(evaluate(e.arg, c)) }
    case 'string':
      return { str: e.value }
    case 'number':
      return { num: num(e.text) }
    case 'position':
      return { num: BigInt(c.pos) }
    case 'path':
      return select([c.node], e, c.now)
    case 'band': {
      const [a, b] = e.args.map((x) => {
        const v = evaluate(x, c)
        const n = 'nodes' in v ? (v.nodes[0] === undefined ? Number.NaN : num(v.nodes[0])) : asNumber(v)
        return typeof n === 'bigint' ? BigInt.asUintN(64, n) : undefined
      })
      return { bool: a !== undefined && b !== undefined && (a & b) !== 0n }
    }
    case 'timediff': {
      const [a, b] = e.args.map((x) => {
        const v = evaluate(x, c)
        const s = 'nodes' in v ? v.nodes[0] : 'str' in v ? v.str : undefined
        return s === undefined ? undefined : timeOf(s)
      })
      const end = e.args.length === 1 ? c.now : b
      if (a === undefined || end === undefined) return { num: Number.NaN }
      const d = end - a
      return { num: d >= 0n ? d / 10_000n : -(-d / 10_000n) }
    }
    case 'compare': {
      let [l, r, op] = [evaluate(e.left, c), evaluate(e.right, c), e.op]
      if (!('nodes' in l) && 'nodes' in r) {
        ;[l, r] = [r, l]
        op = op === '<' ? '>' : op === '>' ? '<' : op === '<=' ? '>=' : op === '>=' ? '<=' : op
      }
      if ('nodes' in l) {
        if ('str' in r) return { bool: l.nodes.some((f) => fieldVersusString(f, op, r.str)) }
        if ('num' in r) return { bool: l.nodes.some((f) => cmp(num(f), op, r.num)) }
        const b = truth(r)
        return { bool: op === '=' ? l.hasNodes === b : op === '!=' ? l.hasNodes !== b : cmp(l.hasNodes ? 1n : 0n, op, b ? 1n : 0n) }
      }
      if ((op === '=' || op === '!=') && ('bool' in l || 'bool' in r)) return { bool: (truth(l) === truth(r)) === (op === '=') }
      if ((op === '=' || op === '!=') && 'str' in l && 'str' in r) return { bool: (l.str === r.str) === (op === '=') }
      return { bool: cmp(asNumber(l), op, asNumber(r)) }
    }
  }
}

/** Whether the query selects the event: the expression evaluated at a virtual root above `Event`. */
export function referenceMatches(e: Expr, event: XmlElement, now: bigint): boolean {
  const root: XmlElement = { name: '#root', attributes: {}, children: [event] }
  return truth(evaluate(e, { node: root, pos: 1, now }))
}
