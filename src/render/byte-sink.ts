/**
 * A growable byte buffer that rendered output is written into as UTF-8, without building
 * JavaScript strings on the way.
 *
 * A string built by concatenation is a rope; turning a dump's worth of ropes into bytes for
 * stdout costs more than rendering them. So the dump path renders into bytes directly: template
 * text is encoded once per template, numbers are written as digits, and UTF-16 values are
 * transcoded from the chunk straight into UTF-8, XML-escaped on the way.
 */

const encoder = new TextEncoder()
const EMPTY = new Uint8Array(0)

const AMP = Uint8Array.of(0x26, 0x61, 0x6d, 0x70, 0x3b) // &amp;
const LT = Uint8Array.of(0x26, 0x6c, 0x74, 0x3b) // &lt;
const GT = Uint8Array.of(0x26, 0x67, 0x74, 0x3b) // &gt;
const APOS = Uint8Array.of(0x26, 0x61, 0x70, 0x6f, 0x73, 0x3b) // &apos;
const QUOT = Uint8Array.of(0x26, 0x71, 0x75, 0x6f, 0x74, 0x3b) // &quot;

/** Escaping while transcoding: none, XML text (`& < >`), or a single-quoted attribute (also `' "`). */
export const Escape = { None: 0, Text: 1, Attribute: 2 } as const
export type Escape = (typeof Escape)[keyof typeof Escape]

export class ByteSink {
  buf: Uint8Array
  pos = 0

  constructor(initial = 1 << 16) {
    this.buf = new Uint8Array(initial)
  }

  /** Makes room for `n` more bytes. */
  ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return
    let size = Math.max(this.buf.length * 2, 1 << 16)
    while (size < this.pos + n) size *= 2
    const next = new Uint8Array(size)
    next.set(this.buf.subarray(0, this.pos))
    this.buf = next
  }

  bytes(b: Uint8Array): void {
    const n = b.length
    this.ensure(n)
    if (n > 48) this.buf.set(b, this.pos)
    else {
      // Template text pieces are short: a loop beats TypedArray#set's call overhead.
      const buf = this.buf
      const p = this.pos
      for (let i = 0; i < n; i++) buf[p + i] = b[i] as number
    }
    this.pos += n
  }

  byte(b: number): void {
    this.ensure(1)
    this.buf[this.pos++] = b
  }

  /** A string known to be ASCII (digits, hex, GUIDs, times, SIDs). */
  ascii(s: string): void {
    const n = s.length
    this.ensure(n)
    const buf = this.buf
    let p = this.pos
    for (let i = 0; i < n; i++) buf[p++] = s.charCodeAt(i)
    this.pos = p
  }

  /**
   * Single-byte text from `src[start, end)` up to its first NUL, escaped as asked, when every byte
   * is ASCII (the same in every ANSI codepage); returns false and writes nothing otherwise, so the
   * caller decodes it with the codepage.
   */
  asciiBytes(src: Uint8Array, start: number, end: number, escape: Escape): boolean {
    let stop = start
    for (; stop < end; stop++) {
      const b = src[stop] as number
      if (b === 0) break
      if (b >= 0x80) return false
    }
    this.ensure((stop - start) * 6)
    const buf = this.buf
    let p = this.pos
    // The same escaping as utf16() below, written out in the loop: a shared helper measured
    // slower there (XML on real chunks 84-128 against 126-129 MB/s in four alternating runs).
    for (let i = start; i < stop; i++) {
      const c = src[i] as number
      if (escape !== Escape.None && (c === 0x26 || c === 0x3c || c === 0x3e || (escape === Escape.Attribute && (c === 0x27 || c === 0x22)))) {
        const ent = c === 0x26 ? AMP : c === 0x3c ? LT : c === 0x3e ? GT : c === 0x27 ? APOS : QUOT
        buf.set(ent, p)
        p += ent.length
      } else buf[p++] = c
    }
    this.pos = p
    return true
  }

  /** Any string, as UTF-8, escaped as asked. */
  text(s: string, escape: Escape): void {
    if (escape !== Escape.None && /[&<>'"]/.test(s)) {
      s = s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
      if (escape === Escape.Attribute) s = s.replace(/'/g, '&apos;').replace(/"/g, '&quot;')
    }
    this.ensure(s.length * 3)
    this.pos += encoder.encodeInto(s, this.buf.subarray(this.pos)).written
  }

  /** A non-negative integer below 2^53, as decimal digits (written without making a string). */
  uint(v: number): void {
    if (v < 10) {
      this.byte(0x30 + v)
      return
    }
    if (v >= 0x1_0000_0000) {
      this.ascii(`${v}`)
      return
    }
    let digits = 1
    for (let x = v; x >= 10; x = Math.floor(x / 10)) digits++
    this.ensure(digits)
    const buf = this.buf
    let p = this.pos + digits
    this.pos = p
    for (let x = v; p > this.pos - digits; x = Math.floor(x / 10)) buf[--p] = 0x30 + (x % 10)
  }

  /**
   * UTF-16LE code units from `src[at, at + 2 * units)` as UTF-8, stopping at a NUL when asked,
   * XML-escaped as asked; an unpaired surrogate becomes U+FFFD (as TextDecoder does).
   */
  utf16(src: Uint8Array, at: number, units: number, stopAtNul: boolean, escape: Escape): void {
    this.ensure(units * 6)
    const buf = this.buf
    let p = this.pos
    const end = at + 2 * units
    for (let i = at; i < end; i += 2) {
      const c = (src[i] as number) | ((src[i + 1] as number) << 8)
      if (c < 0x80) {
        if (c === 0 && stopAtNul) break
        if (escape !== Escape.None && (c === 0x26 || c === 0x3c || c === 0x3e || (escape === Escape.Attribute && (c === 0x27 || c === 0x22)))) {
          const ent = c === 0x26 ? AMP : c === 0x3c ? LT : c === 0x3e ? GT : c === 0x27 ? APOS : QUOT
          buf.set(ent, p)
          p += ent.length
        } else buf[p++] = c
      } else if (c < 0x800) {
        buf[p++] = 0xc0 | (c >> 6)
        buf[p++] = 0x80 | (c & 0x3f)
      } else if (c >= 0xd800 && c <= 0xdfff) {
        const next = i + 3 < end ? (src[i + 2] as number) | ((src[i + 3] as number) << 8) : 0
        if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
          const cp = 0x10000 + ((c - 0xd800) << 10) + (next - 0xdc00)
          buf[p++] = 0xf0 | (cp >> 18)
          buf[p++] = 0x80 | ((cp >> 12) & 0x3f)
          buf[p++] = 0x80 | ((cp >> 6) & 0x3f)
          buf[p++] = 0x80 | (cp & 0x3f)
          i += 2
        } else {
          buf[p++] = 0xef
          buf[p++] = 0xbf
          buf[p++] = 0xbd
        }
      } else {
        buf[p++] = 0xe0 | (c >> 12)
        buf[p++] = 0x80 | ((c >> 6) & 0x3f)
        buf[p++] = 0x80 | (c & 0x3f)
      }
    }
    this.pos = p
  }

  /** The bytes written so far (a view; copy it before writing more if it must be kept). */
  view(): Uint8Array {
    return this.buf.subarray(0, this.pos)
  }

  /**
   * Hands the written bytes over; the sink starts again with a fresh buffer of `nextSize` bytes
   * (or the size it had), allocated when it is next written to.
   */
  take(nextSize = this.buf.length): Uint8Array {
    const out = this.buf.subarray(0, this.pos)
    this.buf = nextSize > 0 ? new Uint8Array(nextSize) : EMPTY
    this.pos = 0
    return out
  }

  reset(): void {
    this.pos = 0
  }
}

/** UTF-8 bytes of a string (for template text encoded once). */
export function utf8(s: string): Uint8Array {
  return encoder.encode(s)
}
