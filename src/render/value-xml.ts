/**
 * A value's text escaped for XML in one step: strings are decoded and checked for markup
 * characters in the same pass, so the common case (nothing to escape) costs no second scan.
 */
import type { ValueTable } from '../binxml/value-table.js'
import { ARRAY_BIT, ValueType } from '../binxml/value-types.js'
import { valueText } from '../binxml/values.js'
import { escapeAttribute, escapeText } from './escape.js'

const scratch: number[] = []
const decoder = new TextDecoder('utf-16le')

/** The escaped text of value `i` (array item `item`), for element content or an attribute. */
export function valueXml(vt: ValueTable, i: number, item: number, attribute: boolean): string {
  const type = vt.type(i)
  if (type === ValueType.String) return stringXml(vt.bytes, vt.offset(i), vt.size(i) >>> 1, attribute)
  const text = valueText(vt, i, item)
  // Numbers, hex, GUIDs, times and SIDs never hold markup characters.
  if (type & ARRAY_BIT || type === ValueType.AnsiString) return attribute ? escapeAttribute(text) : escapeText(text)
  return text
}

function stringXml(bytes: Uint8Array, at: number, units: number, attribute: boolean): string {
  if (units > 256) {
    let stop = at + 2 * units
    for (let p = at; p < stop; p += 2) {
      if (bytes[p] === 0 && bytes[p + 1] === 0) {
        stop = p
        break
      }
    }
    const s = decoder.decode(bytes.subarray(at, stop))
    return attribute ? escapeAttribute(s) : escapeText(s)
  }
  let n = 0
  let special = false
  let surrogate = false
  for (let p = at, e = at + 2 * units; p < e; p += 2) {
    const c = (bytes[p] as number) | ((bytes[p + 1] as number) << 8)
    if (c === 0) break
    if (c === 0x26 || c === 0x3c || c === 0x3e || (attribute && (c === 0x27 || c === 0x22))) special = true
    else if (c >= 0xd800 && c <= 0xdfff) surrogate = true
    scratch[n++] = c
  }
  if (n === 0) return ''
  let s: string
  if (surrogate) s = decoder.decode(bytes.subarray(at, at + 2 * n))
  else {
    scratch.length = n
    s = String.fromCharCode.apply(null, scratch)
  }
  if (!special) return s
  return attribute ? escapeAttribute(s) : escapeText(s)
}
