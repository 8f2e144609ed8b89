/**
 * The query tokenizer: which names, numbers and strings it reads (with their offsets), and when
 * `-` is a sign and when it is arithmetic. The code and column of each text it refuses are checked
 * through parseQuery in parser.test.ts.
 */
import { describe, expect, it } from 'vitest'
import { QueryError, QueryErrorCode } from '../../src/query/errors.js'
import { tokenize } from '../../src/query/lexer.js'
import { thrown } from '../helpers/thrown.js'

const kinds = (q: string) => tokenize(q).map((t) => `${t.kind}:${t.text}`)

describe('tokenize', () => {
  it('gives each token its kind, text as written and offset, and ends at the end of the text', () => {
    expect(tokenize("*[Data!='a b']")).toEqual([
      { kind: '*', text: '*', offset: 0 },
      { kind: '[', text: '[', offset: 1 },
      { kind: 'name', text: 'Data', offset: 2 },
      { kind: '!=', text: '!=', offset: 6 },
      { kind: 'string', text: 'a b', offset: 8 },
      { kind: ']', text: ']', offset: 13 },
      { kind: 'end', text: '', offset: 14 },
    ])
  })

  it('reads names with underscores, dots, middle dots, hyphens and letters past ASCII', () => {
    expect(kinds('_x a.b a·b Microsoft-Windows-Foo Données')).toEqual(['name:_x', 'name:a.b', 'name:a·b', 'name:Microsoft-Windows-Foo', 'name:Données', 'end:'])
  })

  it('reads decimal numbers with a leading or trailing dot, signs, and hexadecimal with x or X', () => {
    expect(kinds('1. .5 0x1f 0X1F')).toEqual(['number:1.', 'number:.5', 'number:0x1f', 'number:0X1F', 'end:'])
    expect(kinds('-1')).toEqual(['number:-1', 'end:'])
    expect(kinds('=-.5')).toEqual(['=:=', 'number:-.5', 'end:'])
  })

  it.each([
    ['name', 'EventID -1'],
    ['string', "'a' -1"],
    ['number', '1 -1'],
    ['*', '* -1'],
    [')', '(a) -1'],
    [']', 'a[b] -1'],
  ])('takes `-` after a %s for subtraction, which Windows does not support', (_, q) => {
    const e = thrown(() => tokenize(q), QueryError)
    expect([e.code, e.reason, e.offset]).toEqual([QueryErrorCode.Unsupported, 'arithmetic is not supported by Windows event queries', q.indexOf('-')])
  })
})
