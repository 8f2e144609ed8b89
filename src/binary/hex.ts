/**
 * Hex formatting helpers with precomputed byte tables (no per-byte toString calls).
 * Binary values render as uppercase hex without separators, GUIDs as lowercase.
 */
const UPPER: string[] = []
const LOWER: string[] = []
for (let i = 0; i < 256; i++) {
  const h = i.toString(16).padStart(2, '0')
  LOWER.push(h)
  UPPER.push(h.toUpperCase())
}

/** Uppercase hex of `bytes[start, end)`, no separators (Windows' rendering of Binary). */
export function hexUpper(bytes: Uint8Array, start = 0, end = bytes.length): string {
  let s = ''
  for (let i = start; i < end; i++) s += UPPER[bytes[i] as number]
  return s
}

/** Lowercase hex of `bytes[start, end)`. */
export function hexLower(bytes: Uint8Array, start = 0, end = bytes.length): string {
  let s = ''
  for (let i = start; i < end; i++) s += LOWER[bytes[i] as number]
  return s
}

/** Two lowercase hex digits of one byte. */
export function byteHex(b: number): string {
  return LOWER[b & 0xff] as string
}

/** Lowercase hex of an unsigned 32-bit value, padded to 8 digits, no `0x` (for messages). */
export function hex8(v: number): string {
  return (v >>> 0).toString(16).padStart(8, '0')
}

/** `0x` + lowercase hex of an unsigned 32-bit value, no padding (HexInt32 rendering). */
export function hex32(v: number): string {
  return `0x${(v >>> 0).toString(16)}`
}

// Keywords repeat from record to record: remember the last one.
let lastLo = -1
let lastHi = -1
let lastHex = ''

/** `0x` + lowercase hex of an unsigned 64-bit value given as two 32-bit halves, no padding. */
export function hex64(lo: number, hi: number): string {
  if (lo === lastLo && hi === lastHi) return lastHex
  lastLo = lo
  lastHi = hi
  lastHex = hi === 0 ? `0x${(lo >>> 0).toString(16)}` : `0x${(hi >>> 0).toString(16)}${(lo >>> 0).toString(16).padStart(8, '0')}`
  return lastHex
}
