/**
 * Template GUIDs. Windows names each template definition by a GUID that looks hashed from the
 * definition (version nibble 5, no RFC 4122 variant bits: `{4329d877-d8d5-512d-ec99-…}`). When a
 * definition gives none, the writer derives one the same way in spirit: four CRC-32s with
 * different seeds over a canonical description of the tree, version nibble set to 5. Equal
 * definitions get equal GUIDs, so output is deterministic.
 */
import { crc32 } from '../binary/crc32.js'
import { formatGuid } from '../binary/guid.js'
import { encodeUtf16 } from '../binary/utf16.js'
import type { AttributePart, ContentSpec, TemplateDefinition } from './model.js'

function describeParts(parts: readonly (ContentSpec | AttributePart)[]): string {
  let s = ''
  for (const p of parts) {
    switch (p.kind) {
      case 'element':
        s += `<${JSON.stringify(p.name)}${p.depId ?? ''}${p.empty ? '/' : ''}`
        for (const a of p.attributes ?? []) s += `@${JSON.stringify(a.name)}=${describeParts(a.value)};`
        s += `>${describeParts(p.children ?? [])}</>`
        break
      case 'text':
        s += `t${JSON.stringify(p.text)}`
        break
      case 'substitution':
        s += `%${p.index}:${p.type}${p.optional ? '?' : ''}`
        break
      case 'charref':
        s += `#${p.code};`
        break
      case 'entityref':
        s += `&${JSON.stringify(p.name)};`
        break
      case 'cdata':
        s += `c${JSON.stringify(p.text)}`
        break
      case 'pi':
        s += `?${JSON.stringify(p.target)} ${JSON.stringify(p.data)}`
        break
      case 'template':
        s += '!'
        break
    }
  }
  return s
}

const derived = new WeakMap<TemplateDefinition, string>()
const shapes = new WeakMap<TemplateDefinition, string>()

/** A canonical description of the definition's tree: equal for equal definitions, whatever their GUID. */
export function templateShape(def: TemplateDefinition): string {
  let s = shapes.get(def)
  if (s === undefined) {
    s = describeParts(def.body)
    shapes.set(def, s)
  }
  return s
}

/** The definition's GUID: its own, or one derived from its structure (lowercase, braced). */
export function templateGuid(def: TemplateDefinition): string {
  if (def.guid !== undefined) return def.guid.toLowerCase()
  let g = derived.get(def)
  if (g === undefined) {
    const text = encodeUtf16(templateShape(def))
    const out = new Uint8Array(16)
    const view = new DataView(out.buffer)
    for (let i = 0; i < 4; i++) view.setUint32(4 * i, crc32(text, 0, text.length, 0x9e3779b9 * (i + 1)), true)
    out[7] = ((out[7] as number) & 0x0f) | 0x50
    g = formatGuid(out, 0)
    derived.set(def, g)
  }
  return g
}
