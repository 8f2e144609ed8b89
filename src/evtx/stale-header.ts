/**
 * Records past where a chunk's header ends them.
 *
 * Windows writes a chunk in place: records first, then the chunk header's free-space offset, last
 * record id and CRCs. A copy taken while the log was being written (a crash-consistent snapshot of
 * a running VM) can hold records whose header update never reached the disk: the header, its CRCs
 * consistent with itself, ends the chunk's records early, and a walk that trusts it loses the
 * newest events. Such records are told from what else lies in a chunk's unused space (records of
 * an earlier use of the chunk, before the log wrapped or was cleared) by their ids: they go on in
 * sequence, one up each, from the last record the walk read. Each is a whole record header
 * (signature, size of at least 28 within the block, size copy). The search stops at the first
 * that is not.
 */
import { readU64Number } from '../binary/cursor.js'
import { MIN_RECORD_SIZE, RECORD_MAGIC } from './constants.js'

/** The records found past the header: how far they go, how many, and their ids. */
export interface RecordsPastHeader {
  readonly end: number
  readonly count: number
  readonly firstId: number
  readonly lastId: number
}

/**
 * The records that go on in sequence at chunk offset `from`, right after the last record walked
 * (id `previousId`, -1 when none was); undefined when there are none.
 */
export function recordsPastHeader(view: DataView, from: number, previousId: number): RecordsPastHeader | undefined {
  if (previousId < 0 || previousId >= Number.MAX_SAFE_INTEGER) return undefined
  const limit = view.byteLength
  let p = from
  let id = previousId
  while (p + MIN_RECORD_SIZE <= limit && view.getUint32(p, true) === RECORD_MAGIC) {
    const size = view.getUint32(p + 4, true)
    if (size < MIN_RECORD_SIZE || p + size > limit || view.getUint32(p + size - 4, true) !== size) break
    const next = readU64Number(view, p + 8)
    if (next !== id + 1) break
    id = next
    p += size
  }
  return id === previousId ? undefined : { end: p, count: id - previousId, firstId: previousId + 1, lastId: id }
}

/**
 * The warning for records read past the header (EVTX_CHUNK_STALE_HEADER): where the walk ended by
 * the header (`from`, after record `previousId`, -1 when the header ends them before the first),
 * the header's free-space offset and last record id, and the records found.
 */
export function describeRecordsPastHeader(chunkIndex: number, from: number, previousId: number, freeSpaceOffset: number, headerLastId: number, past: RecordsPastHeader): string {
  const ids = past.count === 1 ? `id ${past.firstId}` : `ids ${past.firstId}-${past.lastId}`
  const last = headerLastId >= 0 ? String(headerLastId) : 'past 2^53'
  const ended = previousId >= 0 ? `end after record ${previousId}` : 'end before the first'
  return (
    `chunk ${chunkIndex}'s records ${ended} at chunk offset 0x${from.toString(16)} by its header (free space offset 0x${freeSpaceOffset.toString(16)}, last record id ${last}), ` +
    `but ${past.count} more record(s) follow in sequence (${ids}, to chunk offset 0x${past.end.toString(16)}): the header was not written after them (a copy taken while the log was being written); read`
  )
}

/**
 * The warning (EVTX_CHUNK_STALE_HEADER) for a record that holds the header's last record id before
 * the header's last record offset: a header set back, or a damaged id. The walk does not end there
 * (records after it would be lost without a word) but at the header's last record offset.
 */
export function describeEarlyLast(chunkIndex: number, recordId: number, at: number, lastRecordOffset: number): string {
  return (
    `chunk ${chunkIndex}'s header gives ${recordId} as its last record id and chunk offset 0x${lastRecordOffset.toString(16)} as its last record's, ` +
    `but the record at chunk offset 0x${at.toString(16)} before it holds that id: the walk goes on to the header's last record`
  )
}
