import { describe, expect, it } from 'vitest'
import { QueryError } from '../../src/query/errors.js'
import { thrown } from '../helpers/thrown.js'
import { parseQuery } from '../../src/query/parser.js'

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
    ["Event[System[EventID=1058]", 27, '`]`'],
    ["Event[System[EventID=1058]]]", 28, 'one ] too many'],
    ["*[System[Provider[@Name='Schannel]]]", 25, 'string not closed'],
    ['*[System[EventID==1]]', 18, 'expected a field, value or function'],
    ['*[System[EventID=]]', 18, 'expected a field, value or function'],
    ['System[EventID=1]', 1, 'start with `*` or `Event`'],
    ['*[System[Level=1 and]]', 21, 'expected a field, value or function'],
    ['*[System[count(Level)=1]]', 10, 'unknown function count()'],
    ['*[System[timediff()<1]]', 10, 'timediff() takes 1 or 2 arguments'],
    ['*[System[not(EventID=1, Level=2)]]', 10, 'not() takes 1 argument, got 2'],
    ['*[System[band(Keywords, 1, 2)]]', 10, 'band() takes 2 arguments, got 3'],
    ["*[System[TimeCreated[timediff(@SystemTime, '2026-01-01T00:00:00Z', '2026-01-02T00:00:00Z')<1]]]", 22, 'timediff() takes 1 or 2 arguments, got 3'],
    ['*[System[EventID[position(1)=1]]]', 18, 'position() takes 0 arguments, got 1'],
    ["*[System[timediff('yesterday')<1]]", 19, "'yesterday' is not a time"],
    ['*[System[EventID=Level]]', 17, 'not with another field'],
    ['*[System[1<Level<3]]', 17, 'cannot be chained'],
    ['*[System//EventID=1]', 9, 'descendant'],
    ['*[System/../EventID=1]', 10, '`.` and `..`'],
    ['*[System[EventID=1] | System[EventID=2]]', 21, 'union'],
    ['*[System[EventID=1-1]]', 19, 'arithmetic'],
    ['*[System[EventID=-.]]', 18, 'arithmetic'],
    ['*[ns:System]', 5, 'namespace prefixes'],
    ['*[System[EventID &lt; 5]]', 18, 'XML entities'],
    ['position()=1', 1, 'only has a meaning inside a predicate'],
    ['not(position()=1)', 5, 'only has a meaning inside a predicate'],
    ['not(System[EventID=1])', 5, 'start with `*` or `Event`'],
    ['*[System[Provider/@Name[1]]]', 24, 'predicates on attributes are not supported'],
    ['', 1, 'empty'],
  ])('points at the mistake in %s', (q, column, reason) => {
    const e = error(q)
    expect(e.column).toBe(column)
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

  it('rejects a number run into a name instead of splitting it', () => {
    const e = error('*[System[EventID=1058and Level=2]]')
    expect(e.reason).toBe('bad number "1058a"')
    expect(e.column).toBe(18)
  })
})
