/**
 * Recursive-descent parser for the XPath 1.0 subset of Windows event queries.
 *
 * Grammar (`and`/`or` and function names in any case):
 *   Expr      := And ('or' And)*
 *   And       := Compare ('and' Compare)*
 *   Compare   := Primary (CmpOp Primary)?           CmpOp := = != < <= > >=
 *   Primary   := '(' Expr ')' | String | Number | Function | Path
 *   Function  := not(Expr) | band(Arg, Arg) | timediff(Arg [, Arg]) | position()
 *   Path      := Step ('/' Step)* ('/' '@' Name)? | '@' Name
 *   Step      := (Name | '*') ('[' Expr ']')*
 * The checks Windows makes on top of the grammar (a query's paths start at the event, no
 * comparisons between two paths, position() only in predicates) are made here too, so every
 * mistake is reported with its column before anything is evaluated.
 */
import type { CompareOp, Expr, PathExpr, Step } from './ast.js'
import { QueryError, QueryErrorCode } from './errors.js'
import { type Token, type TokenKind, tokenize } from './lexer.js'
import { parseEventTime } from './time.js'

const MAX_DEPTH = 64
const COMPARE_OPS: readonly TokenKind[] = ['=', '!=', '<', '<=', '>', '>=']

class Parser {
  private readonly tokens: Token[]
  private readonly source: string
  private i = 0
  private depth = 0

  constructor(source: string) {
    this.source = source
    this.tokens = tokenize(source)
  }

  private get peek(): Token {
    return this.tokens[this.i] as Token
  }

  private next(): Token {
    return this.tokens[this.i++] as Token
  }

  fail(reason: string, offset: number, code: QueryErrorCode = QueryErrorCode.Syntax): never {
    throw new QueryError(code, reason, this.source, offset)
  }

  private expect(kind: TokenKind, what: string): Token {
    const t = this.peek
    if (t.kind !== kind) this.fail(`expected ${what}, found ${describe(t)}`, t.offset)
    return this.next()
  }

  private isKeyword(word: string): boolean {
    const t = this.peek
    return t.kind === 'name' && t.text.toLowerCase() === word
  }

  parseQuery(): Expr {
    if (this.peek.kind === 'end') this.fail('the query is empty: `*` selects every event', 0)
    const e = this.expr()
    const t: Token = this.tokens[this.i] as Token
    if (t.kind !== 'end') {
      const hint = t.kind === ']' || t.kind === ')' ? ` (one ${t.kind} too many)` : ''
      this.fail(`unexpected ${describe(t)} after the end of the expression${hint}`, t.offset)
    }
    return e
  }

  private expr(): Expr {
    if (++this.depth > MAX_DEPTH) this.fail(`expression nested deeper than ${MAX_DEPTH} levels`, this.peek.offset)
    const operands = [this.and()]
    const ops: number[] = []
    while (this.isKeyword('or')) {
      ops.push(this.next().offset)
      operands.push(this.and())
    }
    this.depth--
    return chain('or', operands, ops)
  }

  private and(): Expr {
    const operands = [this.compare()]
    const ops: number[] = []
    while (this.isKeyword('and')) {
      ops.push(this.next().offset)
      operands.push(this.compare())
    }
    return chain('and', operands, ops)
  }

  private compare(): Expr {
    const left = this.primary()
    if (!COMPARE_OPS.includes(this.peek.kind)) return left
    const op = this.next()
    const right = this.primary()
    if (COMPARE_OPS.includes(this.peek.kind)) {
      this.fail('comparisons cannot be chained: join them with `and`', this.peek.offset, QueryErrorCode.Unsupported)
    }
    if (left.kind === 'path' && right.kind === 'path') {
      this.fail('a field can only be compared with a value or a function, not with another field', op.offset, QueryErrorCode.Unsupported)
    }
    return { kind: 'compare', op: op.kind as CompareOp, left, right, offset: op.offset }
  }

  private primary(): Expr {
    const t = this.peek
    switch (t.kind) {
      case '(': {
        this.next()
        const e = this.expr()
        this.expect(')', '`)`')
        return e
      }
      case 'string':
        this.next()
        return { kind: 'string', value: t.text, offset: t.offset }
      case 'number':
        this.next()
        return { kind: 'number', text: t.text, offset: t.offset }
      case 'name':
        if (this.tokens[this.i + 1]?.kind === '(') return this.call()
        if (t.text === 'and' || t.text === 'or') this.fail(`expected a field, value or function before \`${t.text}\``, t.offset)
        return this.path()
      case '*':
      case '@':
        return this.path()
      case 'end':
        return this.fail('the expression ends too early', t.offset)
      default:
        return this.fail(`expected a field, value or function, found ${describe(t)}`, t.offset)
    }
  }

  private call(): Expr {
    const name = this.next()
    this.next()
    const args: Expr[] = []
    if (this.peek.kind !== ')') {
      args.push(this.expr())
      while (this.peek.kind === ',') {
        this.next()
        args.push(this.expr())
      }
    }
    this.expect(')', '`)` or `,`')
    const fn = name.text.toLowerCase()
    const arity = (min: number, max: number) => {
      if (args.length < min || args.length > max) {
        const want = min === max ? `${min}` : `${min} or ${max}`
        this.fail(`${fn}() takes ${want} argument${max === 1 ? '' : 's'}, got ${args.length}`, name.offset)
      }
    }
    switch (fn) {
      case 'not':
        arity(1, 1)
        return { kind: 'not', arg: args[0] as Expr, offset: name.offset }
      case 'band':
        arity(2, 2)
        for (const a of args) {
          if (a.kind !== 'path' && a.kind !== 'number') this.fail('band() takes fields and numbers', a.offset)
        }
        return { kind: 'band', args: [args[0] as Expr, args[1] as Expr], offset: name.offset }
      case 'timediff':
        arity(1, 2)
        for (const a of args) {
          if (a.kind !== 'path' && a.kind !== 'string') this.fail("timediff() takes time fields (@SystemTime) and quoted times ('2026-01-02T03:04:05.000Z')", a.offset)
          if (a.kind === 'string' && parseEventTime(a.value) === undefined) this.fail(`'${a.value}' is not a time: write it as '2026-11-20T08:00:00.000Z'`, a.offset)
        }
        return { kind: 'timediff', args, offset: name.offset }
      case 'position':
        arity(0, 0)
        return { kind: 'position', offset: name.offset }
      default:
        return this.fail(`unknown function ${name.text}(): Windows event queries know band(), timediff() and position() (and rdp-triage adds not())`, name.offset, QueryErrorCode.Unsupported)
    }
  }

  private path(): PathExpr {
    const start = this.peek.offset
    const steps: Step[] = []
    let attribute: string | undefined
    for (;;) {
      const t = this.peek
      if (t.kind === '@') {
        this.next()
        attribute = this.expect('name', 'an attribute name after `@`').text
        if (this.peek.kind === '/') this.fail('an attribute has no children: the path must end at the attribute', this.peek.offset)
        if (this.peek.kind === '[') this.fail('predicates on attributes are not supported: compare the attribute instead', this.peek.offset, QueryErrorCode.Unsupported)
        break
      }
      if (t.kind !== 'name' && t.kind !== '*') this.fail(`expected an element name, \`*\` or \`@attribute\`, found ${describe(t)}`, t.offset)
      if (t.kind === 'name' && this.tokens[this.i + 1]?.kind === '(') this.fail('a function call cannot be a step of a path', t.offset, QueryErrorCode.Unsupported)
      this.next()
      const predicates: Expr[] = []
      while (this.peek.kind === '[') {
        this.next()
        predicates.push(this.expr())
        this.expect(']', '`]`')
      }
      steps.push({ name: t.kind === '*' ? '*' : t.text, predicates, offset: t.offset })
      if (this.peek.kind !== '/') break
      this.next()
    }
    return attribute === undefined ? { kind: 'path', steps, offset: start } : { kind: 'path', steps, attribute, offset: start }
  }
}

/**
 * `a op b op c …` as a balanced tree (`and` and `or` are associative, and the operands still
 * evaluate left to right), so that a query with thousands of operands is a tree of logarithmic
 * depth: every recursive walk of the expression (checks, compiling, evaluation, the prefilter)
 * stays far from the stack's limit. `ops[k]` is the offset of the operator after operand `k`.
 */
function chain(kind: 'and' | 'or', operands: readonly Expr[], ops: readonly number[], lo = 0, hi = operands.length): Expr {
  if (hi - lo === 1) return operands[lo] as Expr
  const mid = (lo + hi) >>> 1
  return { kind, left: chain(kind, operands, ops, lo, mid), right: chain(kind, operands, ops, mid, hi), offset: ops[mid - 1] as number }
}

function describe(t: Token): string {
  switch (t.kind) {
    case 'end':
      return 'the end of the query'
    case 'string':
      return `the string '${t.text}'`
    case 'name':
    case 'number':
      return `\`${t.text}\``
    default:
      return `\`${t.kind}\``
  }
}

/** Checks Windows' rules that the grammar alone does not express. */
function check(parser: Parser, e: Expr, inPredicate: boolean, top: boolean): void {
  switch (e.kind) {
    case 'or':
    case 'and':
      check(parser, e.left, inPredicate, top)
      check(parser, e.right, inPredicate, top)
      return
    case 'compare':
      check(parser, e.left, inPredicate, top)
      check(parser, e.right, inPredicate, top)
      return
    case 'not':
      check(parser, e.arg, inPredicate, top)
      return
    case 'band':
    case 'timediff':
      for (const a of e.args) check(parser, a, inPredicate, top)
      return
    case 'position':
      if (!inPredicate) parser.fail('position() only has a meaning inside a predicate `[...]`', e.offset)
      return
    case 'path': {
      const first = e.steps[0]
      if (top && (first === undefined || (first.name !== '*' && first.name !== 'Event'))) {
        parser.fail('a query selects events: its paths start with `*` or `Event` (as in *[System[EventID=1058]])', e.offset)
      }
      for (const s of e.steps) for (const p of s.predicates) check(parser, p, true, false)
      return
    }
    default:
      return
  }
}

/**
 * Parses a query.
 * @throws {QueryError} with the column of the first mistake
 */
export function parseQuery(source: string): Expr {
  const parser = new Parser(source)
  const e = parser.parseQuery()
  check(parser, e, false, true)
  return e
}
