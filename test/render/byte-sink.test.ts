import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { encodeUtf16 } from '../../src/binary/utf16.js'
import { ByteSink, Escape } from '../../src/render/byte-sink.js'
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
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), fc.constantFrom(Escape.None, Escape.Text, Escape.Attribute), (text, escape) => {
        const units = encodeUtf16(text)
        const s = new ByteSink(8)
        s.utf16(units, 0, text.length, false, escape)
        const plain = new TextDecoder('utf-16le').decode(units)
        const expected = escape === Escape.Text ? escapeText(plain) : escape === Escape.Attribute ? escapeAttribute(plain) : plain
        expect(decode(s)).toBe(expected)
      }),
      { seed: 6, numRuns: 500 },
    )
  })

  it('stops at a NUL when asked and grows as needed', () => {
    const s = new ByteSink(2)
    s.utf16(encodeUtf16('ab\0cd'), 0, 5, true, Escape.None)
    s.text('é<', Escape.Text)
    s.ascii('xyz')
    expect(decode(s)).toBe('abé&lt;xyz')
    expect(s.take()).toHaveLength(11)
    expect(s.pos).toBe(0)
  })
})
