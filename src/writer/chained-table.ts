/**
 * A chunk's hashed offset table with `next` chains, as the common string table (64 buckets) and
 * the template pointer table (32 buckets) both are.
 *
 * Windows inserts at the head: the table slot holds the newest entry of its bucket and each
 * entry's leading u32 `next` points to the one defined before it (0 ends the chain); verified on
 * 662 name links and 298 template links in real System, Security and Application logs.
 *
 * Entries are first defined inside a record being encoded; they become part of the chunk only
 * when that record is committed (it may instead go to the next chunk). Until then they sit in a
 * pending list that lookups see but the chunk does not.
 */
export class ChainedTable {
  /** Chunk offsets of bucket heads. */
  readonly heads: Uint32Array
  private readonly bucketOf: (key: string) => number
  private readonly committed = new Map<string, number>()
  private pending: Array<[key: string, offset: number]> = []

  constructor(buckets: number, bucketOf: (key: string) => number) {
    this.heads = new Uint32Array(buckets)
    this.bucketOf = bucketOf
  }

  /** Offset of the entry for `key` (committed or pending), or undefined. */
  lookup(key: string): number | undefined {
    const hit = this.committed.get(key)
    if (hit !== undefined) return hit
    for (const [k, off] of this.pending) if (k === key) return off
    return undefined
  }

  /** Records that the entry for `key` is being written at `offset` by the current record. */
  define(key: string, offset: number): void {
    this.pending.push([key, offset])
  }

  /** Drops the current record's definitions (it did not fit). */
  rollback(): void {
    this.pending = []
  }

  /** Links the current record's definitions into their buckets; `setNext` writes an entry's `next`. */
  commit(setNext: (offset: number, next: number) => void): void {
    for (const [key, offset] of this.pending) {
      const b = this.bucketOf(key)
      setNext(offset, this.heads[b] as number)
      this.heads[b] = offset
      this.committed.set(key, offset)
    }
    this.pending = []
  }
}
