/**
 * Substitution values → the bytes Windows stores for them (everything except nested BinXml,
 * which the BinXML encoder writes in place because its names and templates are chunk-relative).
 *
 * Scalars are stored without terminators (a String is its UTF-16LE code units, no NUL). Arrays
 * are their items back to back; String and AnsiString items each end with a NUL. SIDs are
 * revision, count, 6-byte big-endian authority and little-endian sub-authorities.
 * Ref: ../shared/docs/evtx-format.md c.8.
 */
import { encodeAnsi } from '../binary/ansi.js'
import { parseIsoToTicks } from '../binary/filetime.js'
import { encodeGuid } from '../binary/guid.js'
import { encodeUtf16 } from '../binary/utf16.js'
import { ARRAY_BIT, ValueType } from '../binxml/value-types.js'
import type { BinXmlDocument, SystemTimeParts, ValueData, WriterValue } from './model.js'

const ANSI_CODEPAGE = 'windows-1252'

function fail(type: number, what: string): never {
  throw new TypeError(`value of type 0x${type.toString(16).padStart(2, '0')}: ${what}`)
}

function fixed(n: number, fill: (v: DataView) => void): Uint8Array {
  const out = new Uint8Array(n)
  fill(new DataView(out.buffer))
  return out
}

function asBigInt(type: number, d: ValueData): bigint {
  if (typeof d === 'bigint') return d
  if (typeof d === 'number' && Number.isInteger(d)) return BigInt(d)
  return fail(type, `expected an integer, got ${typeof d === 'number' ? d : typeof d}`)
}

/**
 * `d` as the unsigned `bits`-bit pattern stored for it. Any integer those bits hold is taken,
 * read as signed or unsigned (a negative HRESULT is a valid HexInt32, -1 a valid UInt64);
 * anything else throws rather than wrapping.
 */
function intBits(type: number, d: ValueData, bits: 8 | 16 | 32 | 64): bigint {
  const n = asBigInt(type, d)
  const width = BigInt(bits)
  if (n < -(1n << (width - 1n)) || n >= 1n << width) {
    throw new RangeError(`value of type 0x${type.toString(16).padStart(2, '0')}: ${n} does not fit in ${bits} bits`)
  }
  return BigInt.asUintN(bits, n)
}

/** An integer type's `size` little-endian bytes (see {@link intBits}). */
function fixedInt(type: number, d: ValueData, size: 1 | 2 | 4 | 8): Uint8Array {
  let bits = intBits(type, d, (size * 8) as 8 | 16 | 32 | 64)
  const out = new Uint8Array(size)
  for (let i = 0; i < size; i++, bits >>= 8n) out[i] = Number(bits & 0xffn)
  return out
}

function asNumber(type: number, d: ValueData): number {
  if (typeof d === 'number') return d
  if (typeof d === 'bigint') return Number(d)
  return fail(type, `expected a number, got ${typeof d}`)
}

function asString(type: number, d: ValueData): string {
  return typeof d === 'string' ? d : fail(type, `expected a string, got ${typeof d}`)
}

/**
 * SID text `S-1-5-21-…` → bytes. Authorities ≥ 2^32 may be written `0x` + 12 hex digits.
 * @throws {TypeError} for text that is not a SID
 * @throws {RangeError} for a revision over 255, an authority of 2^48 or more, a sub-authority of
 *   2^32 or more, or more than 255 sub-authorities (none of which the bytes can hold)
 */
export function encodeSid(text: string): Uint8Array {
  const m = /^S-(\d+)-(0x[0-9a-fA-F]{12}|\d+)((?:-\d+)*)$/.exec(text)
  if (!m) throw new TypeError(`not a SID: ${JSON.stringify(text)}`)
  const subs = (m[3] ?? '').split('-').slice(1).map(Number)
  const revision = Number(m[1])
  let authority = BigInt(m[2] as string)
  const tooBig =
    revision > 0xff ? 'its revision does not fit in 8 bits'
    : authority >= 1n << 48n ? 'its identifier authority does not fit in 48 bits'
    : subs.length > 0xff ? `its ${subs.length} sub-authorities do not fit an 8-bit count`
    : subs.some((s) => s > 0xffffffff) ? 'a sub-authority does not fit in 32 bits'
    : undefined
  if (tooBig !== undefined) throw new RangeError(`SID ${text.length > 80 ? `${text.slice(0, 80)}…` : text}: ${tooBig}`)
  const out = new Uint8Array(8 + 4 * subs.length)
  const view = new DataView(out.buffer)
  out[0] = revision
  out[1] = subs.length
  for (let i = 7; i >= 2; i--) {
    out[i] = Number(authority & 0xffn)
    authority >>= 8n
  }
  subs.forEach((s, i) => view.setUint32(8 + 4 * i, s, true))
  return out
}

function encodeSystemTime(type: number, d: ValueData): Uint8Array {
  if (typeof d !== 'object' || d instanceof Uint8Array || !('year' in d)) return fail(type, 'expected SYSTEMTIME parts')
  const t = d as SystemTimeParts
  const parts = [t.year, t.month, t.dayOfWeek, t.day, t.hour, t.minute, t.second, t.milliseconds]
  parts.forEach((p, i) => {
    if (!Number.isInteger(p) || p < 0 || p > 0xffff) throw new RangeError(`value of type 0x12: SYSTEMTIME part ${i} is ${p}, not a u16 (0-65535)`)
  })
  return fixed(16, (v) => parts.forEach((p, i) => v.setUint16(2 * i, p, true)))
}

/**
 * FILETIME ticks from a bigint, or from an ISO time `YYYY-MM-DDThh:mm:ss[.fffffff]Z`.
 * @throws {RangeError} for ticks a u64 cannot hold (negative, or 2^64 and more)
 */
export function toTicks(d: bigint | number | string): bigint {
  if (typeof d === 'string') {
    const t = parseIsoToTicks(d)
    if (t === undefined) throw new TypeError(`not an ISO time: ${JSON.stringify(d)}`)
    return t
  }
  const t = BigInt(d)
  if (t < 0n || t >= 1n << 64n) throw new RangeError(`FILETIME ticks ${t} do not fit in 64 bits`)
  return t
}

/** Bytes of one scalar item of base type `type` (not BinXml). */
export function encodeScalar(type: number, d: ValueData, width: 4 | 8 = 8): Uint8Array {
  switch (type) {
    case ValueType.String:
      return encodeUtf16(asString(type, d))
    case ValueType.AnsiString:
      return encodeAnsi(asString(type, d), ANSI_CODEPAGE)
    case ValueType.Int8:
    case ValueType.UInt8:
      return fixedInt(type, d, 1)
    case ValueType.Int16:
    case ValueType.UInt16:
      return fixedInt(type, d, 2)
    case ValueType.Int32:
    case ValueType.UInt32:
    case ValueType.HexInt32:
      return fixedInt(type, d, 4)
    case ValueType.Int64:
    case ValueType.UInt64:
    case ValueType.HexInt64:
      return fixedInt(type, d, 8)
    case ValueType.Real32:
      return fixed(4, (v) => v.setFloat32(0, asNumber(type, d), true))
    case ValueType.Real64:
      return fixed(8, (v) => v.setFloat64(0, asNumber(type, d), true))
    case ValueType.Bool:
      return fixedInt(type, typeof d === 'boolean' ? (d ? 1 : 0) : d, 4)
    case ValueType.Binary:
      return d instanceof Uint8Array ? d : fail(type, 'expected a Uint8Array')
    case ValueType.Guid: {
      const out = new Uint8Array(16)
      if (!encodeGuid(asString(type, d), out, 0)) fail(type, `not a GUID: ${JSON.stringify(d)}`)
      return out
    }
    case ValueType.SizeT:
      return fixedInt(type, d, width === 4 ? 4 : 8)
    case ValueType.FileTime:
      return fixed(8, (v) => v.setBigUint64(0, toTicks(d as bigint | string), true))
    case ValueType.SystemTime:
      return encodeSystemTime(type, d)
    case ValueType.Sid:
      return encodeSid(asString(type, d))
    default:
      return fail(type, 'is not a type the writer encodes')
  }
}

function concat(parts: Uint8Array[]): Uint8Array {
  let n = 0
  for (const p of parts) n += p.length
  const out = new Uint8Array(n)
  let at = 0
  for (const p of parts) {
    out.set(p, at)
    at += p.length
  }
  return out
}

/** Bytes of a value other than BinXml (a Null value is `raw` bytes or nothing). */
export function encodeValue(v: WriterValue): Uint8Array {
  if (v.raw !== undefined) return v.raw
  const type = v.type
  if (type === ValueType.Null) return new Uint8Array(0)
  if (type & ARRAY_BIT) {
    const base = type & ~ARRAY_BIT
    const items = v.items ?? fail(type, 'an array needs items')
    // Items are read back by their NUL terminators or fixed sizes: refuse what would split or merge.
    if (base === ValueType.Binary) fail(type, 'Binary items have no size or terminator to split them by; write the bytes as `raw`')
    const parts: Uint8Array[] = []
    for (const item of items) {
      if (typeof item === 'string' && item.includes('\0') && (base === ValueType.String || base === ValueType.AnsiString)) {
        fail(type, `item ${JSON.stringify(item)} holds a NUL, which ends an array item`)
      }
      parts.push(encodeScalar(base, item, v.width))
      if (base === ValueType.String) parts.push(new Uint8Array(2))
      else if (base === ValueType.AnsiString) parts.push(new Uint8Array(1))
    }
    return concat(parts)
  }
  if (v.value === undefined) return fail(type, 'needs a value')
  return encodeScalar(type, v.value, v.width)
}

/** Typed constructors for values: `val.string('x')`, `val.uint32(5)`, `val.array(ValueType.String, ['a'])`. */
export const val = {
  null: (size = 0): WriterValue => ({ type: ValueType.Null, raw: new Uint8Array(size) }),
  string: (s: string): WriterValue => ({ type: ValueType.String, value: s }),
  ansi: (s: string): WriterValue => ({ type: ValueType.AnsiString, value: s }),
  int8: (n: number): WriterValue => ({ type: ValueType.Int8, value: n }),
  uint8: (n: number): WriterValue => ({ type: ValueType.UInt8, value: n }),
  int16: (n: number): WriterValue => ({ type: ValueType.Int16, value: n }),
  uint16: (n: number): WriterValue => ({ type: ValueType.UInt16, value: n }),
  int32: (n: number): WriterValue => ({ type: ValueType.Int32, value: n }),
  uint32: (n: number): WriterValue => ({ type: ValueType.UInt32, value: n }),
  int64: (n: bigint | number): WriterValue => ({ type: ValueType.Int64, value: BigInt(n) }),
  uint64: (n: bigint | number): WriterValue => ({ type: ValueType.UInt64, value: BigInt(n) }),
  real32: (n: number): WriterValue => ({ type: ValueType.Real32, value: n }),
  real64: (n: number): WriterValue => ({ type: ValueType.Real64, value: n }),
  bool: (b: boolean): WriterValue => ({ type: ValueType.Bool, value: b }),
  binary: (b: Uint8Array): WriterValue => ({ type: ValueType.Binary, value: b }),
  guid: (g: string): WriterValue => ({ type: ValueType.Guid, value: g }),
  sizeT: (n: bigint | number, width: 4 | 8 = 8): WriterValue => ({ type: ValueType.SizeT, value: BigInt(n), width }),
  filetime: (t: bigint | string): WriterValue => ({ type: ValueType.FileTime, value: toTicks(t) }),
  systemtime: (t: SystemTimeParts): WriterValue => ({ type: ValueType.SystemTime, value: t }),
  sid: (s: string): WriterValue => ({ type: ValueType.Sid, value: s }),
  hex32: (n: number): WriterValue => ({ type: ValueType.HexInt32, value: n }),
  hex64: (n: bigint | number): WriterValue => ({ type: ValueType.HexInt64, value: BigInt(n) }),
  binxml: (doc: BinXmlDocument): WriterValue => ({ type: ValueType.BinXml, value: doc }),
  array: (baseType: number, items: readonly ValueData[], width?: 4 | 8): WriterValue =>
    width === undefined ? { type: baseType | ARRAY_BIT, items } : { type: baseType | ARRAY_BIT, items, width },
} as const
