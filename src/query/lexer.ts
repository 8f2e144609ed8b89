/**
 * Tokens of an event query (the XPath 1.0 subset Windows accepts), each with its offset so errors
 * can point at it. Numbers are decimal (`1058`, `0.5`, `-3600000`) or hexadecimal
 * (`0x80000000000000`, as Windows' UINT64 literals); strings are quoted with ' or " and have no escapes, as in XPath.
 */
import { QueryError, QueryErrorCode } from './errors.js'

export type TokenKind =
  | 'name' | 'string' | 'number' | '*' | '@' | '/' | '[' | ']' | '(' | ')' | ','
  | '=' | '!=' | '<' | '<=' | '>' | '>=' | 'end'

export interface Token {
  readonly kind: TokenKind
  /** Names and string values as written; numbers as written (`0x10`, `86400000`). */
  readonly text: string
  readonly offset: number
}

/** Tokens after which a `-` would be subtraction, not a sign. */
const VALUE_END: readonly TokenKind[] = ['name', 'string', 'number', '*', ')', ']']
const NAME_START = /[A-Za-z_\u00c0-\uffff]/
const NAME_CHAR = /[\w.\-\u00b7\u00c0-\uffff]/

export function tokenize(source: string): Token[] {
  const out: Token[] = []
  const fail = (reason: string, at: number, code: QueryErrorCode = QueryErrorCode.Syntax): never => {
    throw new QueryError(code, reason, source, at)
  }
  let i = 0
  while (i < source.length) {
    const c = source[i] as string
    const at = i
    if (/\s/.test(c)) {
      i++
      continue
    }
    if (c === "'" || c === '"') {
      const end = source.indexOf(c, i + 1)
      if (end < 0) fail(`string not closed: add the closing ${c}`, at)
      out.push({ kind: 'string', text: source.slice(i + 1, end), offset: at })
      i = end + 1
      continue
    }
    const prev = out[out.length - 1]?.kind
    const signed = c === '-' && /^\.?[0-9]/.test(source.slice(i + 1, i + 3)) && (prev === undefined || !VALUE_END.includes(prev))
    if (signed || /[0-9]/.test(c) || (c === '.' && /[0-9]/.test(source[i + 1] ?? ''))) {
      const m = /^-?(?:0[xX][0-9A-Fa-f]+|[0-9]+(?:\.[0-9]*)?|\.[0-9]+)/.exec(source.slice(i)) as RegExpExecArray
      i += m[0].length
      if (NAME_START.test(source[i] ?? '')) fail(`bad number ${JSON.stringify(source.slice(at, i + 1))}`, at)
      out.push({ kind: 'number', text: m[0], offset: at })
      continue
    }
    if (NAME_START.test(c)) {
      while (i < source.length && NAME_CHAR.test(source[i] as string)) i++
      if (source[i] === ':') {
        fail(source[i + 1] === ':' ? 'axes (`axis::`) are not supported: use child steps and @attributes' : 'namespace prefixes are not supported: write the local name', i, QueryErrorCode.Unsupported)
      }
      out.push({ kind: 'name', text: source.slice(at, i), offset: at })
      continue
    }
    const two = source.slice(i, i + 2)
    if (two === '!=' || two === '<=' || two === '>=') {
      out.push({ kind: two, text: two, offset: at })
      i += 2
      continue
    }
    if (two === '//') fail('`//` (descendant search) is not supported by Windows event queries: spell out each step', at, QueryErrorCode.Unsupported)
    switch (c) {
      case '*': case '@': case '/': case '[': case ']': case '(': case ')': case ',': case '=': case '<': case '>':
        out.push({ kind: c, text: c, offset: at })
        i++
        continue
      case '.':
        fail('`.` and `..` (self and parent) are not supported by Windows event queries', at, QueryErrorCode.Unsupported)
        break
      case '|':
        fail('`|` (union) is not supported by Windows event queries: use `or`, or a QueryList with several Select elements', at, QueryErrorCode.Unsupported)
        break
      case '$':
        fail('variables are not supported by Windows event queries', at, QueryErrorCode.Unsupported)
        break
      case '&':
        fail('unexpected `&`: XML entities such as &lt; belong in QueryList XML; in a plain XPath write < directly', at)
        break
      case '+': case '-':
        fail('arithmetic is not supported by Windows event queries', at, QueryErrorCode.Unsupported)
        break
      default:
        fail(`unexpected character ${JSON.stringify(c)}`, at)
    }
  }
  out.push({ kind: 'end', text: '', offset: source.length })
  return out
}
