/**
 * Template definitions: loading, compiling once per file, and the per-file cache.
 *
 * A definition sits at a chunk offset: `u32 next, 16-byte GUID, u32 data size, body`. Every chunk
 * repeats the definitions its records use, so the same template is met again and again. Two
 * levels keep the work to once per distinct template per file:
 * 1. by bytes, without parsing (the common case): the same GUID and body bytes, except for the
 *    chunk offsets in name fields. A name inline at the same place, or a back-reference to the
 *    same name, is the same name wherever the chunk put it;
 * 2. by structure, after parsing: when the bytes differ because names are inline in one chunk and
 *    back-references in another, the parsed tree is the same and the compiled template is shared.
 * Renderer and accessor caches hang off the shared {@link CompiledTemplate}. The cache keeps a body
 * up to where it parsed (its end-of-stream token), not the bytes after it the definition declares,
 * and no more than `maxCachedTemplateBytes` in all.
 * A definition that fails to load is remembered per chunk by offset: the records that refer back
 * to it get its error again, without reading it again.
 * Ref: ../shared/docs/evtx-format.md c.7.
 */
import { ByteCursor } from '../binary/cursor.js'
import type { TemplateDepth } from './template-depth.js'
import { formatGuid } from '../binary/guid.js'
import { EvtxError, EvtxErrorCode } from '../errors.js'
import { CHUNK_HEADER_SIZE } from '../evtx/constants.js'
import { type ChunkContext, NameFieldLog } from './context.js'
import { type AttributeNode, type ContentNode, type ElementNode, type Fragment, NodeKind } from './nodes.js'
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
  /** Roughly the bytes its tree holds (what caches that keep templates count; see {@link weightOf}). */
  readonly weight: number
  /** Caches for accessors and renderers, keyed by their own ids. */
  readonly caches = new Map<string, unknown>()
  /** Its depth figures (template-depth.ts), measured on first use: a field, read per instance. */
  depth: TemplateDepth | undefined = undefined

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
    this.weight = weightOf(fragment)
  }
}

/** What a node of a template tree holds, roughly, besides its strings (measured: about 50 bytes). */
const NODE_BYTES = 64

/**
 * Roughly the bytes a fragment holds: {@link NODE_BYTES} a node, 2 a character of its strings. A
 * body of 3-byte tokens holds some 20 times its size, so a cache counts this, not body bytes.
 */
function weightOf(nodes: readonly ContentNode[]): number {
  let w = 0
  for (const n of nodes) {
    w += NODE_BYTES
    switch (n.kind) {
      case NodeKind.Element:
        w += 2 * n.name.length + weightOf(n.children)
        for (const a of n.attrs) w += NODE_BYTES + 2 * a.name.length + weightOf(a.value)
        break
      case NodeKind.Text:
      case NodeKind.CData:
        w += 2 * n.text.length
        break
      case NodeKind.EntityRef:
        w += 2 * n.name.length
        break
      case NodeKind.ProcessingInstruction:
        w += 2 * (n.target.length + n.data.length)
        break
      default:
    }
  }
  return w
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

/**
 * A definition as first met: its GUID and body bytes, and where its name fields are. Name fields
 * are the only chunk offsets in a body, so the same definition placed elsewhere in another chunk
 * has the same bytes everywhere else.
 */
interface ByteEntry {
  /** The definition's GUID bytes. */
  readonly head: Uint8Array
  /** The body size it declares. */
  readonly size: number
  /** Its body up to where parsing stopped, the end-of-stream token included (what parsing read). */
  readonly body: Uint8Array
  /** Body-relative offset of each name field, ascending. */
  readonly fields: Int32Array
  /** For each field: the name it refers back to (compared by text), or undefined when inline. */
  readonly names: ReadonlyArray<string | undefined>
  readonly template: CompiledTemplate
}

/** Variants kept per GUID and size, and structures per GUID: older ones are dropped, so a lookup stays short. */
const MAX_VARIANTS = 8

/** The file-level template cache. */
export class TemplateCache {
  /** By a hash of the GUID and the body size (a number: no key string per definition met). */
  private readonly byBytes = new Map<number, ByteEntry[]>()
  /** By GUID: the distinct structures parsed under it. */
  private readonly byStructure = new Map<string, CompiledTemplate[]>()
  private readonly max: number
  private readonly maxBytes: number
  /**
   * Bytes kept since the cache was last emptied: bodies, and the trees of the structures (their
   * {@link CompiledTemplate.weight}). Variants dropped are not taken off: it holds at most this.
   */
  bytes = 0
  /** Distinct compiled templates, definitions met in all, and definitions parsed. */
  compiled = 0
  definitions = 0
  parsed = 0

  constructor(max: number, maxBytes: number) {
    this.max = max
    this.maxBytes = maxBytes
  }

  /**
   * The template defined by the same GUID (at `guidAt`) and the same body (`start` to `end`): the
   * same bytes, except that a name field may hold another chunk offset as long as it is inline at
   * the same place or refers back to the same name.
   */
  lookup(ctx: ChunkContext, key: number, guidAt: number, start: number, end: number): CompiledTemplate | undefined {
    const entries = this.byBytes.get(key)
    if (entries === undefined) return undefined
    for (const e of entries) if (sameDefinition(e, ctx, guidAt, start, end)) return e.template
    return undefined
  }

  /**
   * Stores a freshly parsed template, returning an existing one with the same structure if any.
   * A cache that would pass `maxBytes` is emptied first, and fills again from there; a template
   * larger than that is not kept (it is parsed in every chunk).
   */
  intern(
    key: number,
    head: Uint8Array,
    size: number,
    body: Uint8Array,
    fields: Int32Array,
    names: ReadonlyArray<string | undefined>,
    parsed: CompiledTemplate,
  ): CompiledTemplate {
    this.parsed++
    if (body.length + parsed.weight > this.maxBytes) return parsed
    let template = this.byStructure.get(parsed.guid)?.find((t) => sameStructure(t.fragment, parsed.fragment))
    if (this.bytes + body.length + (template === undefined ? parsed.weight : 0) > this.maxBytes) {
      this.byBytes.clear()
      this.byStructure.clear()
      this.bytes = 0
      template = undefined
    }
    if (template === undefined) {
      template = parsed
      const known = this.byStructure.get(parsed.guid)
      if (known !== undefined) remember(known, template)
      else {
        if (this.byStructure.size >= this.max) this.byStructure.clear()
        this.byStructure.set(parsed.guid, [template])
      }
      this.compiled++
      this.bytes += parsed.weight
    }
    this.bytes += body.length
    if (this.byBytes.size >= this.max) this.byBytes.clear()
    const list = this.byBytes.get(key)
    const entry = { head, size, body, fields, names, template }
    if (list === undefined) this.byBytes.set(key, [entry])
    else remember(list, entry)
    return template
  }
}

/** Adds to a list of variants, dropping the oldest past {@link MAX_VARIANTS}. */
function remember<T>(list: T[], item: T): void {
  if (list.length >= MAX_VARIANTS) list.shift()
  list.push(item)
}

/** True when the definition at `guidAt` with its body at `start`..`end` parses exactly as `e`'s. */
function sameDefinition(e: ByteEntry, ctx: ChunkContext, guidAt: number, start: number, end: number): boolean {
  const body = e.body
  const bytes = ctx.bytes
  if (e.size !== end - start || !sameRange(e.head, 0, 16, bytes, guidAt)) return false
  let from = 0
  for (let k = 0; k < e.fields.length; k++) {
    const field = e.fields[k] as number
    if (!sameRange(body, from, field, bytes, start + from)) return false
    const offset = ctx.view.getUint32(start + field, true)
    const name = e.names[k]
    if (name === undefined) {
      // Inline here too; its entry's `next` link is a chunk offset and is not compared (the rest
      // of the entry, the characters included, is).
      if (offset !== start + field + 4) return false
      from = field + 8
    } else {
      if (!nameIs(ctx, offset, name)) return false
      from = field + 4
    }
  }
  return sameRange(body, from, body.length, bytes, start + from)
}

/** True when `a[from, to)` equals the bytes of `b` from `at`. */
function sameRange(a: Uint8Array, from: number, to: number, b: Uint8Array, at: number): boolean {
  for (let i = from, j = at; i < to; i++, j++) if (a[i] !== b[j]) return false
  return true
}

/**
 * True when the name entry at chunk offset `offset` holds `name`: compared as UTF-16 code units in
 * place, not decoded (equal units decode to the same name). A name out of bounds is not the same.
 */
function nameIs(ctx: ChunkContext, offset: number, name: string): boolean {
  const view = ctx.view
  const n = name.length
  if (offset < CHUNK_HEADER_SIZE || offset + 8 + 2 * n > ctx.bytes.length || view.getUint16(offset + 6, true) !== n) return false
  for (let i = 0; i < n; i++) if (view.getUint16(offset + 8 + 2 * i, true) !== name.charCodeAt(i)) return false
  return true
}

function fnv1a(bytes: Uint8Array, start: number, end: number, seed = 0x811c9dc5): number {
  let h = seed
  for (let i = start; i < end; i++) h = Math.imul(h ^ (bytes[i] as number), 0x01000193)
  return h >>> 0
}

/** True when two fragments render alike for all values: the same nodes, names, texts and slots. */
export function sameStructure(a: readonly ContentNode[], b: readonly ContentNode[]): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (!sameNode(a[i] as ContentNode, b[i] as ContentNode)) return false
  return true
}

function sameNode(x: ContentNode, y: ContentNode): boolean {
  switch (x.kind) {
    case NodeKind.Element: {
      if (y.kind !== x.kind || x.name !== y.name || x.depId !== y.depId || x.empty !== y.empty || x.attrs.length !== y.attrs.length) return false
      for (let i = 0; i < x.attrs.length; i++) {
        const p = x.attrs[i] as AttributeNode
        const q = y.attrs[i] as AttributeNode
        if (p.name !== q.name || !sameStructure(p.value, q.value)) return false
      }
      return sameStructure(x.children, y.children)
    }
    case NodeKind.Text:
      return y.kind === x.kind && x.text === y.text
    case NodeKind.Substitution:
      return y.kind === x.kind && x.index === y.index && x.declaredType === y.declaredType && x.optional === y.optional
    case NodeKind.CharRef:
      return y.kind === x.kind && x.code === y.code
    case NodeKind.EntityRef:
      return y.kind === x.kind && x.name === y.name
    case NodeKind.CData:
      return y.kind === x.kind && x.text === y.text
    case NodeKind.ProcessingInstruction:
      return y.kind === x.kind && x.target === y.target && x.data === y.data
    case NodeKind.TemplateInstance:
      // Never in a template body (the parser rejects them); alike as far as structure goes.
      return y.kind === x.kind
  }
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
  if (isLostDefinition(ctx, offset)) {
    // The record that defined it was lost to zeros (chunk-gaps.ts): its users cannot be rendered.
    throw new EvtxError(EvtxErrorCode.BinXmlBadTemplate, `template definition at 0x${offset.toString(16)} is zeros: lost with the record that held it`, ctx.location(refAt))
  }
  if (end > bytes.length) {
    throw new EvtxError(
      EvtxErrorCode.BinXmlBadTemplate,
      `template ${formatGuid(bytes, offset + 4)} at 0x${offset.toString(16)} declares ${dataSize} bytes, past the end of the chunk`,
      ctx.location(refAt),
    )
  }
  const failed = ctx.failedTemplates.get(offset)
  if (failed !== undefined) throw failedAgain(ctx, failed, refAt)
  // Each definition is charged once per chunk (it is then kept by offset, loaded or failed), before
  // it is compared with the cache: definitions that overlap cannot make a chunk compare more.
  ctx.templateBytes += dataSize
  const budget = ctx.file.limits.maxTemplateBytesPerChunk
  if (ctx.templateBytes > budget) {
    const error = new EvtxError(
      EvtxErrorCode.LimitExceeded,
      `template definitions in chunk ${ctx.chunkIndex} exceed ${budget} bytes (at the one at 0x${offset.toString(16)}); a real chunk needs a few KiB`,
      ctx.location(refAt),
    )
    ctx.failedTemplates.set(offset, { error, atReference: true })
    throw error
  }
  const cache = ctx.file.templates
  cache.definitions++
  // Every chunk defines its templates again: most definitions are met before.
  const key = (fnv1a(bytes, offset + 4, offset + 20) ^ Math.imul(dataSize, 0x9e3779b1)) >>> 0
  const hit = cache.lookup(ctx, key, offset + 4, start, end)
  if (hit !== undefined) return hit
  const guid = formatGuid(bytes, offset + 4)
  const cur = new ByteCursor(bytes, ctx.fileOffset, start, end)
  const log = new NameFieldLog()
  const saved = ctx.nameFields
  ctx.nameFields = log
  let fragment: ContentNode[]
  try {
    fragment = parseTemplateBody(ctx, cur)
  } catch (error) {
    if (error instanceof EvtxError) ctx.failedTemplates.set(offset, { error, atReference: false })
    throw error
  } finally {
    ctx.nameFields = saved
  }
  // Parsing stopped at the end-of-stream token (which it read) or at the body's end.
  const parsedEnd = Math.min(cur.pos + 1, end)
  const fields = new Int32Array(log.at.length)
  for (let k = 0; k < fields.length; k++) fields[k] = (log.at[k] as number) - start
  const parsed = new CompiledTemplate(guid, dataSize, fragment)
  const template = cache.intern(key, bytes.slice(offset + 4, offset + 20), dataSize, bytes.slice(start, parsedEnd), fields, log.names, parsed)
  // A structure met for the first time: a record whose own definition was lost may borrow it.
  if (template === parsed) ctx.file.templateIndex.add(template, ctx.chunkIndex)
  return template
}

/**
 * A template definition that failed to load in a chunk: its error, and whether that error points
 * at the reference that asked for it (a limit) rather than inside the definition.
 */
export interface FailedTemplate {
  readonly error: EvtxError
  readonly atReference: boolean
}

/** The error of a definition that failed to load, for another record that refers back to it. */
function failedAgain(ctx: ChunkContext, failed: FailedTemplate, refAt: number): EvtxError {
  const { code, message, location } = failed.error
  if (failed.atReference) return new EvtxError(code, message, ctx.location(refAt))
  // Where reading the definition failed, in the record that asks for it now.
  const { recordId, ...where } = location
  return new EvtxError(code, message, recordId === undefined || ctx.recordId === undefined ? where : { ...where, recordId: ctx.recordId })
}

/**
 * Whether the definition a template instance refers back to (at chunk offset `offset`) was lost
 * to zeros with the record that held it: its header is zeros and it declares no body.
 */
export function isLostDefinition(ctx: ChunkContext, offset: number): boolean {
  const bytes = ctx.bytes
  if (offset < CHUNK_HEADER_SIZE || offset + TEMPLATE_HEADER_SIZE > bytes.length) return false
  // Asked for every template instance: no view made (a GUID's first bytes end the loop).
  for (let i = offset; i < offset + TEMPLATE_HEADER_SIZE; i++) if (bytes[i] !== 0) return false
  return true
}
