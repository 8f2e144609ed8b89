/**
 * The bytes of one ZIP entry, streamed: stored entries as they are, deflated ones through zlib's
 * raw inflater, checked as they pass against what the central directory states.
 *
 * Nothing is unpacked to disk or held whole: the EVTX reader pulls the entry in pieces as it
 * would pull a file. An entry that inflates past its stated size stops there (a "zip bomb" costs
 * at most that many bytes), one that ends short or whose CRC-32 differs fails at its end, and one
 * cut off by the archive's end fails at the cut: each after the records before were read.
 * Encrypted entries and methods other than stored and deflate are refused with what to do.
 * Node-only (zlib): loaded only when an archive is read.
 */
import { Readable, pipeline } from 'node:stream'
import * as zlib from 'node:zlib'
import { crc32 } from '../binary/crc32.js'
import { installNativeCrc32 } from '../node/native-crc32.js'
import { u16, u32 } from './little-endian.js'
import { type RandomAccess, type ZipEntry, ZipError } from './zip-directory.js'

/** Largest entry read (an .evtx log is at most a few GiB); a larger stated size is refused. */
export const MAX_ENTRY_BYTES = 64 * 2 ** 30

const LOCAL_SIGNATURE = 0x04034b50
const LOCAL_HEADER_SIZE = 30
/** Compressed bytes read from the archive at a time. */
const PIECE = 256 << 10

const METHOD_NAMES: Readonly<Record<number, string>> = {
  1: 'shrink',
  6: 'implode',
  9: 'Deflate64',
  12: 'bzip2',
  14: 'LZMA',
  93: 'Zstandard',
  95: 'XZ',
  98: 'PPMd',
  99: 'AES encryption',
}

/** Why an entry cannot be read by this tool, or undefined when it can. */
export function unreadableEntry(entry: ZipEntry): string | undefined {
  if ((entry.flags & 1) !== 0 || entry.method === 99) return 'it is encrypted: extract it with its password first'
  if (entry.method !== 0 && entry.method !== 8) {
    const name = METHOD_NAMES[entry.method] ?? `method ${entry.method}`
    return `it is compressed with ${name}, which this tool does not read (only stored and deflate): extract it with 7-Zip or Windows first`
  }
  if (entry.unchecked !== true && entry.size > MAX_ENTRY_BYTES) return `its stated size (${entry.size} bytes) is past the ${MAX_ENTRY_BYTES} read`
  return undefined
}

/** Where the entry's data starts: after its local header, whose name and extra lengths may differ from the central ones. */
export async function dataStart(file: RandomAccess, entry: ZipEntry): Promise<number> {
  const at = entry.localHeaderOffset
  const header = at + LOCAL_HEADER_SIZE <= file.size ? await file.read(at, LOCAL_HEADER_SIZE) : new Uint8Array(0)
  if (header.length < LOCAL_HEADER_SIZE || u32(header, 0) !== LOCAL_SIGNATURE) throw new ZipError(`no local header for ${entry.name} where the central directory says`, at)
  return at + LOCAL_HEADER_SIZE + u16(header, 26) + u16(header, 28)
}

async function* stored(file: RandomAccess, start: number, length: number): AsyncGenerator<Uint8Array> {
  for (let done = 0; done < length; ) {
    const piece = await file.read(start + done, Math.min(PIECE, length - done))
    if (piece.length === 0) throw new ZipError('the archive ended early', start + done)
    done += piece.length
    yield piece
  }
}

/** Raw deflate to bytes; a corrupt stream fails with zlib's reason and where the entry's data starts. */
async function* inflated(compressed: AsyncIterable<Uint8Array>, entry: ZipEntry, start: number): AsyncGenerator<Uint8Array> {
  const inflater = zlib.createInflateRaw({ chunkSize: 64 << 10 })
  // A failure on either side destroys both; the iteration below then throws it.
  pipeline(Readable.from(compressed, { objectMode: false, highWaterMark: 2 }), inflater, () => undefined)
  try {
    for await (const piece of inflater as AsyncIterable<Buffer>) yield piece
  } catch (error) {
    if (error instanceof ZipError) throw error
    const reason = error instanceof Error ? error.message : String(error)
    throw new ZipError(`${entry.name}'s deflate data is corrupt (${reason})`, start)
  } finally {
    inflater.destroy()
  }
}

/**
 * Streams one entry's uncompressed bytes from an archive. An entry cut short by the archive's end
 * yields what it holds up to the cut, then fails saying so.
 * @throws {ZipError} (while iterating) for an entry that cannot be read, data cut short or
 *   corrupt, more or fewer bytes than stated, or a CRC-32 that differs
 */
export async function* zipEntryBytes(file: RandomAccess, entry: ZipEntry): AsyncGenerator<Uint8Array> {
  const refused = unreadableEntry(entry)
  if (refused !== undefined) throw new ZipError(`${entry.name}: ${refused}`, entry.directoryOffset)
  installNativeCrc32()
  const start = await dataStart(file, entry)
  // Data past the archive's end was cut off: what is there is read, then the cut is reported.
  const available = Math.max(0, Math.min(entry.compressedSize, file.size - start))
  const cut = available < entry.compressedSize
  // A salvaged entry of unknown size runs to the archive's end: a deflate stream that ends
  // early there was cut too.
  const mayBeCut = cut || (entry.unchecked === true && start + entry.compressedSize >= file.size)
  const raw = stored(file, start, available)
  const pieces = entry.method === 0 ? raw : inflated(raw, entry, start)
  const limit = entry.unchecked === true ? MAX_ENTRY_BYTES : entry.size
  let total = 0
  let crc = 0
  const cutShort = () =>
    new ZipError(`${entry.name}'s data (${entry.compressedSize} bytes from ${start}) runs past the end of the archive (${file.size} bytes): it was cut short after ${total} bytes of the entry`, start)
  try {
    for await (const piece of pieces) {
      if (total + piece.length > limit) throw new ZipError(`${entry.name} inflates past its stated size of ${limit} bytes`, start)
      crc = crc32(piece, 0, piece.length, crc)
      total += piece.length
      yield piece
    }
  } catch (error) {
    // A deflate stream cut off ends early: that is the cut, not corrupt data.
    if (mayBeCut && error instanceof ZipError && /deflate data is corrupt/.test(error.message)) throw cutShort()
    throw error
  }
  if (cut) throw cutShort()
  if (entry.unchecked === true) return
  if (total !== entry.size) throw new ZipError(`${entry.name} ends after ${total} of its stated ${entry.size} bytes`, start)
  if (crc !== entry.crc32) {
    throw new ZipError(`${entry.name}'s CRC-32 is ${hex(crc)} where the archive states ${hex(entry.crc32)}: the entry is damaged`, start)
  }
}

const hex = (n: number): string => `0x${n.toString(16).padStart(8, '0')}`
