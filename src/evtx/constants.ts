/**
 * Fixed sizes, magics and flags of the EVTX container. See docs/format.md.
 * Ref: libyal "Windows XML Event Log (EVTX)" §2-§4; ../shared/docs/evtx-format.md c.1-c.4.
 */
export const FILE_HEADER_SIZE = 0x80
/** The file header block; also the offset of chunk 0. */
export const FILE_HEADER_BLOCK_SIZE = 0x1000
export const CHUNK_SIZE = 0x10000
export const CHUNK_HEADER_SIZE = 0x200
export const RECORD_HEADER_SIZE = 24
/** Smallest legal record: 24-byte header + 4-byte size copy. */
export const MIN_RECORD_SIZE = 28

/** `ElfFile\0` */
export const FILE_MAGIC = Uint8Array.of(0x45, 0x6c, 0x66, 0x46, 0x69, 0x6c, 0x65, 0x00)
/** `ElfChnk\0` */
export const CHUNK_MAGIC = Uint8Array.of(0x45, 0x6c, 0x66, 0x43, 0x68, 0x6e, 0x6b, 0x00)
/** `**\0\0` as a little-endian u32. */
export const RECORD_MAGIC = 0x00002a2a

export const FileFlags = {
  Dirty: 0x1,
  Full: 0x2,
  NoCrc32: 0x4,
} as const
/** Flags we know; others occur as garbage in real files and are masked away. */
export const KNOWN_FILE_FLAGS = 0x7

export const ChunkFlags = {
  /** Set in every chunk of real logs; not a corruption marker. */
  Dirty: 0x1,
  NoCrc32: 0x4,
} as const

/** True when `bytes[at, at + magic.length)` equals `magic`. */
export function hasMagic(bytes: Uint8Array, at: number, magic: Uint8Array): boolean {
  if (at + magic.length > bytes.length) return false
  for (let i = 0; i < magic.length; i++) if (bytes[at + i] !== magic[i]) return false
  return true
}

/** True when every byte of `bytes[start, end)` is zero. */
export function isAllZero(bytes: Uint8Array, start = 0, end = bytes.length): boolean {
  for (let i = start; i < end; i++) if (bytes[i] !== 0) return false
  return true
}
