/**
 * Security identifier decoding: u8 revision, u8 sub-authority count n, a 6-byte BIG-endian
 * identifier authority, then n little-endian u32 sub-authorities.
 *
 * Rendered as `S-1-5-21-…`. An authority of 2^32 or more is written as 12 hex digits (`0x…`), as
 * ConvertSidToStringSid does. Sub-authority counts above the usual 15 are allowed (plaso #66); a
 * SID cut short by its value size renders the sub-authorities that are fully present.
 */

/** Formats the SID stored in `bytes[at, at + size)`. Returns `undefined` when fewer than 8 bytes. */
export function formatSid(bytes: Uint8Array, at: number, size: number): string | undefined {
  if (size < 8) return undefined
  const revision = bytes[at] as number
  const count = bytes[at + 1] as number
  let authority = 0
  for (let i = 2; i < 8; i++) authority = authority * 256 + (bytes[at + i] as number)
  let s: string
  if (authority < 0x1_0000_0000) s = `S-${revision}-${authority}`
  else {
    let hex = ''
    for (let i = 2; i < 8; i++) hex += (bytes[at + i] as number).toString(16).padStart(2, '0')
    s = `S-${revision}-0x${hex}`
  }
  const available = Math.min(count, Math.floor((size - 8) / 4))
  for (let i = 0; i < available; i++) {
    const p = at + 8 + i * 4
    const v =
      ((bytes[p] as number) | ((bytes[p + 1] as number) << 8) | ((bytes[p + 2] as number) << 16) | ((bytes[p + 3] as number) << 24)) >>> 0
    s += `-${v}`
  }
  return s
}

/** Byte length of the SID starting at `at` (8 + 4n), from its sub-authority count. */
export function sidLength(bytes: Uint8Array, at: number): number {
  return 8 + 4 * (bytes[at + 1] as number)
}
