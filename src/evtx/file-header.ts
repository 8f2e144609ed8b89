/**
 * The 128-byte file header, declared with binary-parser so the layout reads like the spec table.
 *
 * | off | size | field                                   |
 * |-----|------|-----------------------------------------|
 * | 0   | 8    | signature `ElfFile\0`                   |
 * | 8   | 8    | first (oldest) chunk number             |
 * | 16  | 8    | last (current) chunk number             |
 * | 24  | 8    | next record identifier                  |
 * | 32  | 4    | header size (128)                       |
 * | 36  | 2    | minor version (1, or 2 on Win10 2004+)  |
 * | 38  | 2    | major version (3)                       |
 * | 40  | 2    | header block size (4096)                |
 * | 42  | 2    | number of chunks (u16: overflows > 4 GiB)|
 * | 44  | 76   | unknown                                 |
 * | 120 | 4    | file flags (0x1 dirty, 0x2 full, 0x4 no CRC) |
 * | 124 | 4    | CRC-32 of bytes [0, 120)                |
 *
 * Counts and ids here are stale in dirty files: the reader uses them only for diagnostics.
 */
import { Parser } from 'binary-parser'
import { crc32 } from '../binary/crc32.js'
import { EvtxError, EvtxErrorCode } from '../errors.js'
import { FILE_HEADER_SIZE, FILE_MAGIC, FileFlags, hasMagic, KNOWN_FILE_FLAGS } from './constants.js'
import { describeForeignFormat } from './foreign-formats.js'

const fileHeaderLayout = new Parser()
  .endianness('little')
  .buffer('signature', { length: 8 })
  .uint64('firstChunkNumber')
  .uint64('lastChunkNumber')
  .uint64('nextRecordId')
  .uint32('headerSize')
  .uint16('minorVersion')
  .uint16('majorVersion')
  .uint16('headerBlockSize')
  .uint16('chunkCount')
  .seek(76)
  .uint32('flags')
  .uint32('checksum')

interface RawFileHeader {
  signature: Uint8Array
  firstChunkNumber: bigint
  lastChunkNumber: bigint
  nextRecordId: bigint
  headerSize: number
  minorVersion: number
  majorVersion: number
  headerBlockSize: number
  chunkCount: number
  flags: number
  checksum: number
}

export interface EvtxFileHeader {
  readonly firstChunkNumber: bigint
  readonly lastChunkNumber: bigint
  readonly nextRecordId: bigint
  readonly headerSize: number
  readonly minorVersion: number
  readonly majorVersion: number
  readonly headerBlockSize: number
  /** Declared chunk count (u16). Never trusted for iteration. */
  readonly chunkCount: number
  /** Raw flags as stored, garbage bits included. */
  readonly rawFlags: number
  /** Flags masked to the known bits. */
  readonly flags: number
  readonly dirty: boolean
  readonly full: boolean
  readonly noCrc32: boolean
  readonly storedChecksum: number
  readonly computedChecksum: number
  /** False when the stored CRC differs (and the file does not declare "no CRC"). */
  readonly checksumValid: boolean
}

/**
 * Reads the file header from the first 128 bytes.
 * @throws {EvtxError} EVTX_FILE_TOO_SMALL, EVTX_FILE_BAD_MAGIC
 */
export function readFileHeader(bytes: Uint8Array): EvtxFileHeader {
  if (!(bytes instanceof Uint8Array)) throw new TypeError('readFileHeader expects a Uint8Array')
  if (bytes.length < FILE_HEADER_SIZE) {
    throw new EvtxError(
      EvtxErrorCode.FileTooSmall,
      `file header needs ${FILE_HEADER_SIZE} bytes, have ${bytes.length}`,
      { fileOffset: 0 },
    )
  }
  if (!hasMagic(bytes, 0, FILE_MAGIC)) {
    throw new EvtxError(
      EvtxErrorCode.FileBadMagic,
      `not an EVTX file: signature is ${describeMagic(bytes.subarray(0, 8))}, expected "ElfFile\\0"${foreignHint(bytes)}`,
      { fileOffset: 0 },
    )
  }
  const raw = fileHeaderLayout.parse(bytes.subarray(0, FILE_HEADER_SIZE)) as RawFileHeader
  const flags = raw.flags & KNOWN_FILE_FLAGS
  const noCrc32 = (flags & FileFlags.NoCrc32) !== 0
  const computedChecksum = crc32(bytes, 0, 120)
  return {
    firstChunkNumber: raw.firstChunkNumber,
    lastChunkNumber: raw.lastChunkNumber,
    nextRecordId: raw.nextRecordId,
    headerSize: raw.headerSize,
    minorVersion: raw.minorVersion,
    majorVersion: raw.majorVersion,
    headerBlockSize: raw.headerBlockSize,
    chunkCount: raw.chunkCount,
    rawFlags: raw.flags,
    flags,
    dirty: (flags & FileFlags.Dirty) !== 0,
    full: (flags & FileFlags.Full) !== 0,
    noCrc32,
    storedChecksum: raw.checksum,
    computedChecksum,
    checksumValid: noCrc32 || computedChecksum === raw.checksum,
  }
}

/** What the error for a bad signature adds when the bytes look like a known other format. */
function foreignHint(bytes: Uint8Array): string {
  const foreign = describeForeignFormat(bytes)
  return foreign === undefined ? '' : `; it looks like ${foreign}`
}

/** Printable form of a magic for error messages: ASCII where printable, else hex. */
export function describeMagic(bytes: Uint8Array): string {
  let printable = true
  for (const b of bytes) if (b !== 0 && (b < 0x20 || b > 0x7e)) printable = false
  // As the expected signature is written (`"ElfFile\0"`): one backslash before each 0.
  if (printable) return `"${String.fromCharCode(...bytes).replace(/\0/g, '\\0')}"`
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(' ')
}
