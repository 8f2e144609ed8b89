/**
 * A query's matches in one log, kept as a plan instead of a sortable list: each match's place in
 * its chunk, how many matched in each chunk, and where the record ids stop ascending. A log's
 * events go out in record-id order (file order among equal ids); in a real log that order is a
 * few ascending runs of the file (one, or two once the log has wrapped), so nothing needs sorting:
 * the second pass reads each run's chunks again, takes the records at those places, and merges
 * the runs (query-runs.ts).
 *
 * Memory is 2 bytes a match (its offset within its 64 KiB chunk) and two numbers per chunk that
 * holds one; a list keeps 16 bytes a match plus their sorted order (70 MB at its peak for the
 * 1.16 million matches of a query printing 40 % of the bench's 1 GiB log). Selecting the records
 * again instead of keeping their places kept no memory per match, but evaluating the query twice
 * made that query about 40 % slower. A log whose ids fall into more than {@link MAX_RUNS} runs (a
 * damaged one) cannot be planned: the caller reads it again into a `MatchList`.
 */
import { CHUNK_SIZE, FILE_HEADER_BLOCK_SIZE } from '../evtx/constants.js'
import { chunkOf } from './query-fetch.js'

/** Most ascending runs a plan follows at once (each holds a read buffer in the second pass). */
export const MAX_RUNS = 16

/** Places kept per segment (2^16: 128 KiB). */
const SEGMENT_BITS = 16
const SEGMENT = 1 << SEGMENT_BITS

/** A run: matches `start` (included) to `end` (excluded), counted in file order. */
export interface MatchRun {
  readonly start: number
  readonly end: number
}

export class MatchPlan {
  /** Matches so far. */
  length = 0
  /** False once the log cannot be planned: too many runs, or chunks out of file order. */
  ordered = true
  /** Block index of each chunk that holds a match, in file order. */
  private chunkIndex = new Uint32Array(64)
  /** Matches in each of those chunks. */
  private chunkCount = new Uint32Array(64)
  private chunks = 0
  /** Each match's offset within its chunk, in segments. */
  private readonly places: Uint16Array[] = []
  private readonly runStarts: number[] = [0]
  private lastId = Number.NEGATIVE_INFINITY
  private lastOffset = -1

  push(recordId: number, fileOffset: number): void {
    if (!this.ordered) return
    // Out of file order, or before the first chunk (no record is there): not a plan's to follow.
    if (fileOffset <= this.lastOffset || fileOffset < FILE_HEADER_BLOCK_SIZE) {
      this.ordered = false
      return
    }
    this.lastOffset = fileOffset
    const chunk = chunkOf(fileOffset)
    if (this.chunks === 0 || this.chunkIndex[this.chunks - 1] !== chunk) {
      if (this.chunks === this.chunkIndex.length) this.grow()
      this.chunkIndex[this.chunks] = chunk
      this.chunkCount[this.chunks] = 0
      this.chunks++
    }
    this.chunkCount[this.chunks - 1] = (this.chunkCount[this.chunks - 1] as number) + 1
    if (recordId < this.lastId) {
      if (this.runStarts.length === MAX_RUNS) {
        this.ordered = false
        return
      }
      this.runStarts.push(this.length)
    }
    this.lastId = recordId
    const seg = this.length >>> SEGMENT_BITS
    if (seg === this.places.length) this.places.push(new Uint16Array(seg === 0 ? 64 : SEGMENT))
    else if (seg === 0 && this.length === (this.places[0] as Uint16Array).length) {
      // The first segment doubles up to its full size: a query of 424 logs (as many as a Windows
      // logs folder holds), most with a few matches, kept 54 MB of empty segments.
      const wider = new Uint16Array(this.length * 2)
      wider.set(this.places[0] as Uint16Array)
      this.places[0] = wider
    }
    ;(this.places[seg] as Uint16Array)[this.length & (SEGMENT - 1)] = fileOffset - FILE_HEADER_BLOCK_SIZE - chunk * CHUNK_SIZE
    this.length++
  }

  /** Match `m`'s offset within its chunk. */
  placeOf(m: number): number {
    return (this.places[m >>> SEGMENT_BITS] as Uint16Array)[m & (SEGMENT - 1)] as number
  }

  /** The ascending runs, in file order (none when nothing matched). */
  runs(): MatchRun[] {
    if (this.length === 0) return []
    return this.runStarts.map((start, i) => ({ start, end: this.runStarts[i + 1] ?? this.length }))
  }

  /** Chunks that hold a match. */
  get chunkTotal(): number {
    return this.chunks
  }

  /** Block index of the `i`-th chunk that holds a match. */
  chunkAt(i: number): number {
    return this.chunkIndex[i] as number
  }

  /** Matches in the `i`-th chunk that holds one. */
  countAt(i: number): number {
    return this.chunkCount[i] as number
  }

  private grow(): void {
    const index = new Uint32Array(this.chunkIndex.length * 2)
    index.set(this.chunkIndex)
    this.chunkIndex = index
    const count = new Uint32Array(this.chunkCount.length * 2)
    count.set(this.chunkCount)
    this.chunkCount = count
  }
}
