/**
 * XML escaping as Windows does it: `&`, `<` and `>` in element text (quotes stay raw, verified
 * against Windows' own exports); attributes are single-quoted, so `'` (and `"`) are escaped too.
 *
 * Names and the markup a file can ask for (CDATA, entity references, processing instructions)
 * come from the log as well. Windows' own templates only hold valid names and plain CDATA, which
 * are written as they are; anything a crafted file could use to end the markup early and add
 * elements of its own is written so that it cannot (see {@link xmlName}, {@link cdataXml}).
 */
import { entityText } from '../binxml/nodes.js'

const TEXT_RE = /[&<>]/
const ATTR_RE = /[&<>'"]/

export function escapeText(s: string): string {
  if (!TEXT_RE.test(s)) return s
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}

export function escapeAttribute(s: string): string {
  if (!ATTR_RE.test(s)) return s
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/'/g, '&apos;').replace(/"/g, '&quot;')
}

// XML 1.0 (fifth edition) NameStartChar, and the other NameChars.
const NAME_START = ':A-Z_a-z\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u02FF\\u0370-\\u037D\\u037F-\\u1FFF\\u200C\\u200D\\u2070-\\u218F\\u2C00-\\u2FEF\\u3001-\\uD7FF\\uF900-\\uFDCF\\uFDF0-\\uFFFD\\u{10000}-\\u{EFFFF}'
const NAME_MORE = '\\-.0-9\\u00B7\\u0300-\\u036F\\u203F\\u2040'
const NAME_RE = new RegExp(`^[${NAME_START}][${NAME_START}${NAME_MORE}]*$`, 'u')
const START_CHAR_RE = new RegExp(`^[${NAME_START}]$`, 'u')
const NAME_CHAR_RE = new RegExp(`^[${NAME_START}${NAME_MORE}]$`, 'u')

/**
 * An element, attribute or processing-instruction name from the log, as markup: a valid XML name
 * as it is; in any other, each character a name cannot hold (a space, `>`, `'`, `=`…) is written
 * `_xHHHH_`, as .NET's XmlConvert.EncodeName does, so a crafted name cannot close its tag and add
 * attributes or elements.
 */
export function xmlName(name: string): string {
  if (NAME_RE.test(name)) return name
  let out = ''
  let first = true
  for (const c of name) {
    out += (first ? START_CHAR_RE : NAME_CHAR_RE).test(c) ? c : `_x${(c.codePointAt(0) as number).toString(16).toUpperCase().padStart(4, '0')}_`
    first = false
  }
  return out
}

/** A CDATA section of `text`; a `]]>` inside it ends one section and starts the next. */
export function cdataXml(text: string): string {
  return `<![CDATA[${text.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`
}

/**
 * An entity reference: one of XML's five as written (`&lt;`); any other name has no definition
 * in the output, so it is written as the text the other renderers give it (`&amp;name;`).
 */
export function entityXml(name: string): string {
  return entityText(name) !== undefined ? `&${name};` : escapeText(`&${name};`)
}

/** A processing instruction; a `?>` in its data, which would end it early, is written `? >`. */
export function processingInstructionXml(target: string, data: string): string {
  return `<?${xmlName(target)} ${data.replaceAll('?>', '? >')}?>`
}
