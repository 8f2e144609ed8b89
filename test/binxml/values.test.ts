import { describe, expect, it } from 'vitest'
import type { Diagnostic } from '../../src/diagnostics.js'
import { renderJson } from '../../src/render/json.js'
import { renderXml } from '../../src/render/xml.js'
import { v, type Value } from '../helpers/chunk-builder.js'
import { dataXml, oneValueRecord } from '../helpers/one-value.js'

const le = (n: number | bigint, bytes: number): number[] => Array.from({ length: bytes }, (_, i) => Number((BigInt.asUintN(64, BigInt(n)) >> BigInt(8 * i)) & 0xffn))
const f32 = (x: number): number[] => Array.from(new Uint8Array(new Float32Array([x]).buffer))
const f64 = (x: number): number[] => Array.from(new Uint8Array(new Float64Array([x]).buffer))
const utf16 = (s: string): number[] => Array.from(v.str(s).bytes)

function render(val: Value, opts = {}): string {
  return dataXml(renderXml(oneValueRecord([val], opts)))
}

describe('value rendering (Windows forms)', () => {
  const cases: Array<[string, Value, string]> = [
    ['String', v.str('Advapi  '), "<Data Name='v'>Advapi  </Data>"],
    ['String stops at the first NUL', v.raw(0x01, utf16('ab\0cd')), "<Data Name='v'>ab</Data>"],
    ['String escapes & < > but not quotes', v.str(`a&b<c>"d'`), `<Data Name='v'>a&amp;b&lt;c&gt;"d'</Data>`],
    ['AnsiString (windows-1252)', v.raw(0x02, [0x80, 0x41, 0x00, 0x42]), "<Data Name='v'>€A</Data>"],
    ['AnsiString, ASCII, escaped, up to its NUL', v.raw(0x02, [...Buffer.from("a<b&'c>"), 0x00, 0x42]), "<Data Name='v'>a&lt;b&amp;'c&gt;</Data>"],
    ['AnsiString, ASCII longer than 256 bytes', v.raw(0x02, [...Buffer.from('x'.repeat(300))]), `<Data Name='v'>${'x'.repeat(300)}</Data>`],
    ['Int8', v.raw(0x03, [0xff]), "<Data Name='v'>-1</Data>"],
    ['UInt8', v.raw(0x04, [0xff]), "<Data Name='v'>255</Data>"],
    ['Int16', v.raw(0x05, le(-2, 2)), "<Data Name='v'>-2</Data>"],
    ['UInt16', v.raw(0x06, le(65535, 2)), "<Data Name='v'>65535</Data>"],
    ['Int32', v.raw(0x07, le(-1, 4)), "<Data Name='v'>-1</Data>"],
    ['UInt32', v.raw(0x08, le(4294967295, 4)), "<Data Name='v'>4294967295</Data>"],
    ['Int64', v.raw(0x09, le(-9007199254740993n, 8)), "<Data Name='v'>-9007199254740993</Data>"],
    ['Int64 2^53 + 1 (high word 0x200000)', v.raw(0x09, le(9007199254740993n, 8)), "<Data Name='v'>9007199254740993</Data>"],
    ['UInt64 beyond 2^53', v.raw(0x0a, Array(8).fill(0xff)), "<Data Name='v'>18446744073709551615</Data>"],
    ['Real32', v.raw(0x0b, f32(0.1)), "<Data Name='v'>0.1</Data>"],
    ['Real32 that needs 9 digits', v.raw(0x0b, le(0x41201f3e, 4)), "<Data Name='v'>10.0076275</Data>"],
    ['Real64', v.raw(0x0c, f64(76.09224584787898)), "<Data Name='v'>76.09224584787898</Data>"],
    ['Real64 zero', v.raw(0x0c, f64(0)), "<Data Name='v'>0</Data>"],
    ['Bool irregular non-zero is true', v.raw(0x0d, [0, 2, 0, 0]), "<Data Name='v'>true</Data>"],
    ['Bool zero', v.raw(0x0d, [0, 0, 0, 0]), "<Data Name='v'>false</Data>"],
    ['Binary uppercase hex', v.raw(0x0e, [0xd9, 0x06, 0, 0]), "<Data Name='v'>D9060000</Data>"],
    ['GUID cut short (15 bytes) as uppercase hex', v.raw(0x0f, Array.from({ length: 15 }, (_, i) => i + 1)), "<Data Name='v'>0102030405060708090A0B0C0D0E0F</Data>"],
    ['GUID braced lowercase', v.guid('{54849625-5478-4994-A5BA-3E3B0328C30D}'), "<Data Name='v'>{54849625-5478-4994-a5ba-3e3b0328c30d}</Data>"],
    ['SizeT 8 bytes', v.raw(0x10, le(0x244, 8)), "<Data Name='v'>0x244</Data>"],
    ['SizeT 4 bytes', v.raw(0x10, le(0x10, 4)), "<Data Name='v'>0x10</Data>"],
    ['FILETIME', v.filetime(131124751716816408n), "<Data Name='v'>2016-07-08T18:12:51.6816408Z</Data>"],
    ['SYSTEMTIME', v.raw(0x12, [...le(2019, 2), ...le(3, 2), ...le(5, 2), ...le(8, 2), ...le(23, 2), ...le(23, 2), ...le(5, 2), ...le(0, 2)]), "<Data Name='v'>2019-03-08T23:23:05.0000000Z</Data>"],
    ['SID', v.raw(0x13, [1, 1, 0, 0, 0, 0, 0, 5, ...le(18, 4)]), "<Data Name='v'>S-1-5-18</Data>"],
    ['HexInt32', v.raw(0x14, le(0x488fe7, 4)), "<Data Name='v'>0x488fe7</Data>"],
    ['HexInt64', v.raw(0x15, le(0, 4).concat(le(0x80200000, 4))), "<Data Name='v'>0x8020000000000000</Data>"],
    ['Null with a size under a normal substitution', v.null(4), "<Data Name='v'></Data>"],
  ]
  it.each(cases)('%s', (_label, val, expected) => {
    expect(render(val)).toBe(expected)
  })
})

describe('limits.maxArrayItems', () => {
  it('refuses an array value with more items than the limit, in every renderer, and renders it within the limit', () => {
    const five = v.raw(0x81, ['a', 'b', 'c', 'd', 'e'].flatMap((s) => [...utf16(s), 0, 0]))
    const items = "<Data Name='v'>a</Data><Data Name='v'>b</Data><Data Name='v'>c</Data><Data Name='v'>d</Data><Data Name='v'>e</Data>"
    expect(dataXml(renderXml(oneValueRecord([five], {}, [], { maxArrayItems: 5 })))).toBe(items)
    const over = oneValueRecord([five], {}, [], { maxArrayItems: 4 })
    expect(() => renderXml(over)).toThrowError(/array value 0 has 5 items, more than 4 \(limits.maxArrayItems\)/)
    expect(() => renderJson(over)).toThrowError(/limits.maxArrayItems/)
    expect(dataXml(renderXml(oneValueRecord([five])))).toBe(items)
  })
})

describe('arrays repeat the element that holds them', () => {
  it('string array with an empty item', () => {
    expect(render(v.raw(0x81, [...utf16('a'), 0, 0, 0, 0, ...utf16('b'), 0, 0]))).toBe("<Data Name='v'>a</Data><Data Name='v'></Data><Data Name='v'>b</Data>")
  })
  it('escapes markup in string array items', () => {
    expect(render(v.raw(0x81, [...utf16('a<b'), 0, 0, ...utf16("&'>"), 0, 0]))).toBe("<Data Name='v'>a&lt;b</Data><Data Name='v'>&amp;'&gt;</Data>")
  })
  it('drops a String array\'s odd trailing byte and keeps an ANSI array\'s unterminated last item', () => {
    expect(render(v.raw(0x81, [...utf16('a'), 0, 0, 0x62]))).toBe("<Data Name='v'>a</Data>")
    expect(render(v.raw(0x82, [0x61, 0x00, 0x62]))).toBe("<Data Name='v'>a</Data><Data Name='v'>b</Data>")
  })
  it('UInt16, GUID, SID and ANSI arrays', () => {
    expect(render(v.raw(0x86, [...le(1, 2), ...le(2, 2)]))).toBe("<Data Name='v'>1</Data><Data Name='v'>2</Data>")
    const g = [...v.guid('{00000000-0000-0000-0000-000000000001}').bytes, ...v.guid('{00000000-0000-0000-0000-000000000002}').bytes]
    expect(render(v.raw(0x8f, g))).toBe("<Data Name='v'>{00000000-0000-0000-0000-000000000001}</Data><Data Name='v'>{00000000-0000-0000-0000-000000000002}</Data>")
    const sid = (n: number) => [1, 1, 0, 0, 0, 0, 0, 5, ...le(n, 4)]
    expect(render(v.raw(0x93, [...sid(18), ...sid(19)]))).toBe("<Data Name='v'>S-1-5-18</Data><Data Name='v'>S-1-5-19</Data>")
    expect(render(v.raw(0x82, [0x61, 0, 0x62, 0]))).toBe("<Data Name='v'>a</Data><Data Name='v'>b</Data>")
  })
  it('reads array items only inside their value: a String array\'s odd NUL byte, SIDs of 8 bytes or cut short', () => {
    // The EOF token after the value is a zero byte: the odd byte and it are no NUL terminator.
    expect(render(v.raw(0x81, [...utf16('a'), 0, 0, 0]))).toBe("<Data Name='v'>a</Data>")
    const sid = (n: number) => [1, 1, 0, 0, 0, 0, 0, 5, ...le(n, 4)]
    expect(render(v.raw(0x93, [...sid(18), 1, 0, 0, 0, 0, 0, 0, 5]))).toBe("<Data Name='v'>S-1-5-18</Data><Data Name='v'>S-1-5</Data>")
    // The last SID claims two sub-authorities and holds one.
    expect(render(v.raw(0x93, [...sid(18), 1, 2, 0, 0, 0, 0, 0, 5, ...le(32, 4)]))).toBe("<Data Name='v'>S-1-5-18</Data><Data Name='v'>S-1-5-32</Data>")
  })
  it('a SizeT array whose size is not a multiple of 8 holds 4-byte items', () => {
    expect(render(v.raw(0x90, [...le(1, 4), ...le(2, 4), ...le(3, 4)]))).toBe("<Data Name='v'>0x1</Data><Data Name='v'>0x2</Data><Data Name='v'>0x3</Data>")
  })
  it('an empty array still gives one empty element', () => {
    expect(render(v.raw(0x88, []))).toBe("<Data Name='v'></Data>")
  })
  it('JSON keeps array items in order under the element name', () => {
    const r = oneValueRecord([v.raw(0x88, [...le(7, 4), ...le(8, 4)])])
    expect(renderJson(r)).toEqual({ Event: { EventData: { v: [7, 8] } } })
  })
  it('JSON keeps the sign of an Int32', () => {
    expect(renderJson(oneValueRecord([v.raw(0x07, le(-2, 4))]))).toEqual({ Event: { EventData: { v: -2 } } })
  })
})

describe('Null and dependency handling', () => {
  it('drops an element whose dependency value is Null', () => {
    expect(renderXml(oneValueRecord([v.null()], { depId: 0 }))).toBe('<Event><EventData></EventData></Event>')
    expect(renderXml(oneValueRecord([v.str('x')], { depId: 0 }))).toBe("<Event><EventData><Data Name='v'>x</Data></EventData></Event>")
  })
  it('renders nothing for an optional substitution with a Null value', () => {
    expect(render(v.null(), { optional: true })).toBe("<Data Name='v'></Data>")
  })
})

describe('types that are not decoded', () => {
  it.each([0x20, 0x23, 0x3f])('type 0x%s renders empty and is reported, not thrown', (type) => {
    const diagnostics: Diagnostic[] = []
    const r = oneValueRecord([v.raw(type, [1, 2, 3])], {}, diagnostics)
    expect(dataXml(renderXml(r))).toBe("<Data Name='v'></Data>")
    expect(diagnostics).toMatchObject([{ code: 'BINXML_UNSUPPORTED_VALUE_TYPE', severity: 'warning', location: { recordId: 1 } }])
  })
})
