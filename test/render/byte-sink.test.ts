import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { encodeUtf16 } from '../../src/binary/utf16.js'
import { ByteSink, Escape, PackedTexts } from '../../src/render/byte-sink.js'
import { escapeAttribute, escapeText } from '../../src/render/escape.js'

const decode = (s: ByteSink) => new TextDecoder().decode(s.view())

describe('ByteSink', () => {
  it('writes integers as digits', () => {
    fc.assert(
      fc.property(fc.nat({ max: Number.MAX_SAFE_INTEGER }), (v) => {
        const s = new ByteSink(4)
        s.uint(v)
        expect(decode(s)).toBe(String(v))
      }),
      { seed: 5, numRuns: 500 },
    )
  })

  it('transcodes UTF-16 to UTF-8 exactly as TextDecoder then TextEncoder would, escaping as asked', () => {
    // Mostly ASCII with markup and NULs in places (the four-unit path and where it stops), or
    // any code units; at any byte offset.
    const unit = fc.oneof({ arbitrary: fc.constantFrom('a', 'Z', '0', ' ', '&', '<', '>', "'", '"', '\0', '\x7f', '\x80', 'é', 'ÿ', 'Ā'), weight: 1 }, { arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 }), weight: 6 }, { arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }), weight: 2 })
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 60 }), fc.constantFrom(Escape.None, Escape.Text, Escape.Attribute), fc.nat(3), (text, escape, at) => {
        // Around the text, plain ASCII units ('A') at its alignment: a read past its end would
        // copy them, not stop at them.
        const units = new Uint8Array(at + 2 * text.length + 8).map((_, i) => ((i - at) % 2 === 0 ? 0x41 : 0))
        units.set(encodeUtf16(text), at)
        const s = new ByteSink(8)
        s.utf16(units, new DataView(units.buffer), at, text.length, false, escape)
        const plain = new TextDecoder('utf-16le').decode(units.subarray(at, at + 2 * text.length))
        const expected = escape === Escape.Text ? escapeText(plain) : escape === Escape.Attribute ? escapeAttribute(plain) : plain
        expect(decode(s)).toBe(expected)
      }),
      { seed: 6, numRuns: 500 },
    )
  })

  it('escapes JSON exactly as JSON.stringify does: from UTF-16 up to a NUL, from ASCII bytes, and from any string', () => {
    const unit = fc.oneof(
      { arbitrary: fc.constantFrom('"', '\\', '\b', '\t', '\n', '\f', '\r', '\x01', '\x1f', '/', '&', '<', '\x7f', 'é', '\u2028', '\ud800', '\udc00', '\0'), weight: 2 },
      { arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 }), weight: 6 },
      { arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }), weight: 2 },
    )
    const inside = (s: string) => JSON.stringify(s).slice(1, -1)
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 60 }), fc.nat(3), (text, at) => {
        const units = new Uint8Array(at + 2 * text.length + 8).map((_, i) => ((i - at) % 2 === 0 ? 0x41 : 0))
        units.set(encodeUtf16(text), at)
        const s = new ByteSink(8)
        s.utf16(units, new DataView(units.buffer), at, text.length, true, Escape.Json)
        const nul = text.indexOf('\0')
        const upToNul = units.subarray(at, at + 2 * (nul < 0 ? text.length : nul))
        // Unpaired surrogates become U+FFFD on the way, as the decoder makes them.
        expect(decode(s)).toBe(inside(new TextDecoder('utf-16le', { ignoreBOM: true }).decode(upToNul)))
        // Without stopping at a NUL, a NUL is escaped too.
        const whole = new ByteSink(8)
        whole.utf16(units, new DataView(units.buffer), at, text.length, false, Escape.Json)
        expect(decode(whole)).toBe(inside(new TextDecoder('utf-16le', { ignoreBOM: true }).decode(units.subarray(at, at + 2 * text.length))))
        const j = new ByteSink(4)
        j.jsonText(text)
        expect(decode(j)).toBe(inside(text))
        // The bytes are valid UTF-8 even for unpaired surrogates, which are escaped.
        expect(Buffer.from(decode(j)).equals(Buffer.from(j.view()))).toBe(true)
        const ascii = Uint8Array.from(text, (c) => c.charCodeAt(0) & 0x7f)
        const a = new ByteSink(4)
        expect(a.asciiBytes(ascii, 0, ascii.length, Escape.Json)).toBe(true)
        const anul = ascii.indexOf(0)
        expect(decode(a)).toBe(inside(String.fromCharCode(...ascii.subarray(0, anul < 0 ? ascii.length : anul))))
      }),
      { seed: 8, numRuns: 500 },
    )
  })

  it('stops at a NUL when asked and grows as needed', () => {
    const s = new ByteSink(2)
    const units = encodeUtf16('abcdefgh\0ij')
    s.utf16(units, new DataView(units.buffer, units.byteOffset), 0, 11, true, Escape.None)
    s.text('é<', Escape.Text)
    s.ascii('xyz')
    expect(decode(s)).toBe('abcdefghé&lt;xyz')
    const next = new Uint8Array(4)
    expect(s.swap(next)).toHaveLength(17)
    expect(s.pos).toBe(0)
    s.ascii('ok')
    expect(s.buf).toBe(next)
    expect(decode(s)).toBe('ok')
  })

  it('copies ASCII bytes up to a NUL, escaped as asked, and writes nothing for a non-ASCII byte', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }), fc.constantFrom(Escape.None, Escape.Text, Escape.Attribute), (bytes, escape) => {
        const s = new ByteSink(4)
        s.ascii('>')
        const nul = bytes.indexOf(0)
        const value = bytes.subarray(0, nul < 0 ? bytes.length : nul)
        const ok = s.asciiBytes(bytes, 0, bytes.length, escape)
        expect(ok).toBe(value.every((b) => b < 0x80))
        const plain = String.fromCharCode(...value)
        const expected = escape === Escape.Text ? escapeText(plain) : escape === Escape.Attribute ? escapeAttribute(plain) : plain
        expect(decode(s)).toBe(ok ? `>${expected}` : '>')
      }),
      { seed: 7, numRuns: 500 },
    )
  })

  it('copies packed pieces exactly, in any order, into a buffer that starts inside another', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 70 }), { minLength: 1, maxLength: 12 }), fc.array(fc.nat(), { maxLength: 40 }), (pieces, picks) => {
        const texts = new PackedTexts(pieces)
        const s = new ByteSink(1)
        // A view that does not start at its buffer's start, as the worker's shared buffers may be.
        s.use(new Uint8Array(new ArrayBuffer(64), 5, 7))
        const expected: number[] = []
        for (const pick of picks) {
          const k = pick % pieces.length
          s.packed(texts, k)
          expected.push(...(pieces[k] as Uint8Array))
          // Whatever the word copy wrote past the piece is overwritten by the next write.
          s.byte(0x2e)
          expected.push(0x2e)
        }
        expect([...s.view()]).toEqual(expected)
      }),
      { seed: 8, numRuns: 300 },
    )
  })

  it('packs strings as their UTF-8 pieces, surrogates at piece boundaries included', () => {
    const unit = fc.constantFrom('a', '<', 'é', '€', '\ud83d', '\ude00', '😀', '\0')
    fc.assert(
      fc.property(fc.array(fc.string({ unit, maxLength: 6 }), { maxLength: 8 }), (pieces) => {
        const packed = PackedTexts.fromStrings(pieces)
        const reference = new PackedTexts(pieces.map((x) => new TextEncoder().encode(x)))
        expect([...packed.starts]).toEqual([...reference.starts])
        const end = reference.starts[pieces.length] as number
        expect(Buffer.from(packed.bytes.subarray(0, end)).equals(Buffer.from(reference.bytes.subarray(0, end)))).toBe(true)
      }),
      { seed: 9, numRuns: 500 },
    )
  })

  it('does not pair a lead surrogate ending a UTF-16 value with a trail surrogate after it', () => {
    // 'a', U+D83D as the value's last unit, then U+DE00 just past its end (the next value's data).
    const units = Uint8Array.of(0x61, 0x00, 0x3d, 0xd8, 0x00, 0xde)
    for (const escape of [Escape.None, Escape.Text, Escape.Json]) {
      const s = new ByteSink(4)
      s.utf16(units, new DataView(units.buffer), 0, 2, false, escape)
      expect([...s.view()]).toEqual([0x61, 0xef, 0xbf, 0xbd])
    }
  })

  it('packs pieces holding the first two- and three-byte UTF-8 characters at their byte lengths', () => {
    const packed = PackedTexts.fromStrings(['\u007f', '\u0080', '\u07ff', '\u0800', 'x'])
    expect([...packed.starts]).toEqual([0, 1, 3, 5, 8, 9])
    expect([...packed.bytes.subarray(0, 9)]).toEqual([0x7f, 0xc2, 0x80, 0xdf, 0xbf, 0xe0, 0xa0, 0x80, 0x78])
  })

  it('escapes quotes in an attribute string even when it holds no other markup', () => {
    for (const [text, escape, expected] of [
      [`it's "x"`, Escape.Attribute, 'it&apos;s &quot;x&quot;'],
      [`it's "x"`, Escape.Text, `it's "x"`],
      ['a>b', Escape.Attribute, 'a&gt;b'],
    ] as const) {
      const s = new ByteSink(4)
      s.text(text, escape)
      expect(decode(s)).toBe(expected)
    }
  })

  it('makes room for three UTF-8 bytes per code unit when it writes a string near the end of its buffer', () => {
    const s = new ByteSink(1 << 16)
    s.ascii('.'.repeat((1 << 16) - 6))
    s.text('€€€', Escape.None)
    expect(s.pos).toBe((1 << 16) + 3)
    expect(decode(s).slice(-4)).toBe('.€€€')
  })

  it('grows from an empty buffer (the worker thread starts its sink with one and parks it on one)', () => {
    const s = new ByteSink(0)
    s.ascii('ab')
    s.use(new Uint8Array(0))
    s.pos = 0
    s.text('é', Escape.None)
    expect(decode(s)).toBe('é')
  })

  it('copies NaN bit patterns exactly, in the interpreter and once optimized', () => {
    // Pieces are copied as float64 words (from the piece's start, 8 bytes at a time): every NaN
    // class (signalling and quiet, either sign, any payload) must come through bit for bit, at any
    // alignment of the piece in the sink.
    const nans = [0x7ff0000000000001n, 0x7ff4000000000000n, 0x7ff7ffffffffffffn, 0xfff0000000000001n, 0x7ff8000000000001n, 0xfff8dead0000beefn, 0x7fffffffffffffffn]
    const piece = new Uint8Array(8 * nans.length + 3)
    const view = new DataView(piece.buffer)
    nans.forEach((bits, i) => view.setBigUint64(8 * i, bits, true))
    const texts = new PackedTexts([piece])
    const s = new ByteSink(1 << 12)
    const expected = [...piece]
    // Enough rounds for V8 to optimize the copy loop (checked with --trace-opt: it is before round 500).
    for (let round = 0; round < 20_000; round++) {
      s.reset()
      for (let pad = 0; pad < round % 8; pad++) s.byte(0x20)
      s.packed(texts, 0)
      const out = s.view().subarray(round % 8)
      if (round % 1000 === 0 || round >= 19_992) expect([...out]).toEqual(expected)
    }
  })
})
