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
 * own size copy. Several records hidden in one host follow each other. Room with no such record
 * in it (the hidden record wiped afterwards) is reported too, as a grown size (EVTX_RECORD_OVERSIZED).
 */
import { readU64Number } from '../binary/cursor.js'
import { formatFiletime } from '../binary/filetime.js'
import { isAllZero, MIN_RECORD_SIZE, RECORD_MAGIC } from './constants.js'

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
  let p = oldEnd(hostAt, documentEnd)
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

/** Where a host record used to end: after its document, padding to 8 bytes and its 4-byte size copy. */
function oldEnd(hostAt: number, documentEnd: number): number {
  return hostAt + ((documentEnd + 4 - hostAt + 7) & ~7)
}

/** The warning for records hidden in record `hostId` (EVTX_RECORD_HIDDEN). */
export function describeHidden(hostId: number, hostSize: number, hidden: readonly HiddenRecord[], read: boolean): string {
  const each = hidden.map((h) => `record ${h.recordId} (${h.size} bytes at chunk offset 0x${h.at.toString(16)}, written ${formatFiletime(h.writtenLow, h.writtenHigh)})`)
  const one = hidden.length === 1
  return (
    `record ${hostId} (${hostSize} bytes) holds ${each.join(' and ')} after the end of its own document: ` +
    `its size was grown over ${one ? 'that record' : 'those records'} so that a reader steps over ${one ? 'it' : 'them'}, ` +
    'as log-tampering tools (DanderSpritz eventlogedit) hide a record; ' +
    (read ? 'read after it' : 'not read (the readHiddenRecords option, or dump --hidden-records, reads hidden records)')
  )
}

/**
 * The warning for a record with room for a whole record after its document and none there
 * (EVTX_RECORD_OVERSIZED): what the room holds, its old size copy first when it is still there.
 */
export function describeOversized(view: DataView, recordId: number, hostAt: number, hostSize: number, documentEnd: number): string {
  const sizeCopyAt = hostAt + hostSize - 4
  const end = oldEnd(hostAt, documentEnd)
  const bytes = new Uint8Array(view.buffer, view.byteOffset, view.byteLength)
  const oldCopy = end - 4 >= documentEnd && end <= sizeCopyAt && view.getUint32(end - 4, true) === end - hostAt
  const rest = oldCopy ? end : documentEnd
  const what = `${oldCopy ? `its old size copy (${end - hostAt}), then ` : ''}${isAllZero(bytes, rest, sizeCopyAt) ? 'only zeros' : 'no whole record'}`
  return (
    `record ${recordId} (${hostSize} bytes) ends its document ${sizeCopyAt - documentEnd} bytes before its size copy, and those bytes hold ${what}: ` +
    'its size was grown over them, as log-tampering tools hide a record (a record hidden there and then wiped or overwritten)'
  )
}
