/**
 * The BinXML encoder, checked byte by byte where the reader does not look: element and attribute
 * list sizes, the 0x40 "more" bits on attributes and text-like tokens, the default fragment
 * header, and the checks that refuse what a u16 length, size, code, index or dependency id cannot hold.
 */
import { describe, expect, it } from 'vitest'
import { ByteWriter } from '../../src/writer/byte-writer.js'
import { encodeDocument, encodeTemplateInstance } from '../../src/writer/binxml-encoder.js'
import { StringTable } from '../../src/writer/string-table.js'
import { TemplateTable } from '../../src/writer/template-table.js'
import { attr, el, instance, sub, text, type BinXmlDocument, type ElementSpec, type TemplateInstance, val } from '../../src/writer/index.js'

/** Chunk offsets of names the tables already hold, so every name is a 4-byte back-reference. */
const NAMES: Record<string, number> = { A: 0x1000, x: 0x1010, y: 0x1020, B: 0x1030 }

function tables(): { names: StringTable; templates: TemplateTable } {
  const names = new StringTable()
  for (const [name, at] of Object.entries(NAMES)) names.define(name, at)
  return { names, templates: new TemplateTable(() => 0) }
}

function encode(doc: BinXmlDocument): number[] {
  const w = new ByteWriter(0x200)
  encodeDocument(tables(), w, doc)
  return [...w.result()]
}

function encodeInstance(inst: TemplateInstance): void {
  encodeTemplateInstance(tables(), new ByteWriter(0x200), inst)
}

const ref = (name: string): number[] => [...new Uint8Array(Uint32Array.of(NAMES[name] as number).buffer)]
const u32 = (n: number): number[] => [n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, n >>> 24]
/** A Value token of type String holding one ASCII character. */
const value1 = (c: string, token = 0x05): number[] => [token, 0x01, 0x01, 0x00, c.charCodeAt(0), 0x00]

describe('encodeDocument', () => {
  it("writes <A x='1' y='2'>t</A> with Windows' sizes and attribute tokens", () => {
    const attrs = [0x46, ...ref('x'), ...value1('1'), 0x06, ...ref('y'), ...value1('2')]
    expect(attrs.length).toBe(22)
    const body = [...ref('A'), ...u32(22), ...attrs, 0x02, ...value1('t'), 0x04]
    expect(body.length).toBe(38)
    expect(encode({ fragmentHeader: false, nodes: [el('A', [attr('x', '1'), attr('y', '2')], [text('t')])] })).toEqual([0x41, ...u32(38), ...body, 0x00])
  })

  it('sets the more bit on a text-like token only when a text-like sibling follows it', () => {
    const children = [text('a'), { kind: 'charref', code: 0x41 } as const, { kind: 'entityref', name: 'B' } as const, text('b'), el('B')]
    const body = [...ref('A'), 0x02, ...value1('a', 0x45), 0x48, 0x41, 0x00, 0x49, ...ref('B'), ...value1('b'), 0x01, ...u32(5), ...ref('B'), 0x03, 0x04]
    expect(encode({ fragmentHeader: false, nodes: [el('A', [], children)] })).toEqual([0x01, ...u32(body.length), ...body, 0x00])
  })

  it('writes the fragment header unless told not to', () => {
    expect(encode({ nodes: [] })).toEqual([0x0f, 0x01, 0x01, 0x00, 0x00])
    expect(encode({ fragmentHeader: true, nodes: [] })).toEqual([0x0f, 0x01, 0x01, 0x00, 0x00])
    expect(encode({ fragmentHeader: false, nodes: [] })).toEqual([0x00])
  })

  it('refuses an element marked empty that has children', () => {
    expect(() => encode({ nodes: [{ kind: 'element', name: 'A', empty: true, children: [text('t')] }] })).toThrowError(
      new TypeError('element <A> is marked empty but has children'),
    )
  })

  it('takes text of 65535 UTF-16 units and refuses 65536, which a u16 length cannot hold', () => {
    const longest = encode({ fragmentHeader: false, nodes: [el('A', [], [text('x'.repeat(0xffff))])] })
    expect(longest.slice(9, 14)).toEqual([0x02, 0x05, 0x01, 0xff, 0xff])
    expect(longest.length).toBe(1 + 4 + 4 + 1 + 4 + 2 * 0xffff + 1 + 1)
    expect(() => encode({ nodes: [el('A', [], [text('x'.repeat(0x10000))])] })).toThrowError(new RangeError('text of 65536 UTF-16 units does not fit a u16 length'))
  })
})

describe('encodeTemplateInstance', () => {
  const template = { guid: '{00000000-0000-0000-0000-000000000001}', body: [el('A', [], [sub(0, 0x0e)])] }

  it('refuses character codes, substitution indexes and types, and dependency ids their u16 or byte cannot hold', () => {
    expect(() => encode({ nodes: [el('A', [], [{ kind: 'charref', code: 0x1f600 }])] })).toThrowError(new RangeError('character reference 128512 does not fit in a u16 (0-65535)'))
    const def = (body: ElementSpec) => instance({ guid: '{00000000-0000-0000-0000-000000000002}', body: [body] }, [])
    expect(() => encodeInstance(def(el('A', [], [sub(0x10000, 0x01)])))).toThrowError(new RangeError('substitution index 65536 does not fit in a u16 (0-65535)'))
    expect(() => encodeInstance(def(el('A', [], [sub(0, 0x101)])))).toThrowError(new RangeError('substitution %0: type 257 does not fit in a byte'))
    expect(() => encodeInstance(def(el('A', [], [], { depId: 0x10000 })))).toThrowError(new RangeError('element <A>: dependency id 65536 does not fit in a u16 (0-65535)'))
    expect(() => encodeInstance(def(el('A', [], [sub(0xffff, 0xff)], { depId: 0xfffe })))).not.toThrow()
  })

  it('refuses a second definition under a GUID the chunk already holds for another tree, and takes an equal one', () => {
    const t = tables()
    const w = new ByteWriter(0x200)
    const guid = '{00000000-0000-0000-0000-000000000003}'
    encodeTemplateInstance(t, w, instance({ guid, body: [el('A', [], [sub(0, 0x01)])] }, [val.string('a')]))
    expect(() => encodeTemplateInstance(t, w, instance({ guid: guid.toUpperCase(), body: [el('A', [], [sub(0, 0x01)])] }, [val.string('b')]))).not.toThrow()
    expect(() => encodeTemplateInstance(t, w, instance({ guid, body: [el('B', [], [sub(0, 0x01)])] }, [val.string('c')]))).toThrowError(
      new TypeError('template GUID {00000000-0000-0000-0000-000000000003} is given to two different definitions'),
    )
  })

  it('takes a value of 65535 bytes and refuses one of 65536, which a u16 size cannot hold', () => {
    expect(() => encodeInstance(instance(template, [val.binary(new Uint8Array(0xffff))]))).not.toThrow()
    expect(() => encodeInstance(instance(template, [val.binary(new Uint8Array(0x10000))]))).toThrowError(
      new RangeError('value 0 is 65536 bytes; a value holds at most 65535'),
    )
  })
})
