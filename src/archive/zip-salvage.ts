/**
 * The entries of a ZIP archive whose central directory is lost, found from their local headers.
 *
 * A ZIP keeps its table of contents at its end, so a copy cut short (an interrupted download or
 * file transfer) has none, though every entry before the cut is intact. As `zip -FF` does, the
 * local headers are walked from the first one: an entry whose header states its sizes leads to
 * the next header; one whose sizes follow its data (flag bit 3, written by streaming writers)
 * runs to the next local header found after it, and its data descriptor, when found there, gives
 * its CRC-32 and sizes (else they are unknown and not checked). The entry the cut falls in is
 * listed too: it is read up to the cut. The walk only moves forward, reading each byte at most
 * once or twice, and ends at the first thing that is not a local header.
 */
import { u16, u32 } from './little-endian.js'
import { decodeEntryName, type RandomAccess, type ZipDirectory, type ZipEntry, MAX_ZIP_ENTRIES, ZipError } from './zip-directory.js'

const LOCAL_SIGNATURE = 0x04034b50
const DESCRIPTOR_SIGNATURE = 0x08074b50
const CENTRAL_SIGNATURE = 0x02014b50
const LOCAL_HEADER_SIZE = 30
/** Bytes read at a time while searching for the next local header. */
const SEARCH_BLOCK = 1 << 20
/** How far into the file the first local header is looked for (data may be prepended). */
const FIRST_HEADER_WITHIN = 1 << 16
const FLAG_DESCRIPTOR = 0x8

/** A local header that looks real: its signature, a version this format has, a method we read (any name, even empty). */
function plausibleHeader(b: Uint8Array, at: number): boolean {
  return u32(b, at) === LOCAL_SIGNATURE && u16(b, at + 4) <= 63 && (u16(b, at + 8) === 0 || u16(b, at + 8) === 8)
}

/**
 * The offset of the next plausible local header at or after `from`, or of a central directory
 * entry (after the last entry, where the directory begins), or undefined.
 */
async function nextHeader(file: RandomAccess, from: number, limit = file.size): Promise<number | undefined> {
  for (let at = from; at + 4 <= limit; at += SEARCH_BLOCK) {
    // Blocks overlap by a header's length, so a header across their boundary is found.
    const block = await file.read(at, Math.min(SEARCH_BLOCK + LOCAL_HEADER_SIZE, limit - at))
    for (let i = 0; i + 4 <= block.length && i < SEARCH_BLOCK; i++) {
      if (block[i] !== 0x50 || block[i + 1] !== 0x4b) continue
      if (u32(block, i) === CENTRAL_SIGNATURE) return at + i
      if (i + LOCAL_HEADER_SIZE <= block.length && plausibleHeader(block, i)) return at + i
    }
  }
  return undefined
}

/** The ZIP64 sizes in a local header's extra field (both are there when either is 0xFFFFFFFF). */
function zip64Sizes(extra: Uint8Array): { size: number; compressedSize: number } | undefined {
  for (let i = 0; i + 4 <= extra.length; ) {
    const length = u16(extra, i + 2)
    if (u16(extra, i) === 1 && length >= 16 && i + 4 + 16 <= extra.length) {
      const high = (at: number) => u32(extra, at + 4)
      if (high(i + 4) >= 0x200000 || high(i + 12) >= 0x200000) return undefined
      return { size: high(i + 4) * 0x1_0000_0000 + u32(extra, i + 4), compressedSize: high(i + 12) * 0x1_0000_0000 + u32(extra, i + 12) }
    }
    i += 4 + length
  }
  return undefined
}

interface Descriptor {
  readonly crc32: number
  readonly compressedSize: number
  readonly size: number
}

/**
 * The data descriptor that ends an entry's data before a following local header: with or without
 * its signature, 32- or 64-bit sizes, its compressed size the bytes from `dataStart` to it.
 */
async function descriptorBefore(file: RandomAccess, dataStart: number, header: number): Promise<Descriptor | undefined> {
  const from = Math.max(dataStart, header - 24)
  const b = await file.read(from, header - from)
  for (const [length, signed, wide] of [[16, true, false], [12, false, false], [24, true, true], [20, false, true]] as const) {
    const at = b.length - length
    if (at < 0 || (signed && u32(b, at) !== DESCRIPTOR_SIGNATURE)) continue
    const f = at + (signed ? 4 : 0)
    // After the CRC-32: the compressed size, then the uncompressed one, 8 bytes each when wide.
    const compressed = wide ? u32(b, f + 4) + u32(b, f + 8) * 0x1_0000_0000 : u32(b, f + 4)
    const size = wide ? u32(b, f + 12) + u32(b, f + 16) * 0x1_0000_0000 : u32(b, f + 8)
    if (compressed === from + at - dataStart && Number.isSafeInteger(size)) return { crc32: u32(b, f), compressedSize: compressed, size }
  }
  return undefined
}

/**
 * Where an entry whose sizes follow its data ends: at the next local header (or the archive's
 * end), with the data descriptor before it when there is one that fits. Only the first header found is tried, so the
 * walk reads each byte once; a header's signature inside compressed data (rare, and it must also
 * look like a header) cuts that entry short there.
 */
async function descriptorEnd(file: RandomAccess, dataStart: number): Promise<{ next: number | undefined; descriptor: Descriptor | undefined }> {
  const next = await nextHeader(file, dataStart)
  // The last entry before the cut may end with its descriptor right at the archive's end.
  return { next, descriptor: await descriptorBefore(file, dataStart, next ?? file.size) }
}

/**
 * Lists the entries of an archive from its local headers (see the module comment). Never
 * throws for what the archive holds: what ends the walk is in `problems`.
 */
export async function salvageLocalHeaders(file: RandomAccess): Promise<ZipDirectory> {
  const entries: ZipEntry[] = []
  const problems: string[] = []
  let entriesLeftOut = 0
  let at = await nextHeader(file, 0, Math.min(file.size, FIRST_HEADER_WITHIN + LOCAL_HEADER_SIZE))
  if (at === undefined) return { entries, entriesLeftOut, problems: ['no local header in its first 64 KiB either'] }
  while (at !== undefined && at + LOCAL_HEADER_SIZE <= file.size) {
    const header = await file.read(at, LOCAL_HEADER_SIZE)
    // Where a header must be, its signature is enough (an entry of a method we do not read is
    // listed, and refused with what to do when opened); a search needs the stricter test.
    if (header.length < LOCAL_HEADER_SIZE || u32(header, 0) !== LOCAL_SIGNATURE) break
    const flags = u16(header, 6)
    const nameLength = u16(header, 26)
    const extraLength = u16(header, 28)
    const dataStart = at + LOCAL_HEADER_SIZE + nameLength + extraLength
    const tail = await file.read(at + LOCAL_HEADER_SIZE, nameLength + extraLength)
    if (tail.length < nameLength + extraLength) {
      problems.push(new ZipError('the archive ends inside a local header', at).message)
      break
    }
    const name = decodeEntryName(tail.subarray(0, nameLength), flags)
    let size = u32(header, 22)
    let compressedSize = u32(header, 18)
    let crc32 = u32(header, 14)
    let checked = true
    let next: number | undefined
    if ((flags & FLAG_DESCRIPTOR) !== 0) {
      // Its sizes follow its data: it runs to the next local header, and the data descriptor
      // there, when it fits, gives its CRC-32 and sizes; the last entry runs to the end.
      const found = await descriptorEnd(file, dataStart)
      if (found.descriptor !== undefined) {
        ;({ crc32, compressedSize, size } = found.descriptor)
      } else {
        compressedSize = (found.next ?? file.size) - dataStart
        size = 0
        checked = false
      }
      next = found.next
    } else {
      if (size === 0xffffffff || compressedSize === 0xffffffff) {
        const big = zip64Sizes(tail.subarray(nameLength))
        if (big === undefined) {
          problems.push(new ZipError(`${name}: its local header states ZIP64 sizes but has no ZIP64 extra field`, at).message)
          break
        }
        size = big.size
        compressedSize = big.compressedSize
      }
      next = dataStart + compressedSize
    }
    if (entries.length < MAX_ZIP_ENTRIES) {
      entries.push({ name, method: u16(header, 8), flags, crc32, compressedSize, size, localHeaderOffset: at, directoryOffset: at, ...(checked ? {} : { unchecked: true }) })
    } else entriesLeftOut++
    if (next === undefined || next <= at) break
    at = next
  }
  return { entries, entriesLeftOut, problems }
}
