/**
 * Which chunk holds a record id: the id ranges of the chunks a reader has walked, to tell a
 * block's own records from older copies of other chunks' records.
 *
 * A block whose chunk header was lost to zeros is read from its first whole record header
 * (chunk-gaps.ts); without the header's free-space offset nothing says where the chunk's records
 * end, and its unused space can hold older copies of records (a corpus System chunk zeroed up to
 * its last record leaves 79 copies of the previous chunk's records). A record there whose id an
 * earlier chunk with a chunk header already holds is such a copy: Windows gives each record id
 * once. Only earlier chunks count, so every reader decides the same: readers in file order have
 * walked them; worker threads read them again (node/prefix-lender.ts). The query's second pass,
 * which reads only the records the first pass found, does not ask.
 *
 * A chunk's range is the lowest to highest id of the record headers its walk met (read, skipped
 * or unreadable). A range wider than a chunk can hold (a damaged id) is not kept, so damage
 * cannot claim ids a chunk never held; ranges are kept in buckets of 4096 ids, at most 64 per
 * bucket (a hostile file of identical ranges cannot make a lookup slow).
 */
import { CHUNK_HEADER_SIZE, CHUNK_SIZE, MIN_RECORD_SIZE } from './constants.js'

/** Which earlier chunk holds a record id. */
export interface IdHolders {
  /** The index of a chunk before `beforeChunk` whose walked ids span `id`; undefined when none. */
  holderOf(id: number, beforeChunk: number): number | undefined
}

/** The most record ids one chunk can hold (every record the smallest possible). */
export const MAX_IDS_PER_CHUNK = Math.floor((CHUNK_SIZE - CHUNK_HEADER_SIZE) / MIN_RECORD_SIZE)

/** Ids per bucket: above the widest range kept, so a range falls in at most two buckets. */
const BUCKET = 4096
const MAX_PER_BUCKET = 64

/** The id ranges of the chunks walked so far. */
export class HeldIds implements IdHolders {
  /**
   * (chunk index, first id, last id) per chunk walked, back to back: one typed array written once
   * per chunk, since nearly every file is read without ever asking (a map of objects built as
   * chunks come made worker threads hold some 30 MB more on a 1 GiB log).
   */
  private ranges = new Float64Array(3 * 256)
  private n = 0
  /** Ranges 0 to `indexed - 1` are in `buckets`: built on the first question, grown on the next. */
  private indexed = 0
  private readonly buckets = new Map<number, number[]>()

  /** Notes that chunk `chunkIndex`'s walk met ids `first` to `last`. */
  add(chunkIndex: number, first: number, last: number): void {
    if (!(first <= last) || last - first >= MAX_IDS_PER_CHUNK || !Number.isSafeInteger(first) || !Number.isSafeInteger(last)) return
    if (3 * this.n === this.ranges.length) {
      const grown = new Float64Array(this.ranges.length * 2)
      grown.set(this.ranges)
      this.ranges = grown
    }
    const at = 3 * this.n++
    this.ranges[at] = chunkIndex
    this.ranges[at + 1] = first
    this.ranges[at + 2] = last
  }

  holderOf(id: number, beforeChunk: number): number | undefined {
    this.index()
    const r = this.ranges
    for (const k of this.buckets.get(Math.floor(id / BUCKET)) ?? []) {
      const chunkIndex = r[3 * k] as number
      if (chunkIndex < beforeChunk && (r[3 * k + 1] as number) <= id && id <= (r[3 * k + 2] as number)) return chunkIndex
    }
    return undefined
  }

  private index(): void {
    for (; this.indexed < this.n; this.indexed++) {
      const k = this.indexed
      const a = Math.floor((this.ranges[3 * k + 1] as number) / BUCKET)
      const b = Math.floor((this.ranges[3 * k + 2] as number) / BUCKET)
      for (let bucket = a; bucket <= b; bucket++) {
        const list = this.buckets.get(bucket)
        if (list === undefined) this.buckets.set(bucket, [k])
        else if (list.length < MAX_PER_BUCKET) list.push(k)
      }
    }
  }
}
