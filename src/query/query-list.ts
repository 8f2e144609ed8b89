/**
 * Structured queries: `<QueryList><Query Id='0' Path='System'><Select Path='System'>XPath</Select>
 * <Suppress Path='System'>XPath</Suppress></Query></QueryList>` (MS-EVEN6 §2.2.16, the Event
 * Viewer "XML" filter tab). An event of log L is in the result when some Query has a Select for
 * L that matches it and no Suppress for L in that same Query does. A Select or Suppress without
 * a Path uses its Query's Path.
 */
import { type CompiledQuery, compileQuery } from './compile.js'
import { sameChannel } from './channels.js'
import { QueryError, QueryErrorCode } from './errors.js'
import type { EvtxRecord } from '../evtx/record.js'
import { parseXml, type XmlNode } from './xml.js'

export interface Selector {
  /** The log it applies to: a channel name or a `file://` URI. */
  readonly path: string
  readonly query: CompiledQuery
}

export interface QueryListQuery {
  readonly id: number | undefined
  readonly selects: readonly Selector[]
  readonly suppresses: readonly Selector[]
}

export interface QueryList {
  readonly queries: readonly QueryListQuery[]
  /** Every log path the selectors name, first use first. */
  readonly paths: readonly string[]
  readonly usesNow: boolean
  /**
   * True when the record, read from the log `path` names, is in the result.
   * @param logMatches - whether a selector's path names the record's log
   */
  matches(record: EvtxRecord, logMatches: (path: string) => boolean, now?: bigint): boolean
}

/** True when the text is a QueryList document rather than an XPath expression. */
export function looksLikeQueryList(text: string): boolean {
  return text.trimStart().startsWith('<')
}

function selector(el: XmlNode, queryPath: string | undefined, what: string, source: string): Selector {
  const path = el.attributes.get('Path') ?? queryPath
  if (path === undefined) throw new QueryError(QueryErrorCode.QueryList, `${what} has no Path and its Query has none either`, source, el.offset)
  const xpath = el.text.trim()
  try {
    return { path, query: compileQuery(xpath) }
  } catch (e) {
    if (e instanceof QueryError && e.source === xpath) throw new QueryError(e.code, `${what}: ${e.reason}`, xpath, e.offset)
    throw e
  }
}

/**
 * Parses and compiles a QueryList document.
 * @throws {QueryError} for malformed XML, a document that is not a QueryList, or a bad XPath inside
 */
export function parseQueryList(source: string): QueryList {
  const root = parseXml(source)
  const fail = (reason: string, at: number): never => {
    throw new QueryError(QueryErrorCode.QueryList, reason, source, at)
  }
  if (root.name !== 'QueryList') fail(`expected <QueryList>, found <${root.name}>`, root.offset)
  const queries: QueryListQuery[] = []
  for (const q of root.children) {
    if (q.name !== 'Query') fail(`<QueryList> holds <Query> elements, not <${q.name}>`, q.offset)
    const idText = q.attributes.get('Id')
    if (idText !== undefined && !/^-?\d+$/.test(idText.trim())) fail(`Query Id must be a number, got '${idText}'`, q.offset)
    const id = idText === undefined ? undefined : Number(idText)
    const queryPath = q.attributes.get('Path')
    const selects: Selector[] = []
    const suppresses: Selector[] = []
    for (const s of q.children) {
      const what = `<${s.name}${s.attributes.has('Path') ? ` Path='${s.attributes.get('Path')}'` : ''}> of query ${id ?? queries.length}`
      if (s.name === 'Select') selects.push(selector(s, queryPath, what, source))
      else if (s.name === 'Suppress') suppresses.push(selector(s, queryPath, what, source))
      else fail(`<Query> holds <Select> and <Suppress>, not <${s.name}>`, s.offset)
    }
    if (selects.length === 0) fail('a <Query> needs at least one <Select>', q.offset)
    queries.push({ id, selects, suppresses })
  }
  if (queries.length === 0) fail('<QueryList> has no <Query>', root.offset)
  const paths: string[] = []
  for (const q of queries) for (const s of [...q.selects, ...q.suppresses]) if (!paths.some((p) => sameChannel(p, s.path))) paths.push(s.path)
  const usesNow = queries.some((q) => [...q.selects, ...q.suppresses].some((s) => s.query.usesNow))
  return {
    queries,
    paths,
    usesNow,
    matches(record, logMatches, now) {
      return queries.some(
        (q) => q.selects.some((s) => logMatches(s.path) && s.query.matches(record, now)) && !q.suppresses.some((s) => logMatches(s.path) && s.query.matches(record, now)),
      )
    },
  }
}
