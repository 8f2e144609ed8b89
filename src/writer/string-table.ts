/**
 * The chunk's common string table: 64 buckets of name entries chained by `next`, bucket =
 * NameHash mod 64. A name is written inline the first time a chunk uses it and referred to by
 * offset afterwards. Entry layout: `u32 next, u16 NameHash, u16 n, n UTF-16 units, u16 NUL`.
 * Ref: ../shared/docs/evtx-format.md c.6.
 */
import { nameHash } from '../binxml/names.js'
import { encodeUtf16 } from '../binary/utf16.js'
import type { ByteWriter } from './byte-writer.js'
import { ChainedTable } from './chained-table.js'

export const STRING_TABLE_BUCKETS = 64

export class StringTable extends ChainedTable {
  constructor() {
    super(STRING_TABLE_BUCKETS, (name) => nameHash(name) % STRING_TABLE_BUCKETS)
  }

  /** Writes a name field at the writer's position: a back-reference, or the offset plus the entry inline. */
  writeName(w: ByteWriter, name: string): void {
    const known = this.lookup(name)
    if (known !== undefined) {
      w.u32(known)
      return
    }
    const at = w.pos + 4
    w.u32(at)
    w.u32(0) // next: linked when the record is committed
    w.u16(nameHash(name))
    w.u16(name.length)
    w.bytes(encodeUtf16(name))
    w.u16(0)
    this.define(name, at)
  }
}
