/**
 * The table of contents of a ZIP archive: its end-of-central-directory record (ZIP64 too) and the
 * central directory's entries, as read by any ZIP tool (APPNOTE.TXT 6.3).
 *
 * Logs often travel zipped (Microsoft's `win-collect-attached-disk-logs` zips what it gathers),
 * so `analyze` reads the `.evtx` entries of an archive in place. This module only lists entries;
 * zip-entry.ts streams one. Everything the archive states is bounded before it is used: the
 * search for the end record (the last 64 KiB + 22 bytes), the central directory's size
 * ({@link MAX_CENTRAL_DIRECTORY_BYTES}) and entry count ({@link MAX_ZIP_ENTRIES}), every offset
 * and size against the archive's length; split archives are refused. A problem is a
 * {@link ZipError} naming where in the archive it is.
 */
import { decodeAnsi } from '../binary/ansi.js'
import { u16, u32 } from './little-endian.js'

/** Random reads from an archive: `read` returns at most `length` bytes from `position`. */
export interface RandomAccess {
  readonly size: number
  read(position: number, length: number): Promise<Uint8Array>
}

/** One member of an archive, as its central directory entry states it. */
export interface ZipEntry {
  /** The member's path inside the archive, `/`-separated. */
  readonly name: string
  /** 0 stored, 8 deflated; others are named when the entry is opened. */
  readonly method: number
  /** General-purpose flags (bit 0: encrypted). */
  readonly flags: number
  readonly crc32: number
  readonly compressedSize: number
  /** Uncompressed size. */
  readonly size: number
  /** Where the entry's local header starts in the archive (after any prepended data). */
  readonly localHeaderOffset: number
  /** Where its central directory entry is (for messages; its local header when salvaged). */
  readonly directoryOffset: number
  /**
   * Its CRC-32 and uncompressed size are unknown (`size` 0): an entry found from its local header
   * whose sizes follow its data, without a data descriptor that fits (zip-salvage.ts). Its data
   * is read without those checks, up to the largest entry size read.
   */
  readonly unchecked?: boolean
}

export interface ZipDirectory {
  readonly entries: ZipEntry[]
  /** Entries the central directory holds past {@link MAX_ZIP_ENTRIES}, not listed. */
  readonly entriesLeftOut: number
  /**
   * What could not be listed: a damaged entry is left out and the listing goes on; a directory
   * that cannot be walked further ends it, keeping the entries before.
   */
  readonly problems: string[]
}

/** A ZIP archive that cannot be read as one, with where the problem is. */
export class ZipError extends Error {
  override readonly name = 'ZipError'
  /** Offset in the archive, when the problem is at one. */
  readonly offset: number | undefined
  /**
   * What kind of problem, where it decides what to do next: `no-end-record` (not a ZIP archive,
   * or one cut short: zip-listing.ts then walks its local headers), `split` (one part of a
   * multi-volume archive: the parts must be joined, nothing is salvaged from one).
   */
  readonly kind: 'no-end-record' | 'split' | undefined
  constructor(message: string, offset?: number, kind?: 'no-end-record' | 'split') {
    super(offset === undefined ? message : `${message} (at archive offset ${offset})`)
    this.offset = offset
    this.kind = kind
  }
}

/** Largest central directory read (about 700,000 short entries); a bigger one is refused. */
export const MAX_CENTRAL_DIRECTORY_BYTES = 64 << 20
/** Most entries listed from one archive. */
export const MAX_ZIP_ENTRIES = 100_000

const EOCD_SIGNATURE = 0x06054b50
const ZIP64_LOCATOR_SIGNATURE = 0x07064b50
const ZIP64_EOCD_SIGNATURE = 0x06064b50
const CENTRAL_SIGNATURE = 0x02014b50
const EOCD_SIZE = 22
const ZIP64_LOCATOR_SIZE = 20
const ZIP64_EOCD_SIZE = 56
const CENTRAL_HEADER_SIZE = 46
const MAX_COMMENT = 0xffff
/** Most problems kept per archive (a damaged directory could have one per entry). */
const MAX_PROBLEMS = 10
/** Flag bit 11: the name is UTF-8 (else code page 437). */
const FLAG_UTF8 = 0x800

/** A 64-bit little-endian size or offset; one past 2^53 cannot be in any file and is refused. */
function u64(b: Uint8Array, at: number, what: string, offset: number): number {
  const high = u32(b, at + 4)
  if (high >= 0x200000) throw new ZipError(`${what} is out of range`, offset)
  return high * 0x1_0000_0000 + u32(b, at)
}

async function readExactly(file: RandomAccess, position: number, length: number, what: string): Promise<Uint8Array> {
  if (position < 0 || length < 0 || position + length > file.size) {
    throw new ZipError(`${what} (${length} bytes at ${position}) lies past the end of the archive (${file.size} bytes)`, position)
  }
  const bytes = await file.read(position, length)
  if (bytes.length < length) throw new ZipError(`${what}: the archive ended after ${bytes.length} of ${length} bytes`, position)
  return bytes
}

/** The end-of-central-directory record: the last signature whose comment fits before the end. */
async function findEnd(file: RandomAccess): Promise<{ at: number; record: Uint8Array }> {
  if (file.size < EOCD_SIZE) throw new ZipError(`too short for a ZIP archive (${file.size} bytes)`)
  const from = Math.max(0, file.size - EOCD_SIZE - MAX_COMMENT)
  const tail = await readExactly(file, from, file.size - from, 'the archive tail')
  for (let i = tail.length - EOCD_SIZE; i >= 0; i--) {
    if (u32(tail, i) === EOCD_SIGNATURE && i + EOCD_SIZE + u16(tail, i + 20) <= tail.length) {
      return { at: from + i, record: tail.subarray(i, i + EOCD_SIZE) }
    }
  }
  throw new ZipError('no end-of-central-directory record in the last 64 KiB: not a ZIP archive, or one cut short (its directory is at its end)', undefined, 'no-end-record')
}

interface Bounds {
  /** Where the central directory starts, as stated. */
  readonly offset: number
  readonly size: number
  readonly count: number
  /** Where the record that states them starts: the central directory ends there. */
  readonly endAt: number
}

/** The central directory's place and entry count, from the end record or its ZIP64 form. */
async function directoryBounds(file: RandomAccess): Promise<Bounds> {
  const end = await findEnd(file)
  const r = end.record
  if (u16(r, 4) !== 0 || u16(r, 6) !== 0) throw new ZipError('a split (multi-volume) archive: join its parts into one .zip first', end.at, 'split')
  const bounds: Bounds = { offset: u32(r, 16), size: u32(r, 12), count: u16(r, 10), endAt: end.at }
  // A ZIP64 locator right before the end record points to the ZIP64 end record, whose fields
  // replace the 16- and 32-bit ones (which then hold 0xFFFF / 0xFFFFFFFF).
  if (end.at < ZIP64_LOCATOR_SIZE) return bounds
  const locatorAt = end.at - ZIP64_LOCATOR_SIZE
  const locator = await readExactly(file, locatorAt, ZIP64_LOCATOR_SIZE, 'the ZIP64 locator')
  if (u32(locator, 0) !== ZIP64_LOCATOR_SIGNATURE) return bounds
  if (u32(locator, 4) !== 0 || u32(locator, 16) > 1) throw new ZipError('a split (multi-volume) ZIP64 archive: join its parts into one .zip first', locatorAt, 'split')
  const stated = u64(locator, 8, 'the ZIP64 end record offset', locatorAt)
  // With data before the archive the stated offset is short by its length; the record (without
  // extensible data, as writers leave it) then ends right at the locator.
  let at = stated
  let record = stated + ZIP64_EOCD_SIZE <= file.size ? await readExactly(file, stated, ZIP64_EOCD_SIZE, 'the ZIP64 end record') : undefined
  if ((record === undefined || u32(record, 0) !== ZIP64_EOCD_SIGNATURE) && locatorAt >= ZIP64_EOCD_SIZE) {
    at = locatorAt - ZIP64_EOCD_SIZE
    record = await readExactly(file, at, ZIP64_EOCD_SIZE, 'the ZIP64 end record')
  }
  if (record === undefined || u32(record, 0) !== ZIP64_EOCD_SIGNATURE) throw new ZipError('the ZIP64 locator points to no ZIP64 end record', stated)
  const count = u64(record, 32, 'the ZIP64 entry count', at)
  return { offset: u64(record, 48, 'the central directory offset', at), size: u64(record, 40, 'the central directory size', at), count, endAt: at }
}

/**
 * An entry's name as a `/`-separated path: UTF-8 when flagged, else code page 437 (what ZIP tools
 * on Windows write); some Windows tools write `\` between folders.
 */
export function decodeEntryName(bytes: Uint8Array, flags: number): string {
  if ((flags & FLAG_UTF8) !== 0) return new TextDecoder('utf-8').decode(bytes).replace(/\\/g, '/')
  return bytes.length === 0 ? '' : decodeAnsi(bytes, 0, bytes.length, 'cp437').replace(/\\/g, '/')
}

/** The ZIP64 extra field's values for the fields that hold 0xFFFFFFFF, in the order the format gives. */
function zip64Values(extra: Uint8Array, want: { size: boolean; compressed: boolean; offset: boolean }, at: number): { size?: number; compressed?: number; offset?: number } {
  for (let i = 0; i + 4 <= extra.length; ) {
    const id = u16(extra, i)
    const length = u16(extra, i + 2)
    const body = i + 4
    if (body + length > extra.length) break
    if (id === 0x0001) {
      const out: { size?: number; compressed?: number; offset?: number } = {}
      let p = body
      const take = (what: string): number => {
        if (p + 8 > body + length) throw new ZipError(`the ZIP64 extra field is too short for the ${what}`, at)
        const v = u64(extra, p, `the ZIP64 ${what}`, at)
        p += 8
        return v
      }
      if (want.size) out.size = take('size')
      if (want.compressed) out.compressed = take('compressed size')
      if (want.offset) out.offset = take('local header offset')
      return out
    }
    i = body + length
  }
  throw new ZipError('an entry states ZIP64 sizes but has no ZIP64 extra field', at)
}

/**
 * Lists the entries of a ZIP archive.
 * @throws {ZipError} when the archive's directory cannot be found or read (not a ZIP, cut short,
 *   split); damaged entries are left out and named in `problems`
 */
export async function readZipDirectory(file: RandomAccess): Promise<ZipDirectory> {
  const bounds = await directoryBounds(file)
  if (bounds.size > MAX_CENTRAL_DIRECTORY_BYTES) {
    throw new ZipError(`the central directory is ${bounds.size} bytes, more than the ${MAX_CENTRAL_DIRECTORY_BYTES} read`, bounds.offset)
  }
  // Data before the archive (a self-extracting stub, or a ZIP appended to another file) shifts
  // every offset the archive states: the directory ends where the end record starts.
  const start = bounds.endAt - bounds.size
  if (start < 0) throw new ZipError(`the central directory (${bounds.size} bytes) would start before the archive`, bounds.endAt)
  const shift = start - bounds.offset
  const directory = await readExactly(file, start, bounds.size, 'the central directory')
  const entries: ZipEntry[] = []
  let p = 0
  let seen = 0
  let leftOut = 0
  // Every entry the directory's bytes hold is read (each at least 46 bytes, so at most about
  // 1.5 million steps); the stated count is only checked against, since plain archives keep it in
  // 16 bits and some writers let it wrap past 65,535.
  const problems: string[] = []
  const stop = (message: string, at: number) => problems.push(new ZipError(message, at).message)
  while (p < directory.length) {
    const at = start + p
    if (p + CENTRAL_HEADER_SIZE > directory.length) {
      stop(`the central directory ends inside entry ${seen + 1}`, at)
      break
    }
    if (u32(directory, p) !== CENTRAL_SIGNATURE) {
      stop(`no central directory entry where entry ${seen + 1} should be`, at)
      break
    }
    const flags = u16(directory, p + 8)
    const nameLength = u16(directory, p + 28)
    const extraLength = u16(directory, p + 30)
    const commentLength = u16(directory, p + 32)
    const next = p + CENTRAL_HEADER_SIZE + nameLength + extraLength + commentLength
    if (next > directory.length) {
      stop(`central directory entry ${seen + 1} runs past the directory's end`, at)
      break
    }
    seen++
    const nameBytes = directory.subarray(p + CENTRAL_HEADER_SIZE, p + CENTRAL_HEADER_SIZE + nameLength)
    const name = decodeEntryName(nameBytes, flags)
    p = next
    if (entries.length >= MAX_ZIP_ENTRIES) {
      leftOut++
      continue
    }
    try {
      let compressedSize = u32(directory, at - start + 20)
      let size = u32(directory, at - start + 24)
      let offset = u32(directory, at - start + 42)
      if (compressedSize === 0xffffffff || size === 0xffffffff || offset === 0xffffffff) {
        const extraAt = at - start + CENTRAL_HEADER_SIZE + nameLength
        const big = zip64Values(directory.subarray(extraAt, extraAt + extraLength), { size: size === 0xffffffff, compressed: compressedSize === 0xffffffff, offset: offset === 0xffffffff }, at)
        size = big.size ?? size
        compressedSize = big.compressed ?? compressedSize
        offset = big.offset ?? offset
      }
      const localHeaderOffset = offset + shift
      if (localHeaderOffset < 0 || localHeaderOffset >= start) throw new ZipError(`its local header offset (${offset}) is outside the archive's data`, at)
      entries.push({ name, method: u16(directory, at - start + 10), flags, crc32: u32(directory, at - start + 16), compressedSize, size, localHeaderOffset, directoryOffset: at })
    } catch (error) {
      if (!(error instanceof ZipError)) throw error
      if (problems.length < MAX_PROBLEMS) problems.push(`${name}: ${error.message}`)
    }
  }
  if (problems.length === 0 && seen < bounds.count && bounds.count !== 0xffff) {
    stop(`the central directory holds ${seen} entries where its end record says ${bounds.count}`, start + p)
  }
  return { entries, entriesLeftOut: leftOut, problems }
}
