/**
 * Scalar values written straight into a {@link ByteSink} as ASCII, for the byte renderer.
 *
 * The common non-string values of a System element (the FILETIME of TimeCreated, the Keywords
 * HexInt64, the provider and activity GUIDs) and Binary data are formatted digit by digit into
 * the output instead of through an intermediate string: the same text as binxml/values.ts
 * `scalarText` gives, without a string allocated per value. Types not handled here return false
 * and the caller falls back to `scalarText`.
 */
import type { ValueTable } from '../binxml/value-table.js'
import { ValueType } from '../binxml/value-types.js'
import { civilFromDays, DAYS_1601_TO_1970, formatFiletime, splitFiletime } from '../binary/filetime.js'
import type { ByteSink } from './byte-sink.js'
import { writeDigits, writeTwoDigits } from './digits.js'

const HEX_LOWER = Uint8Array.from('0123456789abcdef', (c) => c.charCodeAt(0))
const HEX_UPPER = Uint8Array.from('0123456789ABCDEF', (c) => c.charCodeAt(0))

/** `bytes[start, end)` as uppercase hex without separators (Binary). */
function writeHexUpper(sink: ByteSink, bytes: Uint8Array, start: number, end: number): void {
  const n = end - start
  sink.ensure(2 * n)
  const buf = sink.buf
  let p = sink.pos
  for (let i = start; i < end; i++) {
    const b = bytes[i] as number
    buf[p++] = HEX_UPPER[b >> 4] as number
    buf[p++] = HEX_UPPER[b & 15] as number
  }
  sink.pos = p
}

/** GUID byte order: Data1 (LE u32), Data2 (LE u16), Data3 (LE u16), Data4 in order; -1 = dash. */
const GUID_ORDER = [3, 2, 1, 0, -1, 5, 4, -1, 7, 6, -1, 8, 9, -1, 10, 11, 12, 13, 14, 15]

/** `{xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx}`, lowercase, from the 16 bytes at `at`. */
function writeGuid(sink: ByteSink, bytes: Uint8Array, at: number): void {
  sink.ensure(38)
  const buf = sink.buf
  let p = sink.pos
  buf[p++] = 0x7b
  for (const k of GUID_ORDER) {
    if (k < 0) buf[p++] = 0x2d
    else {
      const b = bytes[at + k] as number
      buf[p++] = HEX_LOWER[b >> 4] as number
      buf[p++] = HEX_LOWER[b & 15] as number
    }
  }
  buf[p++] = 0x7d
  sink.pos = p
}

/** `0x` + lowercase hex of a 32-bit half, no leading zeros unless `pad` (8 digits). */
function writeHex32Digits(sink: ByteSink, v: number, pad: boolean): void {
  const buf = sink.buf
  let p = sink.pos
  // Significant digits from the count of leading zero bits (at least one digit, for zero).
  const digits = pad ? 8 : Math.max(1, 8 - (Math.clz32(v) >> 2))
  for (let shift = 4 * (digits - 1); shift >= 0; shift -= 4) buf[p++] = HEX_LOWER[(v >>> shift) & 15] as number
  sink.pos = p
}

/** `0x` + lowercase hex of `hi:lo`, no padding (HexInt64, 64-bit SizeT; HexInt32 with hi = 0). */
function writeHex(sink: ByteSink, lo: number, hi: number): void {
  sink.ensure(18)
  sink.buf[sink.pos++] = 0x30
  sink.buf[sink.pos++] = 0x78
  if (hi === 0) writeHex32Digits(sink, lo, false)
  else {
    writeHex32Digits(sink, hi, false)
    writeHex32Digits(sink, lo, true)
  }
}

// Consecutive records usually fall on the same day: keep the last `YYYY-MM-DDT` as bytes.
const DATE = new Uint8Array(11)
let lastDays = Number.NaN

/** A FILETIME as Windows renders it, `YYYY-MM-DDThh:mm:ss.fffffffZ`. */
export function writeFiletime(sink: ByteSink, lo: number, hi: number): void {
  const [seconds, ticks] = splitFiletime(lo >>> 0, hi >>> 0)
  const days = Math.floor(seconds / 86_400)
  if (days !== lastDays) {
    const [y, m, d] = civilFromDays(days - DAYS_1601_TO_1970)
    if (y > 9999) {
      // Five-digit years (from year 10000 on): the string formatter handles them.
      sink.ascii(formatFiletime(lo, hi))
      return
    }
    writeDigits(DATE, 0, y, 4)
    DATE[4] = 0x2d
    writeTwoDigits(DATE, 5, m)
    DATE[7] = 0x2d
    writeTwoDigits(DATE, 8, d)
    DATE[10] = 0x54
    lastDays = days
  }
  sink.ensure(28)
  const buf = sink.buf
  let p = sink.pos
  for (let i = 0; i < 11; i++) buf[p + i] = DATE[i] as number
  p += 11
  const sod = seconds - days * 86_400
  const hours = Math.floor(sod / 3600)
  const minutes = Math.floor((sod - hours * 3600) / 60)
  writeTwoDigits(buf, p, hours)
  buf[p + 2] = 0x3a
  writeTwoDigits(buf, p + 3, minutes)
  buf[p + 5] = 0x3a
  writeTwoDigits(buf, p + 6, sod - hours * 3600 - minutes * 60)
  buf[p + 8] = 0x2e
  p += 9
  writeDigits(buf, p, ticks, 7)
  p += 7
  buf[p++] = 0x5a
  sink.pos = p
}

/** `S-r-a-s1-s2…` for a SID whose authority fits 32 bits; false (nothing written) otherwise. */
function writeSid(sink: ByteSink, bytes: Uint8Array, at: number, size: number): boolean {
  if (size < 8) return false
  let authority = 0
  for (let i = 2; i < 8; i++) authority = authority * 256 + (bytes[at + i] as number)
  if (authority >= 0x1_0000_0000) return false
  sink.byte(0x53) // S
  sink.byte(0x2d)
  sink.uint(bytes[at] as number)
  sink.byte(0x2d)
  sink.uint(authority)
  const available = Math.min(bytes[at + 1] as number, Math.floor((size - 8) / 4))
  for (let i = 0; i < available; i++) {
    const p = at + 8 + i * 4
    sink.byte(0x2d)
    sink.uint(((bytes[p] as number) | ((bytes[p + 1] as number) << 8) | ((bytes[p + 2] as number) << 16) | ((bytes[p + 3] as number) << 24)) >>> 0)
  }
  return true
}

/** A signed integer of at most 53 bits. */
function writeInt(sink: ByteSink, v: number): void {
  if (v < 0) {
    sink.byte(0x2d)
    sink.uint(-v)
  } else sink.uint(v)
}

/**
 * Writes value `type` of `size` bytes at `at` when it is one of the types handled here; returns
 * false (and writes nothing) otherwise.
 */
export function writeScalarBytes(sink: ByteSink, vt: ValueTable, type: number, at: number, size: number): boolean {
  const view = vt.view
  switch (type) {
    case ValueType.FileTime:
      if (size >= 8) writeFiletime(sink, view.getUint32(at, true), view.getUint32(at + 4, true))
      return true
    case ValueType.HexInt64:
      if (size >= 8) writeHex(sink, view.getUint32(at, true), view.getUint32(at + 4, true))
      return true
    case ValueType.HexInt32:
      if (size >= 4) writeHex(sink, view.getUint32(at, true), 0)
      return true
    case ValueType.SizeT:
      if (size >= 8) writeHex(sink, view.getUint32(at, true), view.getUint32(at + 4, true))
      else if (size >= 4) writeHex(sink, view.getUint32(at, true), 0)
      return true
    case ValueType.Guid:
      if (size < 16) return false
      writeGuid(sink, vt.bytes, at)
      return true
    case ValueType.Binary:
      writeHexUpper(sink, vt.bytes, at, at + size)
      return true
    case ValueType.Sid:
      return writeSid(sink, vt.bytes, at, size)
    case ValueType.Int8:
      if (size >= 1) writeInt(sink, view.getInt8(at))
      return true
    case ValueType.Int16:
      if (size >= 2) writeInt(sink, view.getInt16(at, true))
      return true
    case ValueType.Int32:
      if (size >= 4) writeInt(sink, view.getInt32(at, true))
      return true
    case ValueType.UInt64: {
      if (size < 8) return true
      const hi = view.getUint32(at + 4, true)
      // Beyond 2^53 the string formatter's BigInt path keeps every digit.
      if (hi >= 0x20_0000) return false
      sink.uint(hi * 0x1_0000_0000 + view.getUint32(at, true))
      return true
    }
    default:
      return false
  }
}
