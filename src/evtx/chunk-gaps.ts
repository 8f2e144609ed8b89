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
import type { ChunkHeader } from './chunk-header.js'
import { CHUNK_HEADER_SIZE, isAllZero, MIN_RECORD_SIZE, RECORD_MAGIC } from './constants.js'

/**
 * The size of a record whose size field and trailing size copy disagree, when its own bytes say
 * it: the first `r` (8-byte steps, below `size`) whose 4 bytes before `pos + r` hold `r` and after
 * which the next record header, zeros or `end` follow. A size field damaged (a flipped bit) leaves
 * the record's own copy where it was; log-tampering tools grow both together (hidden-records.ts).
 * The search stops at its first match, so a walk spends on it what it then steps over.
 */
export function sizeFromOwnCopy(view: DataView, pos: number, size: number, end: number): number | undefined {
  for (let r = (MIN_RECORD_SIZE + 7) & ~7; r < size && pos + r <= end; r += 8) {
    if (view.getUint32(pos + r - 4, true) !== r) continue
    if (pos + r === end || pos + r + 4 > view.byteLength) return r
    const next = view.getUint32(pos + r, true)
    if (next === RECORD_MAGIC || next === 0) return r
  }
  return undefined
}

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
 * For zeros met at chunk offset `pos` where a record header should be, under a header to be
 * trusted (its CRC good): a sentence saying which records are lost and where the walk resumes
 * (`resume`), or undefined when they are the chunk's clean end (at or after its last record).
 */
export function zerosBeforeLastRecord(header: ChunkHeader, pos: number, previousId: number, resume: Resume | undefined): string | undefined {
  if (pos > header.lastRecordOffset) return undefined
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

/**
 * A block that lost its chunk header to zeros (its first 512 bytes and more are zeros: the first
 * page of a chunk never flushed) but still holds whole record headers after them: the header its
 * records imply (ids from the first whole record header to the highest id after it, that record's
 * offset, the block's end as free space) and the offset of its first record. Undefined when the
 * block's header area is not zeros (garbage, not a lost page) or no whole record header follows.
 */
export function headerFromRecords(block: Uint8Array): { header: ChunkHeader; first: number } | undefined {
  if (block.length < CHUNK_HEADER_SIZE || !isAllZero(block, 0, CHUNK_HEADER_SIZE)) return undefined
  const view = new DataView(block.buffer, block.byteOffset, block.byteLength)
  const none: ChunkHeader = {
    firstRecordNumber: 0n,
    lastRecordNumber: 0n,
    firstRecordId: 0n,
    lastRecordId: BigInt(Number.MAX_SAFE_INTEGER),
    headerSize: 0,
    lastRecordOffset: 0,
    freeSpaceOffset: block.length,
    dataChecksum: 0,
    flags: 0,
    noCrc32: true,
    headerChecksum: 0,
    stringTable: [],
    templateTable: [],
  }
  const first = nextRecordHeader(view, none, CHUNK_HEADER_SIZE - 8, block.length, -1)
  if (first === undefined) return undefined
  // The highest id after it, along the chain of whole record headers with rising ids.
  let last = first
  for (let r: Resume | undefined = first; r !== undefined; r = nextRecordHeader(view, none, r.at, block.length, r.recordId)) last = r
  const firstId = BigInt(first.recordId)
  const lastId = BigInt(last.recordId)
  return { header: { ...none, firstRecordNumber: firstId, lastRecordNumber: lastId, firstRecordId: firstId, lastRecordId: lastId, lastRecordOffset: last.at }, first: first.at }
}
