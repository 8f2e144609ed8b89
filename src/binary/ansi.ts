/**
 * ANSI (codepage) strings: the only module that touches iconv-lite.
 *
 * Windows renders an AnsiString value up to its first NUL, decoded with the system codepage. The
 * default is windows-1252; callers can choose any codepage iconv-lite knows (874, 932, 936, 949,
 * 950, 1250-1258, …). Invalid bytes never abort a record: they decode to replacement characters.
 */
import iconv from 'iconv-lite'

export const DEFAULT_ANSI_CODEPAGE = 'windows-1252'

/** Normalises `1252`, `cp1252` or `windows-1252` to a name iconv-lite accepts; throws TypeError if unknown. */
export function resolveCodepage(codepage: string | number | undefined): string {
  if (codepage === undefined) return DEFAULT_ANSI_CODEPAGE
  let name = String(codepage).trim().toLowerCase()
  if (/^\d+$/.test(name)) name = Number(name) >= 1250 && Number(name) <= 1258 ? `windows-${name}` : `cp${name}`
  if (!iconv.encodingExists(name)) throw new TypeError(`unknown ANSI codepage: ${String(codepage)}`)
  return name
}

/** Decodes `bytes[start, end)` up to the first NUL with the given (resolved) codepage. */
export function decodeAnsi(bytes: Uint8Array, start: number, end: number, codepage: string): string {
  let stop = start
  while (stop < end && bytes[stop] !== 0) stop++
  if (stop === start) return ''
  const n = stop - start
  if (n <= 256) {
    // ASCII is the same in every ANSI codepage we accept: the bytes are the character codes.
    let ascii = true
    for (let i = start; i < stop && ascii; i++) ascii = (bytes[i] as number) < 0x80
    if (ascii) return String.fromCharCode.apply(null, bytes.subarray(start, stop) as unknown as number[])
  }
  return iconv.decode(bytes.subarray(start, stop) as Buffer, codepage)
}

/** Encodes text with a codepage (used by the writer). */
export function encodeAnsi(text: string, codepage: string): Uint8Array {
  return new Uint8Array(iconv.encode(text, codepage))
}
