/**
 * The older copies met in a block whose chunk header was lost (held-ids.ts), gathered into the
 * one diagnostic that names them: how many, their ids and offsets, and which chunks hold those ids.
 */

/** Holding chunks named in the message; more are counted. */
const NAMED_HOLDERS = 3

export class OlderCopies {
  count = 0
  private lowId = Number.POSITIVE_INFINITY
  private highId = Number.NEGATIVE_INFINITY
  private firstAt = -1
  private lastAt = -1
  private readonly holders = new Set<number>()

  /** Notes the record at chunk offset `at`, whose id `recordId` chunk `holder` holds. */
  add(recordId: number, at: number, holder: number): void {
    this.count++
    if (recordId < this.lowId) this.lowId = recordId
    if (recordId > this.highId) this.highId = recordId
    if (this.firstAt < 0) this.firstAt = at
    this.lastAt = at
    this.holders.add(holder)
  }

  /** What the block holds, as the rest of a sentence that starts "block N". */
  describe(): string {
    const ids = this.lowId === this.highId ? `id ${this.lowId}` : `ids ${this.lowId}..${this.highId}`
    const at = this.firstAt === this.lastAt ? `chunk offset 0x${hex(this.firstAt)}` : `chunk offsets 0x${hex(this.firstAt)}..0x${hex(this.lastAt)}`
    const holders = [...this.holders].sort((a, b) => a - b)
    const hold = `${holderList(holders)} already ${holders.length === 1 ? 'holds' : 'hold'}`
    const what = this.count === 1 ? `1 (${ids}, ${at}) repeats an id ${hold}: an older copy` : `${this.count} (${ids}, ${at}) repeat ids ${hold}: older copies`
    return `of the records after the zeros, ${what} left in unused space, not read as its own`
  }
}

function holderList(chunks: readonly number[]): string {
  if (chunks.length === 1) return `chunk ${chunks[0]}`
  if (chunks.length <= NAMED_HOLDERS) return `chunks ${chunks.slice(0, -1).join(', ')} and ${chunks.at(-1)}`
  return `chunks ${chunks.slice(0, NAMED_HOLDERS).join(', ')} and ${chunks.length - NAMED_HOLDERS} more`
}

function hex(v: number): string {
  return v.toString(16)
}
