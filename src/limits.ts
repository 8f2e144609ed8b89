/**
 * Hard limits on everything a file controls: sizes, counts, chain lengths and nesting depth.
 * Every loop over attacker-controlled data stops at one of these; exceeding one is an
 * `LIMIT_EXCEEDED` error for that record, never a hang or an unbounded allocation.
 */
export interface Limits {
  /** Deepest element nesting inside one record, nested BinXML included. */
  readonly maxDepth: number
  /** Most substitution values in one template instance. */
  readonly maxSubstitutions: number
  /** Most nested BinXML (0x21) levels inside one record. */
  readonly maxNestedBinXml: number
  /** Most items of one array value (a record with more is refused with LIMIT_EXCEEDED when rendered). */
  readonly maxArrayItems: number
  /** Most distinct templates cached per file (older entries are dropped past this). */
  readonly maxCachedTemplates: number
  /** Most template-definition bytes parsed in one chunk (real chunks use a few KiB). */
  readonly maxTemplateBytesPerChunk: number
  /**
   * Longest rendering of one record: UTF-8 bytes (XML), or characters of names, attribute values
   * and texts plus a few per node (tree, JSON, the analyzer's payload reader; render/budget.ts).
   */
  readonly maxRenderedLength: number
}

export const DEFAULT_LIMITS: Limits = {
  maxDepth: 64,
  maxSubstitutions: 4096,
  maxNestedBinXml: 8,
  maxArrayItems: 65536,
  maxCachedTemplates: 4096,
  maxTemplateBytesPerChunk: 1 << 20,
  maxRenderedLength: 4 << 20,
}

export function resolveLimits(partial: Partial<Limits> | undefined): Limits {
  return partial ? { ...DEFAULT_LIMITS, ...partial } : DEFAULT_LIMITS
}
