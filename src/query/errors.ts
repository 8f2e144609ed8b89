/**
 * The query language's one error type: a stable code, the offending text, and where in it the
 * mistake is, shown as the line with a caret under the column.
 */

export const QueryErrorCode = {
  /** The text is not a query: unexpected character or token, missing bracket. */
  Syntax: 'QUERY_SYNTAX',
  /** Valid XPath 1.0 that Windows event queries do not accept (axes, unions, arithmetic, …). */
  Unsupported: 'QUERY_UNSUPPORTED',
  /** A QueryList document that is not well-formed or does not follow the query schema. */
  QueryList: 'QUERY_BAD_QUERYLIST',
} as const
export type QueryErrorCode = (typeof QueryErrorCode)[keyof typeof QueryErrorCode]

export class QueryError extends Error {
  override readonly name = 'QueryError'
  readonly code: QueryErrorCode
  /** The reason alone, without the source excerpt. */
  readonly reason: string
  /** The text that was being read (an XPath expression or a QueryList document). */
  readonly source: string
  /** 0-based offset of the mistake in `source`. */
  readonly offset: number
  /** 1-based line and column of the mistake. */
  readonly line: number
  readonly column: number

  constructor(code: QueryErrorCode, reason: string, source: string, offset: number) {
    const at = Math.max(0, Math.min(offset, source.length))
    const lineStart = source.lastIndexOf('\n', at - 1) + 1
    const lineEnd = source.indexOf('\n', at)
    const line = source.slice(0, lineStart).split('\n').length
    const column = at - lineStart + 1
    const text = source.slice(lineStart, lineEnd < 0 ? source.length : lineEnd).replace(/\t/g, ' ')
    const where = source.includes('\n') ? `line ${line}, column ${column}` : `column ${column}`
    super(`${reason} (${where})\n  ${text}\n  ${' '.repeat(column - 1)}^`)
    this.code = code
    this.reason = reason
    this.source = source
    this.offset = at
    this.line = line
    this.column = column
  }
}
