/**
 * The substitution values of one template instance, read in place from the chunk.
 *
 * Layout (MS-EVEN6 TemplateInstanceData): `u32 count`, then `count` descriptors
 * `{u16 size, u8 type, u8 0}`, then the values back to back. Offsets are computed once from the
 * descriptor sizes (a value that decodes to fewer bytes than its size never shifts the next one),
 * and bytes are never copied: decoding happens only when a value is rendered or asked for.
 */
import type { Fragment } from './nodes.js'
import { ValueType } from './value-types.js'

export class ValueTable {
  readonly bytes: Uint8Array
  readonly view: DataView
  readonly count: number
  /** Offset of the first descriptor. */
  readonly descAt: number
  /** Start offset of each value; `offsets[count]` is the end of the last one. */
  readonly offsets: number[]
  /** Parsed BinXml (0x21) values by index, filled when the instance is read. */
  nested: (Fragment | undefined)[] | undefined = undefined
  /** Codepage for AnsiString values. */
  readonly codepage: string
  /** Array item boundaries, computed on first use. */
  private items: Map<number, Int32Array> | undefined = undefined

  constructor(bytes: Uint8Array, view: DataView, count: number, descAt: number, offsets: number[], codepage: string) {
    this.bytes = bytes
    this.view = view
    this.count = count
    this.descAt = descAt
    this.offsets = offsets
    this.codepage = codepage
  }

  /** The value's type from its descriptor; a missing value reads as Null. */
  type(i: number): number {
    return i < this.count ? (this.bytes[this.descAt + 4 * i + 2] as number) : ValueType.Null
  }

  size(i: number): number {
    return i < this.count ? (this.offsets[i + 1] as number) - (this.offsets[i] as number) : 0
  }

  offset(i: number): number {
    return this.offsets[i] as number
  }

  isNull(i: number): boolean {
    return i >= this.count || this.bytes[this.descAt + 4 * i + 2] === ValueType.Null
  }

  /** Cached array item boundaries ([start0, end0, start1, end1, …]) for value `i`. */
  cachedItems(i: number, compute: () => Int32Array): Int32Array {
    this.items ??= new Map()
    let v = this.items.get(i)
    if (v === undefined) {
      v = compute()
      this.items.set(i, v)
    }
    return v
  }
}
