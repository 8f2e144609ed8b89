/**
 * How deep a template body reaches, so that `limits.maxDepth` bounds a whole record's element
 * nesting across template instances and the BinXml values they hold, not each body on its own.
 *
 * A body is parsed once, from depth 0, and shared by every instance. An instance whose place has
 * `d` element ancestors puts the body's elements `d` levels deeper; a BinXml value rendered in the
 * content of a body element with `a` element ancestors of its own (within the body) gets its
 * elements from `d + a + 1` levels down. Both numbers are found once per template and cached on it
 * (one lookup per instance).
 */
import { type ContentNode, NodeKind } from './nodes.js'
import type { CompiledTemplate } from './template.js'

export interface TemplateDepth {
  /** Levels of elements in the body: an instance with `d` element ancestors reaches `d + height`. */
  readonly height: number
  /**
   * For each substitution index, the most element levels around a place where the body renders
   * it in element content (0 where it does not: attributes and unused values render no elements).
   */
  readonly valueLevels: Int32Array
}

/** The template's depth figures (measured on first use, then cached on the template). */
export function templateDepth(template: CompiledTemplate): TemplateDepth {
  let depth = template.depth
  if (depth === undefined) {
    const valueLevels = new Int32Array(template.substitutionCount)
    depth = { height: measure(template.fragment, 0, valueLevels), valueLevels }
    template.depth = depth
  }
  return depth
}

/** The deepest element level reached from `nodes` (which have `levels` element ancestors); fills `valueLevels`. */
function measure(nodes: readonly ContentNode[], levels: number, valueLevels: Int32Array): number {
  let deepest = levels
  for (const n of nodes) {
    if (n.kind === NodeKind.Element) deepest = Math.max(deepest, measure(n.children, levels + 1, valueLevels))
    else if (n.kind === NodeKind.Substitution && n.index < valueLevels.length && levels > (valueLevels[n.index] as number)) valueLevels[n.index] = levels
  }
  return deepest
}

/** The element ancestors a BinXml value at `index` has in an instance whose place has `depth` of them. */
export function valueDepth(reach: TemplateDepth, depth: number, index: number): number {
  return depth + (index < reach.valueLevels.length ? (reach.valueLevels[index] as number) : 0)
}
