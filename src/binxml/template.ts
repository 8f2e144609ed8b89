/**
 * Template definitions: loading, compiling once per file, and the per-file cache.
 *
 * A definition sits at a chunk offset: `u32 next, 16-byte GUID, u32 data size, body`. Every chunk
 * repeats the definitions its records use, so the same template is met again and again. Two
 * levels keep the work to once per distinct template per file:
 * 1. by bytes: GUID + size + hash of the body, confirmed byte for byte (the common case);
 * 2. by structure: when the bytes differ only because names are inline in one chunk and
 *    back-references in another, the parsed tree is the same and the compiled template is shared.
 * Renderer and accessor caches hang off the shared {@link CompiledTemplate}.
 * Ref: ../shared/docs/evtx-format.md c.7.
 */
import { ByteCursor } from '../binary/cursor.js'
import { formatGuid } from '../binary/guid.js'
import { EvtxError, EvtxErrorCode } from '../errors.js'
import { CHUNK_HEADER_SIZE } from '../evtx/constants.js'
import type { ChunkContext } from './context.js'
import { type ContentNode, type ElementNode, type Fragment, NodeKind } from './nodes.js'
import { parseTemplateBody } from './parser.js'

/** Size of a template definition header: next (4) + GUID (16) + data size (4). */
export const TEMPLATE_HEADER_SIZE = 24

export class CompiledTemplate {
  readonly guid: string
  readonly dataSize: number
  readonly fragment: Fragment
  /** The first element of the body (the `Event` element of a record template). */
  readonly root: ElementNode | undefined
  /** Highest substitution index the body uses, plus one. */
  readonly substitutionCount: number
  /** Caches for accessors and renderers, keyed by their own ids. */
  readonly caches = new Map<string, unknown>()

  constructor(guid: string, dataSize: number, fragment: Fragment) {
    this.guid = guid
    this.dataSize = dataSize
    this.fragment = fragment
    let root: ElementNode | undefined
    for (const n of fragment) {
      if (n.kind === NodeKind.Element) {
        root = n
        break
      }
    }
    this.root = root
    this.substitutionCount = maxSubstitution(fragment) + 1
  }
}

function maxSubstitution(nodes: readonly ContentNode[]): number {
  let max = -1
  for (const n of nodes) {
    if (n.kind === NodeKind.Substitution) max = Math.max(max, n.index)
    else if (n.kind === NodeKind.Element) {
      if (n.depId > max) max = n.depId
      for (const a of n.attrs) max = Math.max(max, maxSubstitution(a.value))
      max = Math.max(max, maxSubstitution(n.children))
    }
  }
  return max
}

interface ByteEntry {
  /** The definition's GUID bytes. */
  readonly head: Uint8Array
  readonly body: Uint8Array
  /** Names the body refers back to: the same bytes mean the same template only if these match. */
  readonly externalNames: ReadonlyArray<[number, string]>
  readonly template: CompiledTemplate
}

/** The file-level template cache. */
export class TemplateCache {
  /** By a hash of the GUID and body bytes (a number: no key string per definition met). */
  private readonly byBytes = new Map<number, ByteEntry[]>()
  private readonly byStructure = new Map<string, CompiledTemplate>()
  private readonly max: number
  /** Distinct compiled templates, and how many definitions were met in all. */
  compiled = 0
  definitions = 0

  constructor(max: number) {
    this.max = max
  }

  /** The template defined by the same GUID (at `guidAt`) and body bytes, with the same names. */
  lookup(ctx: ChunkContext, key: number, guidAt: number, start: number, end: number): CompiledTemplate | undefined {
    const entries = this.byBytes.get(key)
    if (entries === undefined) return undefined
    for (const e of entries) {
      if (sameBytes(e.body, ctx.bytes, start, end) && sameBytes(e.head, ctx.bytes, guidAt, guidAt + 16) && sameNames(ctx, e.externalNames)) return e.template
    }
    return undefined
  }

  /** Stores a freshly parsed template, returning an existing one with the same structure if any. */
  intern(
    key: number,
    head: Uint8Array,
    body: Uint8Array,
    externalNames: ReadonlyArray<[number, string]>,
    parsed: CompiledTemplate,
  ): CompiledTemplate {
    const signature = `${parsed.guid}|${structureSignature(parsed.fragment)}`
    let template = this.byStructure.get(signature)
    if (template === undefined) {
      if (this.byStructure.size >= this.max) this.byStructure.clear()
      template = parsed
      this.byStructure.set(signature, template)
      this.compiled++
    }
    if (this.byBytes.size >= this.max) this.byBytes.clear()
    const list = this.byBytes.get(key)
    const entry = { head, body, externalNames, template }
    if (list) list.push(entry)
    else this.byBytes.set(key, [entry])
    return template
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array, start: number, end: number): boolean {
  if (a.length !== end - start) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[start + i]) return false
  return true
}

/**
 * True when every name the body refers back to is the same here: compared as UTF-16 code units in
 * place, not decoded (equal units decode to the same name). A name out of bounds is not the same.
 */
function sameNames(ctx: ChunkContext, names: ReadonlyArray<[number, string]>): boolean {
  const bytes = ctx.bytes
  const view = ctx.view
  for (const [offset, name] of names) {
    const n = name.length
    if (offset < CHUNK_HEADER_SIZE || offset + 8 + 2 * n > bytes.length || view.getUint16(offset + 6, true) !== n) return false
    for (let i = 0; i < n; i++) if (view.getUint16(offset + 8 + 2 * i, true) !== name.charCodeAt(i)) return false
  }
  return true
}

function fnv1a(bytes: Uint8Array, start: number, end: number, seed = 0x811c9dc5): number {
  let h = seed
  for (let i = start; i < end; i++) h = Math.imul(h ^ (bytes[i] as number), 0x01000193)
  return h >>> 0
}

/** A string that is equal for two fragments exactly when they render alike for all values. */
export function structureSignature(nodes: readonly ContentNode[]): string {
  let s = ''
  for (const n of nodes) {
    switch (n.kind) {
      case NodeKind.Element:
        s += `<${JSON.stringify(n.name)}${n.depId}${n.empty ? '/' : ''}`
        for (const a of n.attrs) s += `@${JSON.stringify(a.name)}=${structureSignature(a.value)};`
        s += `>${structureSignature(n.children)}</>`
        break
      case NodeKind.Text:
        s += `t${JSON.stringify(n.text)}`
        break
      case NodeKind.Substitution:
        s += `%${n.index}:${n.declaredType}${n.optional ? '?' : ''}`
        break
      case NodeKind.CharRef:
        s += `#${n.code};`
        break
      case NodeKind.EntityRef:
        s += `&${JSON.stringify(n.name)};`
        break
      case NodeKind.CData:
        s += `c${JSON.stringify(n.text)}`
        break
      case NodeKind.ProcessingInstruction:
        s += `?${JSON.stringify(n.target)} ${JSON.stringify(n.data)}`
        break
      case NodeKind.TemplateInstance:
        s += '!'
        break
    }
  }
  return s
}

/**
 * The template whose definition is at chunk offset `definitionOffset`. When the definition is
 * inline (it starts right at the cursor), the cursor is moved past it.
 */
export function templateAt(ctx: ChunkContext, cur: ByteCursor, definitionOffset: number): CompiledTemplate {
  const inline = definitionOffset === cur.pos
  let template = ctx.templates.get(definitionOffset)
  if (template === undefined) {
    template = loadTemplate(ctx, definitionOffset, cur.pos - 4)
    ctx.templates.set(definitionOffset, template)
  }
  // Skip by this definition's own size: a template shared with another chunk may differ in size.
  if (inline) cur.skip(TEMPLATE_HEADER_SIZE + ctx.view.getUint32(definitionOffset + 20, true), 'template.definition')
  return template
}

/** Loads the definition at `offset`; errors are located at `refAt`, the field that refers to it. */
function loadTemplate(ctx: ChunkContext, offset: number, refAt: number): CompiledTemplate {
  const bytes = ctx.bytes
  if (offset < CHUNK_HEADER_SIZE || offset + TEMPLATE_HEADER_SIZE > bytes.length) {
    throw new EvtxError(
      EvtxErrorCode.BinXmlBadTemplate,
      `template definition offset 0x${offset.toString(16)} is outside the chunk's record data`,
      ctx.location(refAt),
    )
  }
  const dataSize = ctx.view.getUint32(offset + 20, true)
  const start = offset + TEMPLATE_HEADER_SIZE
  const end = start + dataSize
  if (end > bytes.length) {
    throw new EvtxError(
      EvtxErrorCode.BinXmlBadTemplate,
      `template ${formatGuid(bytes, offset + 4)} at 0x${offset.toString(16)} declares ${dataSize} bytes, past the end of the chunk`,
      ctx.location(refAt),
    )
  }
  const cache = ctx.file.templates
  cache.definitions++
  // Every chunk defines its templates again: most definitions are met before, byte for byte.
  const key = fnv1a(bytes, start, end, fnv1a(bytes, offset + 4, offset + 20))
  const hit = cache.lookup(ctx, key, offset + 4, start, end)
  if (hit !== undefined) return hit
  const guid = formatGuid(bytes, offset + 4)
  ctx.templateBytes += dataSize
  const budget = ctx.file.limits.maxTemplateBytesPerChunk
  if (ctx.templateBytes > budget) {
    throw new EvtxError(
      EvtxErrorCode.LimitExceeded,
      `template definitions in chunk ${ctx.chunkIndex} exceed ${budget} bytes (at the one at 0x${offset.toString(16)}); a real chunk needs a few KiB`,
      ctx.location(refAt),
    )
  }
  const cur = new ByteCursor(bytes, ctx.fileOffset, start, end)
  const externalNames: Array<[number, string]> = []
  const saved = ctx.externalNames
  ctx.externalNames = externalNames
  let fragment: ContentNode[]
  try {
    fragment = parseTemplateBody(ctx, cur)
  } finally {
    ctx.externalNames = saved
  }
  return cache.intern(key, bytes.slice(offset + 4, offset + 20), bytes.slice(start, end), externalNames, new CompiledTemplate(guid, dataSize, fragment))
}
