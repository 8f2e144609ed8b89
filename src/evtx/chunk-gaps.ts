/**
 * Where a chunk's record walk meets zeros or a broken record header before the chunk's last
 * record: whether records were lost, and where the walk can go on.
 *
 * A chunk is written in place as events arrive; a copy taken from a live system or a
 * crash-consistent snapshot can hold a chunk whose header names records that its data does not
 * (zeros where they should be: pages never flushed), and damage can break one record header in
 * the middle of good records. Records are back to back, so a walk by sizes cannot step over either;
 * the records after them are still whole. The walk resumes at the next offset (records start
 * 8-byte aligned) that holds a record header whose signature, size, trailing size copy and id all
 * agree: an id above the last one read and within the chunk header's range. That is four
 * independent checks, so stray bytes are not taken for a record; nothing past the chunk's
 * free-space offset (slack) is read.
 */
import { readU64Number } from '../binary/cursor.js'
import { computeChunkHeaderChecksum, type ChunkHeader } from './chunk-header.js'
import { MIN_RECORD_SIZE, RECORD_MAGIC } from './constants.js'

/** Where the walk resumes: the chunk offset of a record header and its id. */
export interface Resume {
  readonly at: number
  readonly recordId: number
}

/**
 * The first whole record header after `from` and before `end` whose id is above `previousId`
 * (-1: none read yet) and within the header's range; undefined when there is none.
 */
export function nextRecordHeader(view: DataView, header: ChunkHeader, from: number, end: number, previousId: number): Resume | undefined {
  const first = header.firstRecordId
  const last = header.lastRecordId
  for (let p = (from + 8) & ~7; p + MIN_RECORD_SIZE <= end; p += 8) {
    if (view.getUint32(p, true) !== RECORD_MAGIC) continue
    const size = view.getUint32(p + 4, true)
    if (size < MIN_RECORD_SIZE || p + size > end || view.getUint32(p + size - 4, true) !== size) continue
    const id = readU64Number(view, p + 8)
    if (id <= previousId || BigInt(id) < first || BigInt(id) > last) continue
    return { at: p, recordId: id }
  }
  return undefined
}

/**
 * For zeros met at chunk offset `pos` where a record header should be: a sentence saying which
 * records are lost and where the walk resumes (`resume`), or undefined when they are the chunk's
 * clean end (at or after its last record per the header, or a header whose CRC fails: a stale
 * header of a dirty chunk, or damage, is no evidence of lost records).
 */
export function zerosBeforeLastRecord(
  block: Uint8Array,
  header: ChunkHeader,
  pos: number,
  previousId: number,
  fileNoCrc32: boolean,
  resume: Resume | undefined,
): string | undefined {
  if (pos > header.lastRecordOffset) return undefined
  if (!fileNoCrc32 && !header.noCrc32 && computeChunkHeaderChecksum(block) !== header.headerChecksum) return undefined
  const last = header.lastRecordId
  if (previousId >= 0 && BigInt(previousId) >= last) return undefined
  const after = previousId >= 0 ? `after record ${previousId}` : 'before its first record'
  const where = `holds zeros at chunk offset 0x${pos.toString(16)} ${after}, but its header puts its last record (id ${last}) at 0x${header.lastRecordOffset.toString(16)}`
  const why = '(a chunk not fully written when the log was copied, or zero-filled)'
  const from = previousId >= 0 ? `${previousId + 1}` : `${header.firstRecordId}`
  if (resume === undefined) return `${where}: the walk ends at the zeros, so records ${from}..${last} are not read ${why}`
  const lost = resume.recordId - 1 >= Number(from) ? `records ${from}..${resume.recordId - 1} are lost` : 'no record id is lost'
  return `${where}: ${lost} ${why}; the walk resumes at the next record header, chunk offset 0x${resume.at.toString(16)} (record ${resume.recordId})`
}

/** How a message about a broken record header ends: where the walk resumes, or that the chunk's rest is skipped. */
export function afterBrokenHeader(resume: Resume | undefined, index: number): string {
  return resume === undefined
    ? `rest of chunk ${index} skipped`
    : `the walk resumes at the next record header, chunk offset 0x${resume.at.toString(16)} (record ${resume.recordId})`
}
