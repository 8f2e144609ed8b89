/**
 * One 64 KiB block: classify it, read its header, walk its records.
 *
 * Recovery policy at this level (docs/recovery.md):
 * - an all-zero block is unused space: skipped silently;
 * - a non-zero block without `ElfChnk\0` is reported (error) and skipped, unless its header area
 *   is zeros and whole records follow (a chunk header lost): then it is read from its first record;
 * - with `validateChecksums`, a chunk whose header or data CRC fails is reported and skipped,
 *   unless the file or chunk declares "no CRC";
 * - the free-space offset is clamped to the block; a zero record signature ends the walk cleanly,
 *   unless it comes before the chunk's last record per its header (records lost: reported);
 * - after such zeros or a bad record signature or size (reported), the walk resumes at the next
 *   whole record header, or ends (chunk-gaps.ts); a record whose BinXML cannot be read is
 *   reported and the walk goes on with the next record;
 * - the walk also stops after the record whose id is the chunk's last record id (met at or past the
 *   header's last record offset: one before it is reported and walked past), unless whole records
 *   go on from there in sequence (ids one up each): a header not written after them, read and
 *   reported (stale-header.ts); under a free-space offset that ends the records before the first,
 *   records in sequence from the header's first id are read the same way;
 * - in scan mode, a record whose provider or event id cannot be read within the limits is
 *   reported and the walk goes on;
 * - a record whose size field and size copy disagree is read at the size its own bytes end with a
 *   copy of, when they do (a damaged size field, chunk-gaps.ts); reported either way;
 * - a record whose document ends with room for a whole record before its size copy is checked for
 *   records hidden in it (hidden-records.ts): reported, and read after it with `readHiddenRecords`;
 * - whole records past the chunk's records, in its unused space, are an earlier use of the chunk
 *   (a wrap or a clear; leftover-records.ts): counted (info), and read with `readLeftoverRecords`;
 * - in a block read without its chunk header, a record whose id an earlier chunk holds is an
 *   older copy (held-ids.ts): not read; one info diagnostic names them.
 * Chunks are self-contained (chunk-relative offsets), so any block parses alone.
 */
import { ByteCursor, readU64Number } from '../binary/cursor.js'
import { filetimeToUnixMs, formatFiletime, YEAR_10000_MS } from '../binary/filetime.js'
import { hex8 } from '../binary/hex.js'
import { ChunkContext } from '../binxml/context.js'
import { parseDocument } from '../binxml/parser.js'
import { EvtxError, EvtxErrorCode } from '../errors.js'
import { afterBrokenHeader, headerFromRecords, nextRecordHeader, sizeFromOwnCopy, zerosBeforeLastRecord } from './chunk-gaps.js'
import { computeChunkDataChecksum, computeChunkHeaderChecksum, readChunkHeader } from './chunk-header.js'
import {
  CHUNK_HEADER_SIZE,
  CHUNK_MAGIC,
  CHUNK_SIZE,
  hasMagic,
  isAllZero,
  MIN_RECORD_SIZE,
  RECORD_HEADER_SIZE,
  RECORD_MAGIC,
} from './constants.js'
import { type ChunkInfo, type ChunkStatus, createReaderContext, type ParseOptions, type ReaderContext } from './options.js'
import { OlderCopies } from './older-copies.js'
import { prefilterRecord, wanted } from './prefilter.js'
import { RECORD_FIELD_OFFSETS } from './record-header.js'
import { EvtxRecord, rendersElement } from './record.js'
import { describeHidden, describeOversized, findHiddenRecords, type HiddenRecord } from './hidden-records.js'
import { classifyLeftovers, describeLeftovers, findLeftoverRecords, type LeftoverRecord, readLeftoverRecords } from './leftover-records.js'
import { describeEarlyLast, describeRecordsPastHeader, recordsPastHeader } from './stale-header.js'

/**
 * Reads the records of one block of a file. `block` is normally 65536 bytes; a shorter block is
 * the truncated tail of a file and is read as far as it goes. Records come back as one array per
 * chunk: a chunk is the unit of memory anyway, and one generator level less per record is
 * measurably faster.
 */
export interface ChunkRead {
  /** The records read, in chunk order. */
  readonly records: EvtxRecord[]
  /** Records scan mode skipped unread. */
  readonly skipped: number
  /** Highest record id seen, read, skipped or unreadable (-1 when none); leftovers do not count. */
  readonly maxRecordId: number
  /** How many of `records` are leftovers (leftover-records.ts): records, but not the log's. */
  readonly leftovers: number
}

/** No event log predates this (1990-01-01): an earlier written time (0 in some tools' files) is unset or damaged. */
const EARLIEST_LOG_MS = Date.UTC(1990, 0, 1)

/** The chunk's last-written record for `ChunkInfo.lastRecord`. */
function lastRecordOf(id: number, low: number, high: number): ChunkInfo['lastRecord'] {
  const ms = filetimeToUnixMs(low, high)
  return ms >= EARLIEST_LOG_MS && ms < YEAR_10000_MS ? { id, writtenMs: ms, writtenTime: formatFiletime(low, high) } : { id, writtenMs: undefined, writtenTime: undefined }
}

/**
 * @param places - when given, only the records at these chunk offsets (ascending) are parsed, the
 *   others skipped unread, and the walk ends after the last: a reader that knows where its records
 *   are (a query's second pass) parses no other
 */
export function readChunkBlock(
  ctx: ReaderContext,
  block: Uint8Array,
  index: number,
  fileOffset: number,
  fileNoCrc32 = false,
  places?: ArrayLike<number>,
): ChunkRead {
  const out: EvtxRecord[] = []
  const result = (): ChunkRead => {
    let max = maxSkippedId
    let left = 0
    for (const r of out) {
      if (r.leftover) left++
      else if (r.recordId > max) max = r.recordId
    }
    return { records: out, skipped, maxRecordId: max, leftovers: left }
  }
  const sink = ctx.sink
  const where = { fileOffset, chunkIndex: index }
  let skipped = 0
  let maxSkippedId = -1
  let firstWritten = Number.POSITIVE_INFINITY
  let lastWritten = Number.NEGATIVE_INFINITY
  const firstTicks = [0, 0]
  const lastTicks = [0, 0]
  let minId = Number.POSITIVE_INFINITY
  let maxId = Number.NEGATIVE_INFINITY
  // Written time of the highest-id record within the header's id range (-1: none met).
  const lastRecordTicks = [0, 0]
  let lastRecordId = -1
  let sample: EvtxRecord | undefined
  let leftovers: ChunkInfo['leftovers']
  const done = (status: ChunkStatus, header: ReturnType<typeof readChunkHeader> | undefined, records: number, errors: number) =>
    ctx.onChunk?.({
      index,
      fileOffset,
      status,
      header,
      records,
      errors,
      skipped,
      writtenRange: firstWritten <= lastWritten ? [firstWritten, lastWritten] : undefined,
      writtenTimes:
        firstWritten <= lastWritten
          ? [formatFiletime(firstTicks[0] as number, firstTicks[1] as number), formatFiletime(lastTicks[0] as number, lastTicks[1] as number)]
          : undefined,
      idRange: minId <= maxId ? [minId, maxId] : undefined,
      lastRecord: lastRecordId >= 0 ? lastRecordOf(lastRecordId, lastRecordTicks[0] as number, lastRecordTicks[1] as number) : undefined,
      sample,
      leftovers,
    })

  const isChunk = hasMagic(block, 0, CHUNK_MAGIC)
  if (!isChunk) {
    if (isAllZero(block)) {
      done('empty', undefined, 0, 0)
      return result()
    }
    if (block.length < CHUNK_SIZE) {
      sink.report('info', EvtxErrorCode.FileTrailingData, `${block.length} bytes after the last whole chunk are not a chunk; ignored`, where)
      done('truncated', undefined, 0, 0)
      return result()
    }
  }
  // A block whose chunk header was lost to zeros, with whole records after them (chunk-gaps.ts):
  // read from its first record, under the header those records imply. Validated checksums need a
  // header to check: such a block is then skipped like any other that is not a chunk.
  const headerless = isChunk || ctx.validateChecksums ? undefined : headerFromRecords(block)
  if (!isChunk && headerless === undefined) {
    const magic = Array.from(block.subarray(0, 8), (b) => b.toString(16).padStart(2, '0')).join(' ')
    sink.report('error', EvtxErrorCode.ChunkBadMagic, `block ${index} is not a chunk: signature ${magic} is not "ElfChnk\\0"; skipped`, where)
    done('bad-magic', undefined, 0, 1)
    return result()
  }
  if (block.length < CHUNK_HEADER_SIZE) {
    sink.report('error', EvtxErrorCode.ChunkTruncated, `chunk ${index} is cut off after ${block.length} bytes, inside its 512-byte header`, where)
    done('truncated', undefined, 0, 1)
    return result()
  }
  if (headerless !== undefined) {
    const h = headerless.header
    sink.report(
      'error',
      EvtxErrorCode.ChunkBadMagic,
      `block ${index} has no chunk header: its first 0x${headerless.first.toString(16)} bytes are zeros (lost); the whole records after them are read (ids ${h.firstRecordId}..${h.lastRecordId}), with no CRC to check them against`,
      where,
    )
  }
  const header = headerless?.header ?? readChunkHeader(block)
  if (block.length < CHUNK_SIZE) {
    sink.report('warning', EvtxErrorCode.ChunkTruncated, `chunk ${index} is cut off after ${block.length} of ${CHUNK_SIZE} bytes; reading what is there`, where)
  }
  if (ctx.validateChecksums && !fileNoCrc32 && !header.noCrc32 && headerless === undefined) {
    const headerCrc = computeChunkHeaderChecksum(block)
    if (headerCrc !== header.headerChecksum) {
      sink.report('error', EvtxErrorCode.ChunkBadHeaderCrc, `chunk ${index} header CRC is 0x${hex8(headerCrc)}, stored 0x${hex8(header.headerChecksum)}; skipped (checksums are validated)`, where)
      done('bad-checksum', header, 0, 1)
      return result()
    }
    const dataCrc = computeChunkDataChecksum(block, header.freeSpaceOffset)
    if (dataCrc !== header.dataChecksum) {
      sink.report('error', EvtxErrorCode.ChunkBadDataCrc, `chunk ${index} record data CRC is 0x${hex8(dataCrc)}, stored 0x${hex8(header.dataChecksum)}; skipped (checksums are validated)`, where)
      done('bad-checksum', header, 0, 1)
      return result()
    }
  }

  let end = header.freeSpaceOffset
  if (end > block.length) {
    if (end > CHUNK_SIZE) {
      sink.report('warning', EvtxErrorCode.ChunkBadFreeSpace, `chunk ${index} free space offset 0x${end.toString(16)} is past the chunk end; clamped to 0x${block.length.toString(16)}`, where)
    }
    end = block.length
  } else if (end < CHUNK_HEADER_SIZE) {
    sink.report('warning', EvtxErrorCode.ChunkBadFreeSpace, `chunk ${index} free space offset 0x${end.toString(16)} is inside the chunk header: no records by its header`, where)
  }

  const lastId = header.lastRecordId
  // The header's last record id (-1 past 2^53); raised when records are read past a stale header.
  let lastIdNumber = lastId <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(lastId) : -1
  const firstId = header.firstRecordId
  const firstIdNumber = firstId <= lastId ? Number(firstId) : Number.POSITIVE_INFINITY
  const chunk = new ChunkContext(ctx, block, index, fileOffset)
  chunk.lending = headerless === undefined
  const view = chunk.view
  const cur = new ByteCursor(block, fileOffset)
  let records = 0
  let errors = 0
  let pos = headerless?.first ?? CHUNK_HEADER_SIZE
  const pos0 = pos
  // The ids the walk meets (held-ids.ts), and in a block without its chunk header the older copies.
  let walkedMin = Number.POSITIVE_INFINITY
  let walkedMax = Number.NEGATIVE_INFINITY
  // Not when reading `places` again (a query's second pass): its first pass left the copies out
  // already, and asking which chunk holds an id would make a worker-less reread read the file's
  // start again for nothing.
  const copies = headerless === undefined || places !== undefined ? undefined : new OlderCopies()
  // The id of the last record header walked (-1: none yet).
  let previousId = -1
  // The next of `places` still to come.
  let place = 0
  const F = RECORD_FIELD_OFFSETS
  const prefilter = ctx.prefilter
  const at = (p: number, recordId?: number) =>
    recordId === undefined
      ? { fileOffset: fileOffset + p, chunkIndex: index, chunkOffset: p }
      : { fileOffset: fileOffset + p, chunkIndex: index, chunkOffset: p, recordId }
  // The walk stops after the record whose id is the header's last (-2 once it reads past the header),
  // met at or past the header's last record offset: a record before it that holds that id (damage)
  // does not end the walk early. (An offset outside the records walked is no help: 0 then.)
  let stopId = lastIdNumber
  const stopFrom = header.lastRecordOffset < end ? header.lastRecordOffset : 0
  let earlyLastReported = false
  // Where the last record walked ends.
  let walkedEnd = pos
  walk: for (;;) {
  while (pos < end) {
    if (pos + 8 > block.length) {
      sink.report('error', EvtxErrorCode.RecordBadSize, `record header at chunk offset 0x${pos.toString(16)} is cut off by the end of the data`, at(pos))
      errors++
      break
    }
    const magic = view.getUint32(pos + F.magic, true)
    if (magic === 0) {
      // The clean end of a chunk, unless its header places its last record further on: then
      // records were lost to zeros, and those after them are read (chunk-gaps.ts).
      // A header whose CRC fails (a dirty chunk's stale one, or damage) is no evidence of lost records.
      const trusted = () => headerless !== undefined || fileNoCrc32 || header.noCrc32 || computeChunkHeaderChecksum(block) === header.headerChecksum
      if (pos <= header.lastRecordOffset && header.lastRecordOffset < end && trusted()) {
        const resume = nextRecordHeader(view, header, pos, end, previousId)
        const lost = zerosBeforeLastRecord(header, pos, previousId, resume)
        if (lost !== undefined) {
          sink.report('warning', EvtxErrorCode.ChunkIncomplete, `chunk ${index} ${lost}`, at(pos))
          if (resume !== undefined) {
            pos = resume.at
            continue
          }
        }
      }
      break
    }
    if (magic !== RECORD_MAGIC) {
      const resume = nextRecordHeader(view, header, pos, end, previousId)
      sink.report('error', EvtxErrorCode.RecordBadMagic, `bad record signature 0x${hex8(magic)} at chunk offset 0x${pos.toString(16)} (expected 2a2a0000); ${afterBrokenHeader(resume, index)}`, at(pos))
      errors++
      if (resume === undefined) break
      pos = resume.at
      continue
    }
    let size = view.getUint32(pos + F.size, true)
    if (size < MIN_RECORD_SIZE || pos + size > block.length) {
      // The id is still worth naming when the header holds one.
      const id = pos + RECORD_HEADER_SIZE <= block.length ? readU64Number(view, pos + F.recordIdLow) : undefined
      const resume = nextRecordHeader(view, header, pos, end, previousId)
      sink.report('error', EvtxErrorCode.RecordBadSize, `invalid record size ${size} at chunk offset 0x${pos.toString(16)} (must be >= ${MIN_RECORD_SIZE} and end within the chunk's ${block.length} bytes); ${afterBrokenHeader(resume, index)}`, at(pos, id))
      errors++
      if (resume === undefined) break
      pos = resume.at
      continue
    }
    const recordId = readU64Number(view, pos + F.recordIdLow)
    let sizeCopy = view.getUint32(pos + size - 4, true)
    if (sizeCopy !== size) {
      const own = sizeFromOwnCopy(view, pos, size, end)
      if (own !== undefined) {
        sink.report('warning', EvtxErrorCode.RecordSizeCopy, `record ${recordId}: size ${size} differs from its size copy ${sizeCopy}, but its first ${own} bytes end in a size copy of their own, followed by the next record: its size field is damaged; read as ${own} bytes`, at(pos, recordId))
        size = own
        sizeCopy = own
      } else sink.report('warning', EvtxErrorCode.RecordSizeCopy, `record ${recordId}: size copy ${sizeCopy} differs from size ${size}`, at(pos, recordId))
    }
    previousId = recordId
    walkedEnd = pos + size
    let isLast = false
    if (recordId === stopId) {
      if (pos >= stopFrom) isLast = true
      else if (!earlyLastReported) {
        earlyLastReported = true
        sink.report('warning', EvtxErrorCode.ChunkStaleHeader, describeEarlyLast(index, recordId, pos, stopFrom), at(pos, recordId))
      }
    }
    if (copies !== undefined) {
      // An id an earlier chunk holds: an older copy of its record, in this block's unused space.
      const holder = ctx.idHolders.holderOf(recordId, index)
      if (holder !== undefined) {
        copies.add(recordId, pos, holder)
        if (isLast) break
        pos += size
        continue
      }
    }
    if (recordId < walkedMin) walkedMin = recordId
    if (recordId > walkedMax) walkedMax = recordId
    const writtenLow = view.getUint32(pos + F.writtenLow, true)
    const writtenHigh = view.getUint32(pos + F.writtenHigh, true)
    if (ctx.onChunk !== undefined) {
      // Times from the year 10000 on and ids past 2^53 - 1 (read as 2^53) are damage, not data:
      // one would move the newest time a reader anchors on by millennia.
      const ms = filetimeToUnixMs(writtenLow, writtenHigh)
      if (ms < YEAR_10000_MS) {
        if (ms < firstWritten) {
          firstWritten = ms
          firstTicks[0] = writtenLow
          firstTicks[1] = writtenHigh
        }
        if (ms > lastWritten) {
          lastWritten = ms
          lastTicks[0] = writtenLow
          lastTicks[1] = writtenHigh
        }
      }
      if (recordId <= Number.MAX_SAFE_INTEGER) {
        if (recordId < minId) minId = recordId
        if (recordId > maxId) maxId = recordId
      }
      if (recordId > lastRecordId && recordId >= firstIdNumber && recordId <= lastIdNumber) {
        lastRecordId = recordId
        lastRecordTicks[0] = writtenLow
        lastRecordTicks[1] = writtenHigh
      }
    }
    if (places !== undefined) {
      while (place < places.length && (places[place] as number) < pos) place++
      if (place === places.length) break
      if (places[place] !== pos) {
        skipped++
        if (recordId > maxSkippedId) maxSkippedId = recordId
        if (isLast) break
        pos += size
        continue
      }
    }
    chunk.recordId = recordId
    // The first record of a chunk is read even in scan mode: it is the chunk's sample.
    const wantSample = ctx.onChunk !== undefined && sample === undefined && prefilter !== undefined
    const verdict = prefilter === undefined ? 'read' : wantSample ? 'unsure' : prefilterRecord(chunk, cur, pos, size, prefilter)
    if (verdict === 'skip') {
      skipped++
      chunk.recordId = undefined
      if (recordId > maxSkippedId) maxSkippedId = recordId
      if (isLast) break
      pos += size
      continue
    }
    let record: EvtxRecord | undefined
    // Where the record's document ended (-1: it could not be read).
    let documentEnd = -1
    try {
      cur.pos = pos + RECORD_HEADER_SIZE
      cur.end = pos + size - 4
      const fragment = parseDocument(chunk, cur, 0, 0)
      documentEnd = cur.pos
      if (!rendersElement(fragment)) {
        throw new EvtxError(EvtxErrorCode.RecordNoElement, `record ${recordId} renders no element (its root element depends on a Null value or is missing)`, at(pos, recordId))
      }
      record = new EvtxRecord(recordId, writtenLow, writtenHigh, index, pos, fileOffset + pos, size, fragment, ctx.limits)
    } catch (error) {
      if (!(error instanceof EvtxError)) throw error
      sink.fromError('error', error, at(pos, recordId))
      errors++
      // It is in the file, only unreadable: the file's completeness counts it (file-walk.ts).
      if (recordId > maxSkippedId) maxSkippedId = recordId
    }
    chunk.recordId = undefined
    // Room for a whole record between the document's end and the size copy: a record hidden in it?
    let hidden = NO_HIDDEN
    if (documentEnd >= 0 && pos + size - 4 - documentEnd >= MIN_RECORD_SIZE) {
      hidden = findHiddenRecords(view, pos, size, documentEnd)
      if (hidden.length > 0) sink.report('warning', EvtxErrorCode.RecordHidden, describeHidden(recordId, size, hidden, ctx.readHiddenRecords), at(pos, recordId))
      // The size copy agrees, so no damage explains the room: a size grown over a record since wiped.
      else if (sizeCopy === size) sink.report('warning', EvtxErrorCode.RecordOversized, describeOversized(view, recordId, pos, size, documentEnd), at(pos, recordId))
    }
    if (record !== undefined && sample === undefined) sample = record
    if (record !== undefined && verdict === 'unsure' && prefilter !== undefined) {
      const keep = wantedOrError(record, prefilter)
      if (keep !== true) {
        if (keep === false) skipped++
        else {
          sink.fromError('error', keep, at(pos, recordId))
          errors++
        }
        if (recordId > maxSkippedId) maxSkippedId = recordId
        record = undefined
      }
    }
    if (record !== undefined) {
      records++
      out.push(record)
    }
    if (ctx.readHiddenRecords) {
      for (const h of hidden) {
        const found = readHiddenRecord(ctx, chunk, cur, h, recordId, index, fileOffset)
        if (found instanceof EvtxError) {
          sink.fromError('error', found, at(h.at, h.recordId))
          errors++
        } else {
          const keep = prefilter === undefined || wantedOrError(found, prefilter)
          if (keep === true) {
            records++
            out.push(found)
          } else if (keep !== false) {
            sink.fromError('error', keep, at(h.at, h.recordId))
            errors++
          }
        }
      }
    }
    if (isLast) break
    pos += size
  }
  // Records that go on past where the header ends them, in sequence: a header not written after
  // them (stale-header.ts). Read once; a block without its chunk header has no header to be stale;
  // a walk over `places` that took its last place has nothing more to read.
  if (stopId === -2 || headerless !== undefined || (places !== undefined && place >= places.length)) break walk
  // With no record walked (a free-space offset at or inside the header), the records go on from
  // the header's first record id.
  const past = recordsPastHeader(view, walkedEnd, previousId >= 0 || walkedEnd !== pos0 ? previousId : firstIdNumber - 1)
  if (past === undefined) break walk
  sink.report('warning', EvtxErrorCode.ChunkStaleHeader, describeRecordsPastHeader(index, walkedEnd, previousId, header.freeSpaceOffset, lastIdNumber, past), at(walkedEnd, past.firstId))
  pos = walkedEnd
  end = past.end
  stopId = -2
  // They are the chunk's newest: its last-written record is among them.
  lastIdNumber = past.lastId
  }
  // Whole records of an earlier use of the chunk after the last record walked (leftover-records.ts):
  // counted, and read on request. Not in a block without its chunk header (no free-space offset
  // says where its records end), nor under a free-space offset inside the header (the chunk's own
  // records would be taken for leftovers), nor on a query's second pass (its first counted them).
  if (headerless === undefined && places === undefined && header.freeSpaceOffset >= CHUNK_HEADER_SIZE) {
    // The header's ids are the chunk's own when the records walked agree with them (a chunk
    // copied while Windows wrote it again can hold a header of its earlier use).
    // (With none walked there is nothing to agree: what lies there is counted whatever its ids.)
    const agrees = walkedMin <= walkedMax && walkedMin >= firstIdNumber && walkedMax <= lastIdNumber
    const found = agrees ? findLeftoverRecords(block, view, walkedEnd, firstIdNumber, lastIdNumber) : findLeftoverRecords(block, view, walkedEnd, 1, 0)
    if (found.length > 0) {
      const kinds = classifyLeftovers(found, agrees ? Math.max(walkedMax, lastIdNumber) : walkedMax, ticksAt(view, pos0))
      const read = ctx.leftovers === undefined ? undefined : readLeftoverRecords(ctx.leftovers, block, index, fileOffset, found, { templates: chunk.templates, earlier: ctx.lender, prefilter })
      if (read !== undefined) for (const r of read.records) out.push(r)
      leftovers = { count: found.length, beforeClear: kinds.beforeClear }
      sink.report('info', EvtxErrorCode.ChunkLeftoverRecords, describeLeftovers(index, found, kinds, read), at((found[0] as LeftoverRecord).at, (found[0] as LeftoverRecord).recordId))
    }
  }
  if (headerless !== undefined) {
    if (copies !== undefined && copies.count > 0) sink.report('info', EvtxErrorCode.ChunkOlderCopies, `block ${index}: ${copies.describe()}`, where)
    done('bad-magic', header, records, errors + 1)
  } else {
    ctx.heldIds.add(index, walkedMin, walkedMax)
    // A chunk cut short is read up to the cut, and still counted as cut: what followed is lost.
    done(block.length < CHUNK_SIZE ? 'truncated' : 'valid', header, records, errors)
  }
  return result()
}

const NO_HIDDEN: readonly HiddenRecord[] = []

/**
 * Whether scan mode wants a record it had to parse to decide, or the error that kept it from
 * telling (a path past a limit): that record is reported, the walk goes on.
 */
function wantedOrError(record: EvtxRecord, prefilter: NonNullable<ReaderContext['prefilter']>): boolean | EvtxError {
  try {
    return wanted(record, prefilter)
  } catch (error) {
    if (error instanceof EvtxError) return error
    throw error
  }
}

/** The written time (FILETIME ticks) of the record at chunk offset `at`, or undefined when none starts there. */
function ticksAt(view: DataView, at: number): number | undefined {
  if (at + RECORD_HEADER_SIZE > view.byteLength || view.getUint32(at, true) !== RECORD_MAGIC) return undefined
  return view.getUint32(at + 20, true) * 2 ** 32 + view.getUint32(at + 16, true)
}

/**
 * A hidden record (hidden-records.ts), read as any other, or the error that kept it from being
 * read. (Not a closure in the chunk walk: one there would move the walk's variables to the heap.)
 */
function readHiddenRecord(ctx: ReaderContext, chunk: ChunkContext, cur: ByteCursor, h: HiddenRecord, hostId: number, index: number, fileOffset: number): EvtxRecord | EvtxError {
  chunk.recordId = h.recordId
  try {
    cur.pos = h.at + RECORD_HEADER_SIZE
    cur.end = h.at + h.size - 4
    const fragment = parseDocument(chunk, cur, 0, 0)
    if (!rendersElement(fragment)) return new EvtxError(EvtxErrorCode.RecordNoElement, `hidden record ${h.recordId} renders no element (its root element depends on a Null value or is missing)`, {})
    return new EvtxRecord(h.recordId, h.writtenLow, h.writtenHigh, index, h.at, fileOffset + h.at, h.size, fragment, ctx.limits, hostId)
  } catch (error) {
    if (!(error instanceof EvtxError)) throw error
    return error
  } finally {
    chunk.recordId = undefined
  }
}

/**
 * Parses one 64 KiB chunk on its own (chunks are self-contained).
 * @param chunk - the chunk's bytes (65536, or fewer for a truncated chunk)
 * @param chunkIndex - its index in the file, used in locations
 * @param options - parse options; `fileOffset` places it in a file for error locations
 */
export function* parseChunk(
  chunk: Uint8Array,
  chunkIndex = 0,
  options: ParseOptions & { readonly fileOffset?: number } = {},
): Generator<EvtxRecord, void, undefined> {
  if (!(chunk instanceof Uint8Array)) throw new TypeError('parseChunk expects a Uint8Array')
  const ctx = createReaderContext(options)
  yield* readChunkBlock(ctx, chunk, chunkIndex, options.fileOffset ?? 0).records
}
