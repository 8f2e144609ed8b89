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
  /**
   * Start offset of each value at `offsets[base + i]`; `offsets[base + count]` is the end of the
   * last one. The array is shared with other instances of the file (FileContext.offsets).
   */
  readonly offsets: Int32Array
  readonly base: number
  /**
   * Parsed BinXml (0x21) values, filled when the instance is read: Windows' templates have at
   * most one (the EventData or UserData payload), kept in two fields; any others go in a map.
   */
  private nestedIndex = -1
  private nestedFirst: Fragment | undefined = undefined
  private nestedMore: Map<number, Fragment> | undefined = undefined
  /** Codepage for AnsiString values. */
  readonly codepage: string
  /** Array item boundaries, computed on first use. */
  private items: Map<number, Int32Array> | undefined = undefined

  /** Most items an array value may have (limits.maxArrayItems). */
  readonly maxArrayItems: number

  constructor(bytes: Uint8Array, view: DataView, count: number, descAt: number, offsets: Int32Array, base: number, codepage: string, maxArrayItems = 65536) {
    this.bytes = bytes
    this.maxArrayItems = maxArrayItems
    this.view = view
    this.count = count
    this.descAt = descAt
    this.offsets = offsets
    this.base = base
    this.codepage = codepage
  }

  /** The value's type from its descriptor; a missing value reads as Null. */
  type(i: number): number {
    return i < this.count ? (this.bytes[this.descAt + 4 * i + 2] as number) : ValueType.Null
  }

  size(i: number): number {
    return i < this.count ? (this.offsets[this.base + i + 1] as number) - (this.offsets[this.base + i] as number) : 0
  }

  offset(i: number): number {
    return i <= this.count ? (this.offsets[this.base + i] as number) : 0
  }

  isNull(i: number): boolean {
    return i >= this.count || this.bytes[this.descAt + 4 * i + 2] === ValueType.Null
  }

  /** The parsed BinXml value at index `i`, if it is one. */
  nested(i: number): Fragment | undefined {
    if (i === this.nestedIndex) return this.nestedFirst
    return this.nestedMore?.get(i)
  }

  setNested(i: number, fragment: Fragment): void {
    if (this.nestedIndex < 0 || this.nestedIndex === i) {
      this.nestedIndex = i
      this.nestedFirst = fragment
    } else (this.nestedMore ??= new Map()).set(i, fragment)
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
