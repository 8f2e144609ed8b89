/**
 * Decoding substitution values: to Windows' text rendering, and to typed JavaScript values.
 *
 * Rendering rules (verified against Windows' own XML, see ../shared/evtx-corpus/README.md):
 * integers in decimal; HexInt32/64 and SizeT as `0x` + lowercase hex; Binary as uppercase hex;
 * GUID braced lowercase; FILETIME/SYSTEMTIME with 7 fractional digits; Bool `true`/`false` with
 * any non-zero value true; String and AnsiString up to the first NUL; reals like Number#toString
 * (shortest round trip; Real32 uses the shortest decimal that reads back as the same float32).
 * Arrays (0x80 | type) are rendered item by item by the caller; `item` selects one.
 */
import { decodeAnsi } from '../binary/ansi.js'
import { formatFiletime, formatSystemtime } from '../binary/filetime.js'
import { formatGuid } from '../binary/guid.js'
import { hex32, hex64, hexUpper } from '../binary/hex.js'
import { formatSid, sidLength } from '../binary/sid.js'
import { decodeUtf16 } from '../binary/utf16.js'
import { EvtxError, EvtxErrorCode } from '../errors.js'
import type { ValueTable } from './value-table.js'
import { ARRAY_BIT, fixedWidth, ValueType } from './value-types.js'

/** Number of items of array value `i` (1 for a scalar). An empty array has 0 items. */
export function itemCount(vt: ValueTable, i: number): number {
  const type = vt.type(i)
  if (!(type & ARRAY_BIT)) return 1
  return arrayItems(vt, i).length / 2
}

/** Item boundaries of an array value: [start0, end0, start1, end1, …] (absolute offsets). */
export function arrayItems(vt: ValueTable, i: number): Int32Array {
  return vt.cachedItems(i, () => computeItems(vt, i))
}

function computeItems(vt: ValueTable, i: number): Int32Array {
  const base = vt.type(i) & ~ARRAY_BIT
  const start = vt.offset(i)
  const end = start + vt.size(i)
  const bytes = vt.bytes
  const out: number[] = []
  if (base === ValueType.String) {
    let s = start
    for (let p = start; p + 1 < end; p += 2) {
      if (bytes[p] === 0 && bytes[p + 1] === 0) {
        out.push(s, p)
        s = p + 2
      }
    }
    if (s + 1 < end) out.push(s, end - ((end - s) & 1))
  } else if (base === ValueType.AnsiString) {
    let s = start
    for (let p = start; p < end; p++) {
      if (bytes[p] === 0) {
        out.push(s, p)
        s = p + 1
      }
    }
    if (s < end) out.push(s, end)
  } else if (base === ValueType.Sid) {
    let p = start
    while (p + 8 <= end) {
      const len = Math.min(sidLength(bytes, p), end - p)
      out.push(p, p + len)
      p += len
    }
  } else if (base === ValueType.SizeT) {
    const w = (end - start) % 8 === 0 ? 8 : 4
    for (let p = start; p + w <= end; p += w) out.push(p, p + w)
  } else {
    const w = fixedWidth(base)
    if (w > 0) for (let p = start; p + w <= end; p += w) out.push(p, p + w)
    else if (end > start) out.push(start, end)
  }
  // Items are at least a byte each, so a value holds at most its size in items; a caller can ask
  // for fewer (each item can repeat an element of the template).
  if (out.length / 2 > vt.maxArrayItems) {
    throw new EvtxError(EvtxErrorCode.LimitExceeded, `array value ${i} has ${out.length / 2} items, more than ${vt.maxArrayItems} (limits.maxArrayItems)`)
  }
  return Int32Array.from(out)
}

/**
 * Windows' text for value `i` (item `item` of an array, or -1 for the whole scalar), unescaped.
 * BinXml values are not handled here: the renderers render them as markup.
 */
export function valueText(vt: ValueTable, i: number, item = -1): string {
  const type = vt.type(i)
  if (type === ValueType.Null) return ''
  if (type & ARRAY_BIT) {
    const items = arrayItems(vt, i)
    const k = item < 0 ? 0 : item
    if (2 * k + 1 >= items.length) return ''
    const s = items[2 * k] as number
    const e = items[2 * k + 1] as number
    return scalarText(vt, type & ~ARRAY_BIT, s, e - s)
  }
  const at = vt.offset(i)
  return scalarText(vt, type, at, vt.size(i))
}

/** Text of one scalar of `type` stored at `bytes[at, at + size)`. */
export function scalarText(vt: ValueTable, type: number, at: number, size: number): string {
  const view = vt.view
  switch (type) {
    case ValueType.String:
      return decodeUtf16(vt.bytes, at, size >>> 1, true)
    case ValueType.AnsiString:
      return decodeAnsi(vt.bytes, at, at + size, vt.codepage)
    case ValueType.Int8:
      return size >= 1 ? `${view.getInt8(at)}` : ''
    case ValueType.UInt8:
      return size >= 1 ? `${view.getUint8(at)}` : ''
    case ValueType.Int16:
      return size >= 2 ? `${view.getInt16(at, true)}` : ''
    case ValueType.UInt16:
      return size >= 2 ? `${view.getUint16(at, true)}` : ''
    case ValueType.Int32:
      return size >= 4 ? `${view.getInt32(at, true)}` : ''
    case ValueType.UInt32:
      return size >= 4 ? `${view.getUint32(at, true)}` : ''
    case ValueType.Int64:
      return size >= 8 ? int64Text(view, at) : ''
    case ValueType.UInt64:
      return size >= 8 ? uint64Text(view, at) : ''
    case ValueType.Real32:
      return size >= 4 ? real32Text(view.getFloat32(at, true)) : ''
    case ValueType.Real64:
      return size >= 8 ? realText(view.getFloat64(at, true)) : ''
    case ValueType.Bool:
      return boolValue(view, at, size) ? 'true' : 'false'
    case ValueType.Binary:
      return hexUpper(vt.bytes, at, at + size)
    case ValueType.Guid:
      return size >= 16 ? formatGuid(vt.bytes, at) : hexUpper(vt.bytes, at, at + size)
    case ValueType.SizeT:
      if (size >= 8) return hex64(view.getUint32(at, true), view.getUint32(at + 4, true))
      return size >= 4 ? hex32(view.getUint32(at, true)) : ''
    case ValueType.FileTime:
      return size >= 8 ? formatFiletime(view.getUint32(at, true), view.getUint32(at + 4, true)) : ''
    case ValueType.SystemTime:
      return size >= 16 ? formatSystemtime(view, at) : ''
    case ValueType.Sid:
      return formatSid(vt.bytes, at, size) ?? hexUpper(vt.bytes, at, at + size)
    case ValueType.HexInt32:
      return size >= 4 ? hex32(view.getUint32(at, true)) : ''
    case ValueType.HexInt64:
      return size >= 8 ? hex64(view.getUint32(at, true), view.getUint32(at + 4, true)) : ''
    default:
      // EvtHandle, EvtXml and unknown types were reported when the record was read.
      return ''
  }
}

function boolValue(view: DataView, at: number, size: number): boolean {
  for (let k = 0; k < size; k++) if (view.getUint8(at + k) !== 0) return true
  return false
}

function int64Text(view: DataView, at: number): string {
  const lo = view.getUint32(at, true)
  const hi = view.getInt32(at + 4, true)
  if (hi >= -0x20_0000 && hi < 0x20_0000) return `${hi * 0x1_0000_0000 + lo}`
  return view.getBigInt64(at, true).toString()
}

function uint64Text(view: DataView, at: number): string {
  const lo = view.getUint32(at, true)
  const hi = view.getUint32(at + 4, true)
  if (hi < 0x20_0000) return `${hi * 0x1_0000_0000 + lo}`
  return view.getBigUint64(at, true).toString()
}

/** Real64 rendering: `0` for zero, else JavaScript's shortest round-trip form. */
export function realText(v: number): string {
  if (v === 0) return '0'
  return `${v}`
}

/** Real32 rendering: the shortest decimal that reads back as the same float32. */
export function real32Text(v: number): string {
  if (v === 0) return '0'
  if (!Number.isFinite(v)) return `${v}`
  for (let p = 1; p <= 9; p++) {
    const candidate = Number(v.toPrecision(p))
    if (Math.fround(candidate) === v) return `${candidate}`
  }
  return `${v}`
}

/**
 * An 8-, 16- or 32-bit integer (Int8…UInt32) at `at`, or null when `size` is too short for its
 * type (docs/json.md rule 5).
 */
export function smallInteger(view: DataView, type: number, at: number, size: number): number | null {
  switch (type) {
    case ValueType.Int8:
      return size >= 1 ? view.getInt8(at) : null
    case ValueType.UInt8:
      return size >= 1 ? view.getUint8(at) : null
    case ValueType.Int16:
      return size >= 2 ? view.getInt16(at, true) : null
    case ValueType.UInt16:
      return size >= 2 ? view.getUint16(at, true) : null
    case ValueType.Int32:
      return size >= 4 ? view.getInt32(at, true) : null
    default:
      return size >= 4 ? view.getUint32(at, true) : null
  }
}

/** Typed value for JSON output and the event model (see docs/json.md for the mapping). */
export function valueJson(vt: ValueTable, i: number, item = -1): string | number | boolean | null {
  let type = vt.type(i)
  if (type === ValueType.Null) return null
  let at = vt.offset(i)
  let size = vt.size(i)
  if (type & ARRAY_BIT) {
    const items = arrayItems(vt, i)
    const k = item < 0 ? 0 : item
    if (2 * k + 1 >= items.length) return null
    at = items[2 * k] as number
    size = (items[2 * k + 1] as number) - at
    type &= ~ARRAY_BIT
  }
  const view = vt.view
  switch (type) {
    case ValueType.Int8:
    case ValueType.UInt8:
    case ValueType.Int16:
    case ValueType.UInt16:
    case ValueType.Int32:
    case ValueType.UInt32:
      return smallInteger(view, type, at, size)
    case ValueType.Real32:
    case ValueType.Real64: {
      const v = type === ValueType.Real32 ? (size >= 4 ? view.getFloat32(at, true) : Number.NaN) : size >= 8 ? view.getFloat64(at, true) : Number.NaN
      return Number.isFinite(v) ? Number(type === ValueType.Real32 ? real32Text(v) : v) : scalarText(vt, type, at, size)
    }
    case ValueType.Bool:
      return boolValue(view, at, size)
    default:
      return scalarText(vt, type, at, size)
  }
}
