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
})
