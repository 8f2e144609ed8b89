/**
 * Just enough XML for QueryList documents: elements, attributes, text with entity and character
 * references, CDATA, comments and the XML declaration. Not a general XML parser (no DTDs, no
 * namespaces beyond ignoring prefixes); every error is a QueryError pointing at its offset.
 */
import { QueryError, QueryErrorCode } from './errors.js'

export interface XmlNode {
  /** Local name (any `prefix:` dropped). */
  readonly name: string
  readonly attributes: ReadonlyMap<string, string>
  readonly children: readonly XmlNode[]
  /** The element's own text (CDATA and references resolved), children's text excluded. */
  readonly text: string
  readonly offset: number
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" }
/** Deepest element nesting read. */
const MAX_DEPTH = 64

export function parseXml(source: string): XmlNode {
  let i = 0
  const fail = (reason: string, at = i): never => {
    throw new QueryError(QueryErrorCode.QueryList, reason, source, at)
  }
  const decode = (raw: string, at: number): string =>
    raw.replace(/&(#x[0-9a-fA-F]+|#\d+|\w+);|&/g, (whole, ref: string | undefined, k: number) => {
      if (ref === undefined) fail('a bare `&` must be written &amp;', at + k)
      const r = ref as string
      if (r.startsWith('#')) {
        const code = r.startsWith('#x') ? Number.parseInt(r.slice(2), 16) : Number(r.slice(1))
        return code <= 0x10ffff ? String.fromCodePoint(code) : fail(`${whole} is not a character (above U+10FFFF)`, at + k)
      }
      const e = ENTITIES[r]
      return e ?? fail(`unknown entity ${whole}`, at + k)
    })
  const skipMisc = () => {
    for (;;) {
      while (i < source.length && /\s/.test(source[i] as string)) i++
      if (source.startsWith('<!--', i)) {
        const end = source.indexOf('-->', i + 4)
        if (end < 0) fail('comment not closed')
        i = end + 3
      } else if (source.startsWith('<?', i)) {
        const end = source.indexOf('?>', i + 2)
        if (end < 0) fail('declaration not closed')
        i = end + 2
      } else return
    }
  }
  const name = (): string => {
    const m = /^[A-Za-z_][\w.:-]*/.exec(source.slice(i))
    if (!m) fail('expected a name')
    i += (m as RegExpExecArray)[0].length
    return (m as RegExpExecArray)[0]
  }
  const local = (n: string) => n.slice(n.indexOf(':') + 1)
  let depth = 0
  const element = (): XmlNode => {
    const offset = i
    if (source[i] !== '<') fail('expected an element')
    // A QueryList is three levels deep: a hostile document must not exhaust the stack.
    if (++depth > MAX_DEPTH) fail(`elements nested deeper than ${MAX_DEPTH} levels`)
    i++
    const tag = name()
    const attributes = new Map<string, string>()
    for (;;) {
      while (/\s/.test(source[i] ?? '')) i++
      if (source.startsWith('/>', i)) {
        i += 2
        depth--
        return { name: local(tag), attributes, children: [], text: '', offset }
      }
      if (source[i] === '>') {
        i++
        break
      }
      if (i >= source.length) fail(`<${tag}> is not closed`, offset)
      const attrAt = i
      const attr = name()
      while (/\s/.test(source[i] ?? '')) i++
      if (source[i] !== '=') fail(`expected = after attribute ${attr}`)
      i++
      while (/\s/.test(source[i] ?? '')) i++
      const q = source[i]
      if (q !== '"' && q !== "'") fail(`attribute ${attr} needs a quoted value`)
      const end = source.indexOf(q as string, i + 1)
      if (end < 0) fail(`value of attribute ${attr} is not closed`)
      if (attributes.has(local(attr))) fail(`attribute ${attr} is given twice`, attrAt)
      attributes.set(local(attr), decode(source.slice(i + 1, end), i + 1))
      i = end + 1
    }
    const children: XmlNode[] = []
    let text = ''
    for (;;) {
      if (i >= source.length) fail(`<${tag}> is not closed`, offset)
      if (source.startsWith('</', i)) {
        i += 2
        const closing = name()
        if (closing !== tag) fail(`</${closing}> closes <${tag}>`, i - closing.length - 2)
        while (/\s/.test(source[i] ?? '')) i++
        if (source[i] !== '>') fail('expected >')
        i++
        depth--
        return { name: local(tag), attributes, children, text, offset }
      }
      if (source.startsWith('<![CDATA[', i)) {
        const end = source.indexOf(']]>', i)
        if (end < 0) fail('CDATA section not closed')
        text += source.slice(i + 9, end)
        i = end + 3
      } else if (source.startsWith('<!--', i) || source.startsWith('<?', i)) {
        skipMisc()
      } else if (source[i] === '<') {
        children.push(element())
      } else {
        const end = source.indexOf('<', i)
        const stop = end < 0 ? source.length : end
        text += decode(source.slice(i, stop), i)
        i = stop
      }
    }
  }
  skipMisc()
  const root = element()
  skipMisc()
  if (i < source.length) fail('unexpected content after the root element')
  return root
}
