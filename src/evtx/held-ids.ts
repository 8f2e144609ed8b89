/**
 * Which chunk holds a record id: the id ranges of the chunks a reader has walked, to tell a
 * block's own records from older copies of other chunks' records.
 *
 * A block whose chunk header was lost to zeros is read from its first whole record header
 * (chunk-gaps.ts); without the header's free-space offset nothing says where the chunk's records
 * end, and its unused space can hold older copies of records (a corpus System chunk zeroed up to
 * its last record leaves 65 copies of the previous chunk's records). A record there whose id an
 * earlier chunk with a chunk header already holds is such a copy: Windows gives each record id
 * once. Only earlier chunks count, so every reader decides the same: readers in file order have
 * walked them; worker threads and the query's second pass read them again
 * (node/prefix-lender.ts).
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

interface Held {
  readonly chunkIndex: number
  readonly first: number
  readonly last: number
}

/** The id ranges of the chunks walked so far. */
export class HeldIds implements IdHolders {
  private readonly buckets = new Map<number, Held[]>()

  /** Notes that chunk `chunkIndex`'s walk met ids `first` to `last`. */
  add(chunkIndex: number, first: number, last: number): void {
    if (!(first <= last) || last - first >= MAX_IDS_PER_CHUNK || !Number.isSafeInteger(first) || !Number.isSafeInteger(last)) return
    const held: Held = { chunkIndex, first, last }
    const a = Math.floor(first / BUCKET)
    const b = Math.floor(last / BUCKET)
    for (let k = a; k <= b; k++) {
      const list = this.buckets.get(k)
      if (list === undefined) this.buckets.set(k, [held])
      else if (list.length < MAX_PER_BUCKET) list.push(held)
    }
  }

  holderOf(id: number, beforeChunk: number): number | undefined {
    for (const h of this.buckets.get(Math.floor(id / BUCKET)) ?? []) {
      if (h.chunkIndex < beforeChunk && h.first <= id && id <= h.last) return h.chunkIndex
    }
    return undefined
  }
}
