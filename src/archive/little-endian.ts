/**
 * Little-endian integers from a ZIP archive's bytes (every ZIP field is little-endian), for the
 * archive readers: unsigned 16- and 32-bit values at an offset.
 */

export const u16 = (b: Uint8Array, at: number): number => (b[at] as number) | ((b[at + 1] as number) << 8)

export const u32 = (b: Uint8Array, at: number): number => (u16(b, at) + u16(b, at + 2) * 0x10000) >>> 0
