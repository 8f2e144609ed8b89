/**
 * The chunk's template pointer table: 32 buckets of template definitions chained by `next`.
 * Each slot points at a definition (10 bytes past its 0x0C token).
 *
 * The bucket is NameHash's function applied to the template GUID's 16 bytes read as eight
 * little-endian u16 code units (h = h * 65599 + unit), mod 32: inferred from, and matching, all
 * 823 definitions of two real System logs (Data1 mod 32 matches only 7%).
 */
import { ChainedTable } from './chained-table.js'

export const TEMPLATE_TABLE_BUCKETS = 32

/** Bucket of a template by its GUID bytes. */
export function templateBucket(guidBytes: Uint8Array): number {
  let h = 0
  for (let i = 0; i + 1 < 16; i += 2) h = (Math.imul(h, 65599) + ((guidBytes[i] as number) | ((guidBytes[i + 1] as number) << 8))) >>> 0
  return h % TEMPLATE_TABLE_BUCKETS
}

export class TemplateTable extends ChainedTable {
  /** The shape (template-guid.ts) of the last definition written under each GUID (the one a lookup finds). */
  private readonly shapes = new Map<string, string>()

  /** `bucketOfKey` maps the table key (the GUID text) to its bucket. */
  constructor(bucketOfKey: (guid: string) => number) {
    super(TEMPLATE_TABLE_BUCKETS, bucketOfKey)
  }

  /** Records that the definition `guid` with `shape` is being written at `offset` by the current record. */
  defineTemplate(guid: string, offset: number, shape: string): void {
    this.shapes.set(guid, shape)
    this.define(guid, offset)
  }

  /** The shape of the definition written under `guid`; meaningful only while {@link lookup} finds it. */
  shapeOf(guid: string): string | undefined {
    return this.shapes.get(guid)
  }
}
