/**
 * ValueTable on its own: what an index past the values reads as, and where the parsed BinXml
 * values of one instance are kept.
 */
import { describe, expect, it } from 'vitest'
import { TextNode } from '../../src/binxml/nodes.js'
import { ValueTable } from '../../src/binxml/value-table.js'
import { ValueType } from '../../src/binxml/value-types.js'

/** One Binary value of 4 bytes whose third byte is 0x0d (Bool), like a descriptor's type byte. */
function oneValue(): ValueTable {
  // count (not part of the table), a descriptor {size 4, Binary}, then the value.
  const bytes = Uint8Array.of(1, 0, 0, 0, 4, 0, ValueType.Binary, 0, 0, 0, ValueType.Bool, 0)
  const offsets = Int32Array.of(8, 12)
  return new ValueTable(bytes, new DataView(bytes.buffer), 1, 4, offsets, 0, 'windows-1252')
}

describe('ValueTable', () => {
  it('reads an index past its values as Null, whatever bytes follow the descriptors', () => {
    const vt = oneValue()
    expect(vt.type(0)).toBe(ValueType.Binary)
    expect(vt.size(0)).toBe(4)
    expect(vt.type(1)).toBe(ValueType.Null)
    expect(vt.size(1)).toBe(0)
    expect(vt.isNull(1)).toBe(true)
  })

  it('keeps every parsed BinXml value of an instance by its index', () => {
    const vt = oneValue()
    const [a, b, c] = [[new TextNode('a')], [new TextNode('b')], [new TextNode('c')]]
    vt.setNested(2, a)
    vt.setNested(0, b)
    vt.setNested(5, c)
    expect([vt.nested(2), vt.nested(0), vt.nested(5), vt.nested(1)]).toEqual([a, b, c, undefined])
    expect(vt.nested(0)).toBe(b)
  })
})
