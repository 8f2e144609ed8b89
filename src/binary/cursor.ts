/**
 * ByteCursor: little-endian reads over one Uint8Array, every read labelled and bounds-checked.
 *
 * Design notes:
 * - One DataView per buffer (built from byteOffset/byteLength, so pooled Node Buffers work), never
 *   one per read.
 * - `end` is a movable limit: the chunk parser narrows it to the record being read, so a value that
 *   runs past its record fails here instead of reading its neighbour.
 * - A failed read throws `READ_OUT_OF_BOUNDS` with the label, the absolute offset, and the bytes
 *   needed and left. A raw RangeError never escapes.
 */
import { EvtxError, EvtxErrorCode } from '../errors.js'

export class ByteCursor {
  readonly bytes: Uint8Array
  readonly view: DataView
  /** Absolute file offset of bytes[0]; used only for error locations. */
  readonly base: number
  /** Current read position, relative to bytes[0]. */
  pos: number
  /** Reads must stay below this position. */
  end: number

  constructor(bytes: Uint8Array, base = 0, pos = 0, end = bytes.byteLength) {
    this.bytes = bytes
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    this.base = base
    this.pos = pos
    this.end = Math.min(end, bytes.byteLength)
  }

  /** Bytes left before `end`. */
  get remaining(): number {
    return this.end - this.pos
  }

  /** Throws unless `n` bytes can be read at the current position; returns that position. */
  need(n: number, what: string): number {
    const at = this.pos
    if (n < 0 || at < 0 || at + n > this.end) this.fail(n, what)
    return at
  }

  fail(n: number, what: string): never {
    const at = this.pos
    throw new EvtxError(
      EvtxErrorCode.ReadOutOfBounds,
      `${what}: need ${n} bytes at 0x${(this.base + at).toString(16)}, have ${Math.max(0, this.end - at)}`,
      { fileOffset: this.base + at },
    )
  }

  u8(what: string): number {
    const at = this.need(1, what)
    this.pos = at + 1
    return this.view.getUint8(at)
  }

  u16(what: string): number {
    const at = this.need(2, what)
    this.pos = at + 2
    return this.view.getUint16(at, true)
  }

  u32(what: string): number {
    const at = this.need(4, what)
    this.pos = at + 4
    return this.view.getUint32(at, true)
  }

  /** Unsigned 64-bit value as a number when it is exactly representable, else as a bigint. */
  u64(what: string): number | bigint {
    const at = this.need(8, what)
    this.pos = at + 8
    return readU64(this.view, at)
  }

  peekU8(what: string): number {
    return this.view.getUint8(this.need(1, what))
  }

  skip(n: number, what: string): void {
    this.pos = this.need(n, what) + n
  }

  /** Zero-copy view of the next `n` bytes. */
  take(n: number, what: string): Uint8Array {
    const at = this.need(n, what)
    this.pos = at + n
    return this.bytes.subarray(at, at + n)
  }
}

const TWO_32 = 0x1_0000_0000

/** Reads a u64 as a number when it is at most 2^53 - 1, else as a bigint. */
export function readU64(view: DataView, at: number): number | bigint {
  const lo = view.getUint32(at, true)
  const hi = view.getUint32(at + 4, true)
  if (hi < 0x20_0000) return hi * TWO_32 + lo
  return (BigInt(hi) << 32n) | BigInt(lo)
}

/** Reads a u64 as a number, saturating to Number.MAX_SAFE_INTEGER + 1 when it does not fit. */
export function readU64Number(view: DataView, at: number): number {
  const lo = view.getUint32(at, true)
  const hi = view.getUint32(at + 4, true)
  if (hi < 0x20_0000) return hi * TWO_32 + lo
  return Number.MAX_SAFE_INTEGER + 1
}
