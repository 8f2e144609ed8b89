/**
 * Names in the chunk string table: where element, attribute and entity names live.
 *
 * A name field is a u32 chunk-relative offset. If it equals the position just after the field,
 * the name entry is defined inline there (`u32 next, u16 hash, u16 n, n UTF-16 units, u16 NUL`)
 * and the stream continues after it; otherwise it refers back to an entry defined earlier. Names
 * are cached by offset for the life of the chunk; the `next` links are never followed, so a
 * corrupt or cyclic string table cannot make reading loop.
 * Ref: ../shared/docs/evtx-format.md c.6.
 */
import type { ByteCursor } from '../binary/cursor.js'
import { decodeUtf16 } from '../binary/utf16.js'
import { EvtxError, EvtxErrorCode } from '../errors.js'
import { CHUNK_HEADER_SIZE } from '../evtx/constants.js'
import type { ChunkContext } from './context.js'

/** Size of a name entry without its characters: next (4) + hash (2) + count (2) + NUL (2). */
const NAME_OVERHEAD = 10

/** Reads a name reference at the cursor (and the inline definition that may follow it). */
export function readName(ctx: ChunkContext, cur: ByteCursor, what: string): string {
  const offset = cur.u32(what)
  if (offset !== cur.pos) {
    const name = nameAt(ctx, offset, what, cur.pos - 4)
    ctx.nameFields?.add(cur.pos - 4, name)
    return name
  }
  ctx.nameFields?.add(cur.pos - 4, undefined)
  const units = offset + 8 <= cur.end ? ctx.view.getUint16(offset + 6, true) : 0
  cur.need(NAME_OVERHEAD + 2 * units, what)
  const name = nameAt(ctx, offset, what, cur.pos - 4)
  cur.pos = offset + NAME_OVERHEAD + 2 * units
  return name
}

/**
 * The name whose entry is at chunk offset `offset` (decoded once per chunk). Errors are located
 * at `refAt`, the field that refers to the name.
 */
export function nameAt(ctx: ChunkContext, offset: number, what: string, refAt: number): string {
  const cached = ctx.names.get(offset)
  if (cached !== undefined) return cached
  const bytes = ctx.bytes
  if (offset < CHUNK_HEADER_SIZE || offset + 8 > bytes.length) {
    throw new EvtxError(
      EvtxErrorCode.BinXmlBadName,
      `${what}: name offset 0x${offset.toString(16)} is outside the chunk's record data (0x200..0x${bytes.length.toString(16)})`,
      ctx.location(refAt),
    )
  }
  const units = ctx.view.getUint16(offset + 6, true)
  if (units === 0) {
    // No XML name is empty: an entry of zeros, lost with the record that defined it (chunk-gaps.ts).
    throw new EvtxError(EvtxErrorCode.BinXmlBadName, `${what}: name at 0x${offset.toString(16)} is empty (0 characters: an entry lost to zeros with the record that defined it, or damaged)`, ctx.location(refAt))
  }
  if (offset + 8 + 2 * units > bytes.length) {
    throw new EvtxError(
      EvtxErrorCode.BinXmlBadName,
      `${what}: name at 0x${offset.toString(16)} has ${units} characters and runs past the chunk`,
      ctx.location(refAt),
    )
  }
  const name = decodeUtf16(bytes, offset + 8, units)
  if (ctx.verify && ctx.view.getUint16(offset + 4, true) !== nameHash(name)) {
    throw new EvtxError(EvtxErrorCode.BinXmlBadName, `${what}: the name entry at 0x${offset.toString(16)} does not carry its name's hash (overwritten since)`, ctx.location(refAt))
  }
  ctx.names.set(offset, name)
  return name
}

/** NameHash: low 16 bits of h = h * 65599 + code unit, over the name's UTF-16 code units. */
export function nameHash(name: string): number {
  let h = 0
  for (let i = 0; i < name.length; i++) h = (Math.imul(h, 65599) + name.charCodeAt(i)) >>> 0
  return h & 0xffff
}
