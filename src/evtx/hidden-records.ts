/**
 * Records hidden inside the record before them.
 *
 * Log-tampering tools (DanderSpritz eventlogedit, and the "delete one EVTX record" programs that
 * copy it) do not remove a record: they grow the size of the record before it, at its start and in
 * its trailing copy, so that a walk by sizes steps over it, then fix the chunk's CRCs (and may
 * renumber the records after it). The hidden record's bytes stay where they were, after the end of
 * the host record's BinXML document. A real record's document ends at most 7 bytes (padding to 8)
 * before its trailing size copy, so room for a whole record there is the sign.
 *
 * A hidden record is taken as one only when four things agree: it starts with `**\0\0` where the
 * host used to end (after its document, its padding to 8 bytes and its size copy); the 4 bytes
 * before it are the size the record before it had (its old trailing size copy: the host's old
 * size for the first one); its size is at least 28 and ends within the host; and it ends either
 * exactly where the host ends (its own size copy overwritten by the host's new one) or with its
 * own size copy. Several records hidden in one host follow each other.
 */
import { readU64Number } from '../binary/cursor.js'
import { MIN_RECORD_SIZE, RECORD_MAGIC } from './constants.js'

/** A record found inside another: its chunk offset, size, id and written time (FILETIME halves). */
export interface HiddenRecord {
  readonly at: number
  readonly size: number
  readonly recordId: number
  readonly writtenLow: number
  readonly writtenHigh: number
}

/**
 * The records hidden in the host record at chunk offset `hostAt` (size `hostSize`) whose document
 * ends at `documentEnd`; empty when there is none. Cheap when there is no room for one (the
 * caller checks that first): it looks at the host's old end only, then right after each hidden
 * record found, so it ends within the host.
 */
export function findHiddenRecords(view: DataView, hostAt: number, hostSize: number, documentEnd: number): HiddenRecord[] {
  const found: HiddenRecord[] = []
  const hostEnd = hostAt + hostSize
  // The record whose end the next hidden record follows, and that record's start.
  let previousAt = hostAt
  // The host's old end: its document, padding to 8 bytes, then its old 4-byte size copy.
  let p = hostAt + ((documentEnd + 4 - hostAt + 7) & ~7)
  while (p + MIN_RECORD_SIZE <= hostEnd) {
    if (view.getUint32(p, true) === RECORD_MAGIC && view.getUint32(p - 4, true) === p - previousAt) {
      const size = view.getUint32(p + 4, true)
      const end = p + size
      if (size >= MIN_RECORD_SIZE && end <= hostEnd && (end === hostEnd || view.getUint32(end - 4, true) === size)) {
        found.push({ at: p, size, recordId: readU64Number(view, p + 8), writtenLow: view.getUint32(p + 16, true), writtenHigh: view.getUint32(p + 20, true) })
        previousAt = p
        p = end
        continue
      }
    }
    // Only at the host's old end or right after a hidden record: anything else is not one.
    break
  }
  return found
}
