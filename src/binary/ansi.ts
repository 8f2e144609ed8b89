/**
 * ANSI (codepage) strings: the only module that touches iconv-lite.
 *
 * Windows renders an AnsiString value up to its first NUL, decoded with the system codepage. The
 * default is windows-1252; callers can choose any ASCII-based codepage iconv-lite knows (874, 932,
 * 936, 949, 950, 1250-1258, 65001, …). Invalid bytes never abort a record: they decode to
 * replacement characters.
 */
import iconv from 'iconv-lite'

export const DEFAULT_ANSI_CODEPAGE = 'windows-1252'

/** Every ASCII code but NUL, for the check that a codepage reads ASCII as ASCII. */
const ASCII = Uint8Array.from({ length: 127 }, (_, i) => i + 1)
const ASCII_TEXT = String.fromCharCode(...ASCII)
const checked = new Map<string, boolean>()

/** Whether a codepage iconv-lite knows reads every ASCII byte as that character (cached). */
function readsAscii(name: string): boolean {
  let ok = checked.get(name)
  if (ok === undefined) {
    ok = iconv.decode(ASCII as Buffer, name) === ASCII_TEXT
    checked.set(name, ok)
  }
  return ok
}

/**
 * Normalises `1252`, `cp1252` or `windows-1252` (and `65001`, Windows' number for UTF-8) to a
 * name iconv-lite accepts. An ANSI codepage reads ASCII as ASCII, as every Windows ANSI codepage
 * does (874, 932, 936, 949, 950, 1250-1258, 65001); UTF-16, UTF-7, EBCDIC and the like are refused,
 * since an AnsiString ends at its first NUL byte and its ASCII is read without the codepage.
 * @throws {TypeError} for a codepage iconv-lite does not know, or one that is not ASCII-based
 */
export function resolveCodepage(codepage: string | number | undefined): string {
  if (codepage === undefined) return DEFAULT_ANSI_CODEPAGE
  let name = String(codepage).trim().toLowerCase()
  if (/^\d+$/.test(name)) name = name === '65001' ? 'utf8' : Number(name) >= 1250 && Number(name) <= 1258 ? `windows-${name}` : `cp${name}`
  if (!iconv.encodingExists(name)) throw new TypeError(`unknown ANSI codepage: ${String(codepage)} (examples: 1252, 1251, 932, windows-1250, 65001)`)
  if (!readsAscii(name)) throw new TypeError(`not an ANSI codepage: ${String(codepage)} (it does not read ASCII as ASCII; examples: 1252, 1251, 932, 65001)`)
  return name
}

/** Decodes `bytes[start, end)` up to the first NUL with the given (resolved) codepage. */
export function decodeAnsi(bytes: Uint8Array, start: number, end: number, codepage: string): string {
  let stop = start
  while (stop < end && bytes[stop] !== 0) stop++
  if (stop === start) return ''
  const n = stop - start
  if (n <= 256) {
    // ASCII is the same in every codepage resolveCodepage accepts: the bytes are the character codes.
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
