/**
 * The corpus' canonical infoset (../shared/evtx-corpus/README.md "Canonical infoset") computed
 * from our element tree, so records can be compared with expected/*.jsonl.gz without an XML parser.
 */
import type { XmlElement } from '../../src/render/tree.js'

/** `[localName, attributes, ...children]`; an interface because a recursive tuple alias is rejected by tsc. */
export interface Canonical extends Array<string | Record<string, string> | Canonical> {
  0: string
  1: Record<string, string>
}

function localName(name: string): string {
  const i = name.indexOf(':')
  return i >= 0 ? name.slice(i + 1) : name
}

function normText(s: string): string {
  return s.replace(/\r\n/g, '\n').replace(/\r/g, '\n')
}

function normAttr(s: string): string {
  return s.replace(/\r\n/g, ' ').replace(/[\r\n\t]/g, ' ')
}

export function canonical(el: XmlElement): Canonical {
  const attrs: Record<string, string> = {}
  for (const k of Object.keys(el.attributes).sort()) {
    if (k === 'xmlns' || k.startsWith('xmlns:')) continue
    attrs[localName(k)] = normAttr(el.attributes[k] as string)
  }
  const sorted: Record<string, string> = {}
  for (const k of Object.keys(attrs).sort()) sorted[k] = attrs[k] as string
  const hasElements = el.children.some((c) => typeof c !== 'string')
  const out: Canonical = [localName(el.name), sorted]
  let buf = ''
  const flush = () => {
    if (buf !== '' && !(hasElements && /^[ \t\r\n]*$/.test(buf))) out.push(normText(buf))
    buf = ''
  }
  for (const c of el.children) {
    if (typeof c === 'string') buf += c
    else {
      flush()
      out.push(canonical(c))
    }
  }
  flush()
  return out
}
