/**
 * A growable little-endian byte buffer that knows where it will land in the chunk.
 *
 * BinXML is full of chunk-relative offsets (inline names, inline template definitions), so every
 * piece is encoded at its final position: `base` is the chunk offset of byte 0 and `pos` is the
 * chunk offset of the next byte written. Platform-neutral (Uint8Array and DataView only).
 */
export class ByteWriter {
  /** Chunk offset of the first byte of this buffer. */
  readonly base: number
  private buf: Uint8Array
  private view: DataView
  private len = 0

  constructor(base: number, capacity = 256) {
    this.base = base
    this.buf = new Uint8Array(capacity)
    this.view = new DataView(this.buf.buffer)
  }

  /** Chunk offset of the next byte to be written. */
  get pos(): number {
    return this.base + this.len
  }

  get length(): number {
    return this.len
  }

  private reserve(n: number): number {
    const at = this.len
    if (at + n > this.buf.length) {
      let cap = this.buf.length * 2
      while (cap < at + n) cap *= 2
      const next = new Uint8Array(cap)
      next.set(this.buf.subarray(0, at))
      this.buf = next
      this.view = new DataView(next.buffer)
    }
    this.len = at + n
    return at
  }

  u8(v: number): void {
    const at = this.reserve(1)
    this.view.setUint8(at, v)
  }

  u16(v: number): void {
    const at = this.reserve(2)
    this.view.setUint16(at, v, true)
  }

  u32(v: number): void {
    const at = this.reserve(4)
    this.view.setUint32(at, v >>> 0, true)
  }

  u64(v: bigint): void {
    const at = this.reserve(8)
    this.view.setBigUint64(at, BigInt.asUintN(64, v), true)
  }

  bytes(b: Uint8Array): void {
    const at = this.reserve(b.length) // before reading this.buf: reserve may replace it
    this.buf.set(b, at)
  }

  zeros(n: number): void {
    const at = this.reserve(n)
    this.buf.fill(0, at, this.len)
  }

  /** Overwrites a u16 already written, at chunk offset `at`. */
  patchU16(at: number, v: number): void {
    this.view.setUint16(at - this.base, v, true)
  }

  /** Overwrites a u32 already written, at chunk offset `at`. */
  patchU32(at: number, v: number): void {
    this.view.setUint32(at - this.base, v >>> 0, true)
  }

  /** The bytes written so far (a view, valid until the next write). */
  result(): Uint8Array {
    return this.buf.subarray(0, this.len)
  }
}
