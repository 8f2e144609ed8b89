import { describe, expect, it } from 'vitest'
import { decodeAnsi, resolveCodepage } from '../../src/binary/ansi.js'
import { decodeUtf16, encodeUtf16 } from '../../src/binary/utf16.js'

describe('UTF-16', () => {
  it('decodes at odd offsets, stops at NUL when asked, keeps trailing spaces', () => {
    const b = new Uint8Array([0xff, ...encodeUtf16('Advapi  \0rest')])
    expect(decodeUtf16(b, 1, 13)).toBe('Advapi  \0rest')
    expect(decodeUtf16(b, 1, 13, true)).toBe('Advapi  ')
  })

  it('turns unpaired surrogates into U+FFFD like TextDecoder, short and long', () => {
    const lone = Uint8Array.of(0x41, 0x00, 0x00, 0xd8, 0x42, 0x00)
    expect(decodeUtf16(lone, 0, 3)).toBe('A\ufffdB')
    const long = new Uint8Array([...encodeUtf16('x'.repeat(40)), 0x00, 0xdc])
    expect(decodeUtf16(long, 0, 41)).toBe(`${'x'.repeat(40)}\ufffd`)
    const pair = encodeUtf16('😀')
    expect(decodeUtf16(pair, 0, 2)).toBe('😀')
    // U+DFFF, the last surrogate, on the short path.
    expect(decodeUtf16(Uint8Array.of(0x41, 0x00, 0xff, 0xdf), 0, 2)).toBe('A\ufffd')
  })

  it('keeps a leading U+FEFF, short and long (TextDecoder would drop it)', () => {
    for (const s of ['\ufeffshort', `\ufeff${'x'.repeat(40)}`, '\ufeff\ud800']) {
      expect(decodeUtf16(encodeUtf16(s), 0, s.length).codePointAt(0)).toBe(0xfeff)
    }
  })
})

describe('ANSI', () => {
  it('decodes windows-1252 by default and other codepages on request, up to the first NUL', () => {
    const b = Uint8Array.of(0x80, 0x41, 0xe9, 0x00, 0x42)
    expect(decodeAnsi(b, 0, b.length, resolveCodepage(undefined))).toBe('€Aé')
    expect(decodeAnsi(Uint8Array.of(0xc0, 0xe0), 0, 2, resolveCodepage(1251))).toBe('Аа')
    expect(decodeAnsi(Uint8Array.of(0x82, 0xa0), 0, 2, resolveCodepage('cp932'))).toBe('あ')
  })

  it('never throws on invalid bytes and rejects unknown codepages with a TypeError', () => {
    expect(typeof decodeAnsi(Uint8Array.of(0x81, 0xff, 0xfe), 0, 3, resolveCodepage('cp932'))).toBe('string')
    expect(() => resolveCodepage('klingon')).toThrowError(TypeError)
  })

  it("takes 65001 as Windows' UTF-8 codepage", () => {
    expect(decodeAnsi(Uint8Array.of(0x41, 0xc3, 0xa9, 0xe2, 0x82, 0xac), 0, 6, resolveCodepage(65001))).toBe('Aé€')
    expect(decodeAnsi(Uint8Array.of(0xc3, 0xa9), 0, 2, resolveCodepage('65001'))).toBe('é')
  })

  it('refuses codepages that do not read ASCII as ASCII: their ASCII would be decoded wrongly without them', () => {
    for (const cp of ['utf-16', 'utf16le', 'ucs2', 'utf32', 'utf7', 'base64', 'hex']) expect(() => resolveCodepage(cp), cp).toThrowError(/not an ANSI codepage/)
    // Every codepage accepted decodes every ASCII byte as that character, the shortcut decodeAnsi takes.
    const ascii = Uint8Array.from({ length: 127 }, (_, i) => i + 1)
    for (const cp of [874, 932, 936, 949, 950, 1250, 1251, 1252, 1253, 1254, 1255, 1256, 1257, 1258, 65001, 437, 850, 'koi8-r', 'latin1']) {
      const name = resolveCodepage(cp)
      expect(decodeAnsi(ascii, 0, ascii.length, name), String(cp)).toBe(String.fromCharCode(...ascii))
      // Longer than the shortcut's 256 bytes, so iconv-lite decodes it.
      const long = new Uint8Array(600).fill(0x5c)
      expect(decodeAnsi(long, 0, long.length, name), String(cp)).toBe('\\'.repeat(600))
    }
  })
})
