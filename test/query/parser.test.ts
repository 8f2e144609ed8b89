import { describe, expect, it } from 'vitest'
import { QueryError, QueryErrorCode } from '../../src/query/errors.js'
import { thrown } from '../helpers/thrown.js'
import { parseQuery } from '../../src/query/parser.js'
import type { Expr } from '../../src/query/ast.js'

function error(q: string): QueryError {
  return thrown(() => parseQuery(q), QueryError)
}

describe('parseQuery', () => {
  it('parses the article queries into nested predicates', () => {
    const e = parseQuery("Event[System[Provider[@Name='Schannel'] and EventID=36870 and TimeCreated[timediff(@SystemTime) <= 86400000]]]")
    expect(e.kind).toBe('path')
    if (e.kind !== 'path') return
    expect(e.steps.map((s) => s.name)).toEqual(['Event'])
    const system = e.steps[0]?.predicates[0]
    expect(system?.kind).toBe('path')
  })

  it('accepts and/or and function names in any case, and hexadecimal numbers', () => {
    const e = parseQuery('*[System[Level=1 OR Level=2 And Band(Keywords, 0x80000000000000)]]')
    expect(JSON.stringify(e)).toContain('"kind":"band"')
    expect(JSON.stringify(e)).toContain('"kind":"or"')
  })

  it('keeps operator precedence: and binds tighter than or', () => {
    const e = parseQuery('*[System/Level=1 or System/Level=2 and System/EventID=3]')
    if (e.kind !== 'path') throw new Error('path expected')
    const p = e.steps[0]?.predicates[0]
    expect(p?.kind).toBe('or')
    if (p?.kind === 'or') expect(p.right.kind).toBe('and')
  })

  it.each([
    ["Event[System[EventID=1058]", 27, QueryErrorCode.Syntax, 'expected `]`, found the end of the query'],
    ["Event[System[EventID=1058]]]", 28, QueryErrorCode.Syntax, 'one ] too many'],
    ["*[System[Provider[@Name='Schannel]]]", 25, QueryErrorCode.Syntax, 'string not closed'],
    ['*[System[EventID==1]]', 18, QueryErrorCode.Syntax, 'expected a field, value or function'],
    ['*[System[EventID=]]', 18, QueryErrorCode.Syntax, 'expected a field, value or function'],
    ['System[EventID=1]', 1, QueryErrorCode.Syntax, 'start with `*` or `Event`'],
    ['*[System[Level=1 and]]', 21, QueryErrorCode.Syntax, 'expected a field, value or function'],
    ['*[System[count(Level)=1]]', 10, QueryErrorCode.Unsupported, 'unknown function count()'],
    ['*[System[timediff()<1]]', 10, QueryErrorCode.Syntax, 'timediff() takes 1 or 2 arguments'],
    ['*[System[not(EventID=1, Level=2)]]', 10, QueryErrorCode.Syntax, 'not() takes 1 argument, got 2'],
    ['*[System[band(Keywords, 1, 2)]]', 10, QueryErrorCode.Syntax, 'band() takes 2 arguments, got 3'],
    ["*[System[TimeCreated[timediff(@SystemTime, '2026-01-01T00:00:00Z', '2026-01-02T00:00:00Z')<1]]]", 22, QueryErrorCode.Syntax, 'timediff() takes 1 or 2 arguments, got 3'],
    ['*[System[EventID[position(1)=1]]]', 18, QueryErrorCode.Syntax, 'position() takes 0 arguments, got 1'],
    ["*[System[timediff('yesterday')<1]]", 19, QueryErrorCode.Syntax, "'yesterday' is not a time"],
    ['*[System[EventID=Level]]', 17, QueryErrorCode.Unsupported, 'not with another field'],
    ['*[System[1<Level<3]]', 17, QueryErrorCode.Unsupported, 'cannot be chained'],
    ['*[System//EventID=1]', 9, QueryErrorCode.Unsupported, 'descendant'],
    ['*[System/../EventID=1]', 10, QueryErrorCode.Unsupported, '`.` and `..`'],
    ['*[System[EventID=1] | System[EventID=2]]', 21, QueryErrorCode.Unsupported, 'union'],
    ['*[System[EventID=1-1]]', 19, QueryErrorCode.Unsupported, 'arithmetic'],
    ['*[System[EventID=-.]]', 18, QueryErrorCode.Unsupported, 'arithmetic'],
    ['*[ns:System]', 5, QueryErrorCode.Unsupported, 'namespace prefixes'],
    ['*[System[EventID &lt; 5]]', 18, QueryErrorCode.Syntax, 'XML entities'],
    ['position()=1', 1, QueryErrorCode.Syntax, 'only has a meaning inside a predicate'],
    ['not(position()=1)', 5, QueryErrorCode.Syntax, 'only has a meaning inside a predicate'],
    ['not(System[EventID=1])', 5, QueryErrorCode.Syntax, 'start with `*` or `Event`'],
    ['*[System[Provider/@Name[1]]]', 24, QueryErrorCode.Unsupported, 'predicates on attributes are not supported'],
    ['', 1, QueryErrorCode.Syntax, 'empty'],
    ["*[System[EventID=1]'x']", 20, QueryErrorCode.Syntax, "expected `]`, found the string 'x'"],
    ['*[System[EventID=1]])', 21, QueryErrorCode.Syntax, 'unexpected `)` after the end of the expression (one ) too many)'],
    ['*[System[EventID=', 18, QueryErrorCode.Syntax, 'the expression ends too early'],
    ['*[System[or]]', 10, QueryErrorCode.Syntax, 'expected a field, value or function before `or`'],
    ['*[System[and]]', 10, QueryErrorCode.Syntax, 'expected a field, value or function before `and`'],
    ["*[System[band('x', 1)]]", 15, QueryErrorCode.Syntax, 'band() takes fields and numbers'],
    ['*[System[TimeCreated[timediff(1) < 5]]]', 31, QueryErrorCode.Syntax, 'timediff() takes time fields'],
    ['*[System[TimeCreated[timediff(not(@SystemTime)) < 5]]]', 31, QueryErrorCode.Syntax, 'timediff() takes time fields'],
    ['*[System[Provider/@Name/x]]', 24, QueryErrorCode.Syntax, 'an attribute has no children: the path must end at the attribute'],
    ['*[System/count()]', 10, QueryErrorCode.Unsupported, 'a function call cannot be a step of a path'],
    ['*[System[EventID=1+1]]', 19, QueryErrorCode.Unsupported, 'arithmetic'],
    ['*[System[EventID=$x]]', 18, QueryErrorCode.Unsupported, 'variables'],
    ['*[child::System]', 8, QueryErrorCode.Unsupported, 'axes'],
    ['*[System[EventID # 1]]', 18, QueryErrorCode.Syntax, 'unexpected character "#"'],
    ['*[System[EventID=1é]]', 18, QueryErrorCode.Syntax, 'bad number "1é"'],
    ['@Name=1', 1, QueryErrorCode.Syntax, 'start with `*` or `Event`'],
    ['1=position()', 3, QueryErrorCode.Syntax, 'only has a meaning inside a predicate'],
    ["*[System[band(Keywords, 'x')]]", 25, QueryErrorCode.Syntax, 'band() takes fields and numbers'],
  ])('points at the mistake in %s', (q, column, code, reason) => {
    const e = error(q)
    expect([e.column, e.code]).toEqual([column, code])
    expect(e.reason).toContain(reason)
    const lines = e.message.split('\n')
    expect(lines[1]).toBe(`  ${q}`)
    expect(lines[2]).toBe(`  ${' '.repeat(column - 1)}^`)
  })

  it('reports line and column in a query that spans lines', () => {
    const e = error('*[System[\n  EventID=1058 and\n  Level=]]')
    expect([e.line, e.column]).toEqual([3, 9])
    expect(e.message).toContain('line 3, column 9')
    expect(e.message.split('\n').slice(1)).toEqual(['    Level=]]', '          ^'])
  })

  it('stops pathological nesting with an error, not a stack overflow', () => {
    const q = `*[${'('.repeat(200)}System/Level=1${')'.repeat(200)}]`
    expect(error(q).reason).toContain('nested deeper')
  })

  it('allows exactly 64 levels of nesting, counting the query and its predicate', () => {
    const nested = (n: number) => `*[${'('.repeat(n)}System/Level=1${')'.repeat(n)}]`
    expect(parseQuery(nested(62)).kind).toBe('path')
    const e = error(nested(63))
    expect(e.reason).toBe('expression nested deeper than 64 levels')
    expect(e.column).toBe(66)
  })

  it('counts nesting depth, not how many expressions a query has', () => {
    const q = `*[System[${Array.from({ length: 100 }, (_, k) => `(EventID=${k})`).join(' or ')}]]`
    const e = parseQuery(q)
    if (e.kind !== 'path') throw new Error('path expected')
    const system = e.steps[0]?.predicates[0]
    if (system?.kind !== 'path') throw new Error('path expected')
    expect(system.steps[0]?.predicates[0]?.kind).toBe('or')
  })

  it('parses a chain of thousands of conditions into a shallow tree, operands in order', () => {
    const q = `*[System[${Array.from({ length: 50_000 }, (_, k) => `EventID=${k}`).join(' or ')}]]`
    const e = parseQuery(q)
    if (e.kind !== 'path') throw new Error('path expected')
    const system = e.steps[0]?.predicates[0]
    if (system?.kind !== 'path') throw new Error('path expected')
    const ids: string[] = []
    let deepest = 0
    const walk = (x: Expr, depth: number): void => {
      deepest = Math.max(deepest, depth)
      if (x.kind === 'or') {
        walk(x.left, depth + 1)
        walk(x.right, depth + 1)
      } else if (x.kind === 'compare' && x.right.kind === 'number') ids.push(x.right.text)
    }
    walk(system.steps[0]?.predicates[0] as Expr, 0)
    expect(ids).toEqual(Array.from({ length: 50_000 }, (_, k) => `${k}`))
    expect(deepest).toBeLessThanOrEqual(17)
  })

  it('rejects a number run into a name instead of splitting it', () => {
    const e = error('*[System[EventID=1058and Level=2]]')
    expect(e.reason).toBe('bad number "1058a"')
    expect(e.column).toBe(18)
  })
})

describe('what mutation round s32 found unchecked', () => {
  it('keeps the offset of each node: operators, keywords, steps, literals', () => {
    expect(parseQuery("*[A=1 or B!='x']")).toEqual({
      kind: 'path',
      offset: 0,
      steps: [
        {
          name: '*',
          offset: 0,
          predicates: [
            {
              kind: 'or',
              offset: 6,
              left: { kind: 'compare', op: '=', offset: 3, left: { kind: 'path', offset: 2, steps: [{ name: 'A', offset: 2, predicates: [] }] }, right: { kind: 'number', text: '1', offset: 4 } },
              right: { kind: 'compare', op: '!=', offset: 10, left: { kind: 'path', offset: 9, steps: [{ name: 'B', offset: 9, predicates: [] }] }, right: { kind: 'string', value: 'x', offset: 12 } },
            },
          ],
        },
      ],
    })
  })
})
