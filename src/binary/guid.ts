/**
 * GUID decoding: Data1 (u32 LE), Data2 (u16 LE), Data3 (u16 LE), Data4 (8 bytes in order).
 * Windows renders GUID values as `{xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx}`, lowercase.
 */
import { byteHex } from './hex.js'

/** Formats the 16 bytes at `at` as a braced lowercase GUID. The caller checks the bounds. */
export function formatGuid(bytes: Uint8Array, at: number): string {
  const b = (i: number): string => byteHex(bytes[at + i] as number)
  return (
    `{${b(3)}${b(2)}${b(1)}${b(0)}-${b(5)}${b(4)}-${b(7)}${b(6)}-` +
    `${b(8)}${b(9)}-${b(10)}${b(11)}${b(12)}${b(13)}${b(14)}${b(15)}}`
  )
}

/** Writes a GUID string (braced or not, any case) into 16 bytes at `at`; returns false if malformed. */
export function encodeGuid(text: string, out: Uint8Array, at: number): boolean {
  const m = /^\{?([0-9a-f]{8})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{12})\}?$/i.exec(text)
  if (!m) return false
  const hex = (m[1] as string) + (m[2] as string) + (m[3] as string) + (m[4] as string) + (m[5] as string)
  const raw: number[] = []
  for (let i = 0; i < 32; i += 2) raw.push(Number.parseInt(hex.slice(i, i + 2), 16))
  const order = [3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15]
  for (let i = 0; i < 16; i++) out[at + i] = raw[order[i] as number] as number
  return true
}
