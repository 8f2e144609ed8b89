/**
 * Hard limits on everything a file controls: sizes, counts, chain lengths and nesting depth.
 * Every loop over attacker-controlled data stops at one of these; exceeding one is an
 * `LIMIT_EXCEEDED` error for that record, never a hang or an unbounded allocation.
 */
export interface Limits {
  /** Deepest element nesting inside one record, counted through template instances and nested BinXML. */
  readonly maxDepth: number
  /** Most substitution values in one template instance. */
  readonly maxSubstitutions: number
  /** Most nested BinXML (0x21) levels inside one record. */
  readonly maxNestedBinXml: number
  /** Most items of one array value (a record with more is refused with LIMIT_EXCEEDED when rendered). */
  readonly maxArrayItems: number
  /** Most distinct templates cached per file (older entries are dropped past this). */
  readonly maxCachedTemplates: number
  /**
   * Most template bytes cached per file: the bodies kept (up to their end-of-stream token) and
   * their trees (about 64 bytes a node). Past it the cache is emptied and fills again.
   */
  readonly maxCachedTemplateBytes: number
  /** Most template-definition bytes read in one chunk, each definition once, cached or parsed (real chunks use a few KiB). */
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
  maxCachedTemplateBytes: 32 << 20,
  maxTemplateBytesPerChunk: 1 << 20,
  maxRenderedLength: 4 << 20,
}

/**
 * The highest values the limits that bound recursion may be given. Parsing and rendering recurse
 * once per element level and per nested BinXml value; some 2,000 levels exhausted the stack when
 * measured, and a record at both ceilings (512 levels, 64 of them nested BinXml values) renders in
 * every form in about 450 KB of Node's default 984 KB stack, so a caller cannot raise these past
 * where the limit still protects.
 */
export const LIMIT_CEILINGS: Readonly<Partial<Record<keyof Limits, number>>> = { maxDepth: 512, maxNestedBinXml: 64 }

/**
 * The defaults with the caller's limits applied, checked: each a whole number from 0 up (to its
 * ceiling for the depth limits). A limit that is not a number (NaN, Infinity, a string) would
 * silently turn the bound off, so it is refused.
 * @throws {RangeError} for an unknown limit or a value out of range
 */
export function resolveLimits(partial: Partial<Limits> | undefined): Limits {
  if (partial === undefined) return DEFAULT_LIMITS
  for (const [name, value] of Object.entries(partial)) {
    if (!Object.hasOwn(DEFAULT_LIMITS, name)) throw new RangeError(`unknown limit: ${name} (known: ${Object.keys(DEFAULT_LIMITS).join(', ')})`)
    if (value === undefined) continue
    const ceiling = LIMIT_CEILINGS[name as keyof Limits] ?? Number.MAX_SAFE_INTEGER
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0 || value > ceiling) {
      throw new RangeError(`limits.${name} must be a whole number from 0 to ${ceiling}, got ${typeof value === 'number' ? value : JSON.stringify(value)}`)
    }
  }
  // Undefined values keep the default (a spread would copy them over it).
  const given = Object.fromEntries(Object.entries(partial).filter(([, value]) => value !== undefined)) as Partial<Limits>
  return { ...DEFAULT_LIMITS, ...given }
}
