/**
 * Templates lent to records whose own template definition was lost.
 *
 * A chunk defines each template once, inline in the first record that uses it; later records
 * refer back to that definition. When the record that held it was lost to zeros (a chunk whose
 * first page was never written, chunk-gaps.ts), the records after the zeros still carry their
 * values and the template's id (the first 4 bytes of its GUID), but no template. Every chunk
 * defines again the templates its records use, so another chunk of the same log usually holds
 * the same one (EVTXtract renders such records the same way).
 *
 * The rule, the same for every reader: the first template in file order, defined in a chunk
 * before the record's own, with the same id and a body that fits the record's values exactly
 * (as many values as the body uses, each of the type the body declares for it, or Null). Only
 * earlier chunks count, so a reader that reads in file order knows them all when it needs them,
 * whatever it reads after; a worker thread reading chunks out of order reads the earlier ones
 * again for their templates (node/prefix-lender.ts). In the shared corpus every one of 50,690
 * template instances has exactly as many values as its body uses and every declared type
 * matches its value's type or Null, but for one malformed log: the fit is a strict test.
 */
import { type ContentNode, NodeKind } from './nodes.js'
import type { CompiledTemplate } from './template.js'
import type { ValueTable } from './value-table.js'
import { ValueType } from './value-types.js'

/** A template another chunk defines, and that chunk. */
export interface LentTemplate {
  readonly template: CompiledTemplate
  readonly chunkIndex: number
}

/** Where a reader finds a template for a record whose definition was lost. */
export interface TemplateLender {
  /**
   * The first template in file order defined in a chunk before `beforeChunk`, whose GUID starts
   * with `id` (its Data1), that `fits`; undefined when there is none.
   */
  lend(id: number, beforeChunk: number, fits: (template: CompiledTemplate) => boolean): LentTemplate | undefined
}

/**
 * Templates kept per id, in all, and the bytes their trees hold in all (16,384 bodies of up to
 * 64 KiB could hold gigabytes). The first ones in file order: a hostile file cannot grow it.
 */
const MAX_PER_ID = 16
const MAX_TEMPLATES = 16_384
const MAX_BYTES = 32 << 20

/** The templates a reader has met, by id, in the order the file first defines them. */
export class TemplateIndex implements TemplateLender {
  private readonly byId = new Map<number, LentTemplate[]>()
  private size = 0
  private bytes = 0

  /** Notes a template met for the first time, in chunk `chunkIndex`. */
  add(template: CompiledTemplate, chunkIndex: number): void {
    if (this.size >= MAX_TEMPLATES || this.bytes + template.weight > MAX_BYTES) return
    const id = Number.parseInt(template.guid.slice(1, 9), 16)
    const list = this.byId.get(id)
    if (list === undefined) this.byId.set(id, [{ template, chunkIndex }])
    else if (list.length < MAX_PER_ID) list.push({ template, chunkIndex })
    else return
    this.size++
    this.bytes += template.weight
  }

  lend(id: number, beforeChunk: number, fits: (template: CompiledTemplate) => boolean): LentTemplate | undefined {
    for (const e of this.byId.get(id) ?? []) if (e.chunkIndex < beforeChunk && fits(e.template)) return e
    return undefined
  }
}

/** Whether a template body fits a record's values exactly (see the module comment). */
export function fitsValues(template: CompiledTemplate, values: ValueTable): boolean {
  if (template.substitutionCount !== values.count) return false
  return typesFit(template.fragment as readonly ContentNode[], values)
}

function typesFit(nodes: readonly ContentNode[], values: ValueTable): boolean {
  for (const n of nodes) {
    if (n.kind === NodeKind.Substitution) {
      const type = values.type(n.index)
      if (type !== n.declaredType && type !== ValueType.Null) return false
    } else if (n.kind === NodeKind.Element) {
      for (const a of n.attrs) if (!typesFit(a.value as readonly ContentNode[], values)) return false
      if (!typesFit(n.children, values)) return false
    }
  }
  return true
}
