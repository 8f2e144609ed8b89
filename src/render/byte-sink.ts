/**
 * A growable byte buffer that rendered output is written into as UTF-8, without building
 * JavaScript strings on the way.
 *
 * A string built by concatenation is a rope; turning a dump's worth of ropes into bytes for
 * stdout costs more than rendering them. So the dump path renders into bytes directly: template
 * text is encoded once per template, numbers are written as digits, and UTF-16 values are
 * transcoded from the chunk straight into UTF-8, XML-escaped on the way.
 */
import { decimalLength, writeDigits } from './digits.js'

const encoder = new TextEncoder()

/**
 * Escaping while transcoding: none, XML text (`& < >`), a single-quoted attribute (also `' "`),
 * or the inside of a JSON string (`" \` and control characters, NUL included, as JSON.stringify
 * writes them).
 */
export const Escape = { None: 0, Text: 1, Attribute: 2, Json: 3 } as const
export type Escape = (typeof Escape)[keyof typeof Escape]

/**
 * What a byte (or a code unit below 0x80) needs, one table per escape mode, so the copy loops
 * test one table entry instead of a chain of comparisons: PLAIN is copied, NUL may end the value,
 * HIGH (0x80-0xff) is not ASCII, and the other classes are entity numbers in ENTITIES.
 */
const PLAIN = 0
const NUL = 1
const HIGH = 2
/** JSON.stringify's short escapes; other control characters are `\u00xx`. */
const JSON_SHORT: Record<number, string> = { 0x08: '\\b', 0x09: '\\t', 0x0a: '\\n', 0x0c: '\\f', 0x0d: '\\r' }
const JSON_ESCAPES = ['\\"', '\\\\', ...Array.from({ length: 32 }, (_, c) => JSON_SHORT[c] ?? `\\u${c.toString(16).padStart(4, '0')}`)]
const ENTITIES = ['&amp;', '&lt;', '&gt;', '&apos;', '&quot;', ...JSON_ESCAPES].map((e) => Uint8Array.from(e, (c) => c.charCodeAt(0)))
const FIRST_ENTITY = 3
const HEX_DIGITS = Uint8Array.from('0123456789abcdef', (c) => c.charCodeAt(0))
/** Entity number of the first JSON escape (`\"`, then `\\`, then control characters 0-31). */
const FIRST_JSON = FIRST_ENTITY + 5

function byteClasses(escape: Escape): Uint8Array {
  const t = new Uint8Array(256)
  t[0] = NUL
  t.fill(HIGH, 0x80)
  if (escape !== Escape.None) {
    t[0x26] = FIRST_ENTITY
    t[0x3c] = FIRST_ENTITY + 1
    t[0x3e] = FIRST_ENTITY + 2
  }
  if (escape === Escape.Attribute) {
    t[0x27] = FIRST_ENTITY + 3
    t[0x22] = FIRST_ENTITY + 4
  }
  if (escape === Escape.Json) {
    t[0x26] = PLAIN
    t[0x3c] = PLAIN
    t[0x3e] = PLAIN
    t[0x22] = FIRST_JSON
    t[0x5c] = FIRST_JSON + 1
    for (let c = 1; c < 0x20; c++) t[c] = FIRST_JSON + 2 + c
  }
  return t
}
const CLASSES = [byteClasses(Escape.None), byteClasses(Escape.Text), byteClasses(Escape.Attribute), byteClasses(Escape.Json)]

/** How many bytes {@link ByteSink.packed} copies at a time. */
const WORD = 8

/**
 * Short byte strings packed into one buffer (a template's text pieces), so that a piece is copied
 * eight bytes at a time through DataViews instead of byte by byte or with TypedArray#set, whose
 * call costs more than copying a typical 20-byte piece.
 */
export class PackedTexts {
  readonly bytes: Uint8Array
  readonly view: DataView
  /** Piece `k` is `bytes[starts[k], starts[k + 1])`. */
  readonly starts: Int32Array

  /**
   * The pieces' UTF-8, encoded in one call: the pieces are joined and encoded at once, their
   * starts known from their UTF-8 lengths. When a piece holds a surrogate, every piece is encoded
   * on its own (a lone surrogate at a piece's end would pair with one starting the next).
   */
  static fromStrings(pieces: readonly string[]): PackedTexts {
    const lengths = new Int32Array(pieces.length)
    for (let k = 0; k < pieces.length; k++) {
      const n = utf8Length(pieces[k] as string)
      if (n < 0) return new PackedTexts(pieces.map(utf8))
      lengths[k] = n
    }
    return new PackedTexts(lengths, pieces.join(''))
  }

  constructor(pieces: readonly Uint8Array[])
  constructor(lengths: Int32Array, joined: string)
  constructor(pieces: readonly Uint8Array[] | Int32Array, joined?: string) {
    if (pieces instanceof Int32Array) {
      this.starts = new Int32Array(pieces.length + 1)
      let total = 0
      for (let k = 0; k < pieces.length; k++) {
        this.starts[k] = total
        total += pieces[k] as number
      }
      this.starts[pieces.length] = total
      this.bytes = new Uint8Array(total + WORD - 1)
      encoder.encodeInto(joined ?? '', this.bytes)
      this.view = new DataView(this.bytes.buffer)
      return
    }
    this.starts = new Int32Array(pieces.length + 1)
    let total = 0
    for (let k = 0; k < pieces.length; k++) {
      this.starts[k] = total
      total += (pieces[k] as Uint8Array).length
    }
    this.starts[pieces.length] = total
    // Slack: a piece's last word may be read past its end (never written).
    this.bytes = new Uint8Array(total + WORD - 1)
    for (let k = 0; k < pieces.length; k++) this.bytes.set(pieces[k] as Uint8Array, this.starts[k] as number)
    this.view = new DataView(this.bytes.buffer)
  }
}

/** UTF-8 length of a string without surrogates, or -1 when it holds one. */
function utf8Length(s: string): number {
  let n = 0
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c < 0x80) n += 1
    else if (c < 0x800) n += 2
    else if (c >= 0xd800 && c <= 0xdfff) return -1
    else n += 3
  }
  return n
}

/** Writes the UTF-8 of a surrogate pair at `p`; returns the position after it. */
function putPair(buf: Uint8Array, p: number, lead: number, trail: number): number {
  const cp = 0x10000 + ((lead - 0xd800) << 10) + (trail - 0xdc00)
  buf[p] = 0xf0 | (cp >> 18)
  buf[p + 1] = 0x80 | ((cp >> 12) & 0x3f)
  buf[p + 2] = 0x80 | ((cp >> 6) & 0x3f)
  buf[p + 3] = 0x80 | (cp & 0x3f)
  return p + 4
}

export class ByteSink {
  /** The buffer written into (replaced only through {@link use}, which keeps the DataView in step). */
  readonly buf: Uint8Array
  /** A DataView on `buf`, for word-sized writes (made again when `buf` is replaced). */
  private dv: DataView
  pos = 0

  constructor(initial = 1 << 16) {
    this.buf = new Uint8Array(initial)
    this.dv = new DataView(this.buf.buffer, 0, initial)
  }

  /** Makes room for `n` more bytes. */
  ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return
    let size = Math.max(this.buf.length * 2, 1 << 16)
    while (size < this.pos + n) size *= 2
    const next = new Uint8Array(size)
    next.set(this.buf.subarray(0, this.pos))
    this.use(next)
  }

  /** Writes into `buf` from now on (from its start: set `pos` after). */
  use(buf: Uint8Array): void {
    // `buf` is read-only to everyone else.
    const writable: { buf: Uint8Array } = this
    writable.buf = buf
    this.dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength)
  }

  /**
   * Piece `k` of `texts`. Whole words are copied, so up to seven bytes past the piece land after
   * `pos` (room is made for them) and are overwritten by whatever comes next.
   *
   * A word goes through a float64: in V8 that is one 8-byte load and store, against two for
   * 32-bit words, and a BigInt64 word is allocated. A float64 load and store keeps every bit,
   * NaN payloads included (no arithmetic is done on it; test/render/byte-sink.test.ts copies every
   * NaN class), and the pieces are UTF-8 anyway, in which no NaN can even start a signalling one.
   */
  packed(texts: PackedTexts, k: number): void {
    const from = texts.starts[k] as number
    const n = (texts.starts[k + 1] as number) - from
    this.ensure(n + WORD - 1)
    const src = texts.view
    const dst = this.dv
    const p = this.pos
    for (let i = 0; i < n; i += WORD) dst.setFloat64(p + i, src.getFloat64(from + i, true), true)
    this.pos = p + n
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
    // One pass: bytes are written as they are checked, and `pos` moves only when all were ASCII.
    this.ensure((end - start) * 6)
    const buf = this.buf
    const classes = CLASSES[escape] as Uint8Array
    let p = this.pos
    for (let i = start; i < end; i++) {
      const c = src[i] as number
      const k = classes[c] as number
      if (k === PLAIN) buf[p++] = c
      else if (k === NUL) break
      else if (k === HIGH) return false
      else p = this.entity(k, p)
    }
    this.pos = p
    return true
  }

  /** Writes entity class `k` at `p`; returns the position after it. */
  private entity(k: number, p: number): number {
    const e = ENTITIES[k - FIRST_ENTITY] as Uint8Array
    const buf = this.buf
    for (let j = 0; j < e.length; j++) buf[p++] = e[j] as number
    return p
  }

  /** Any string, as UTF-8, escaped as asked. */
  text(s: string, escape: Escape): void {
    if (escape === Escape.Json) {
      this.jsonText(s)
      return
    }
    if (escape !== Escape.None && /[&<>'"]/.test(s)) {
      s = s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
      if (escape === Escape.Attribute) s = s.replace(/'/g, '&apos;').replace(/"/g, '&quot;')
    }
    this.ensure(s.length * 3)
    this.pos += encoder.encodeInto(s, this.buf.subarray(this.pos)).written
  }

  /**
   * Any string as the inside of a JSON string, UTF-8, escaped byte for byte as JSON.stringify
   * escapes it (`\"`, `\\`, `\b \t \n \f \r`, other control characters and unpaired
   * surrogates as lowercase `\uxxxx`).
   */
  jsonText(s: string): void {
    const n = s.length
    this.ensure(n * 6)
    const buf = this.buf
    const classes = CLASSES[Escape.Json] as Uint8Array
    let p = this.pos
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i)
      if (c < 0x80) {
        const k = classes[c] as number
        if (k === PLAIN) buf[p++] = c
        else p = this.entity(k === NUL ? FIRST_JSON + 2 : k, p)
      } else if (c < 0x800) {
        buf[p++] = 0xc0 | (c >> 6)
        buf[p++] = 0x80 | (c & 0x3f)
      } else if (c >= 0xd800 && c <= 0xdfff) {
        const next = i + 1 < n ? s.charCodeAt(i + 1) : 0
        if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
          p = putPair(buf, p, c, next)
          i++
        } else {
          // \udxxx, as JSON.stringify writes an unpaired surrogate.
          buf[p++] = 0x5c
          buf[p++] = 0x75
          for (let shift = 12; shift >= 0; shift -= 4) buf[p++] = HEX_DIGITS[(c >> shift) & 15] as number
        }
      } else {
        buf[p++] = 0xe0 | (c >> 12)
        buf[p++] = 0x80 | ((c >> 6) & 0x3f)
        buf[p++] = 0x80 | (c & 0x3f)
      }
    }
    this.pos = p
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
    const digits = decimalLength(v)
    this.ensure(digits)
    writeDigits(this.buf, this.pos, v, digits)
    this.pos += digits
  }

  /**
   * UTF-16LE code units from `src[at, at + 2 * units)` as UTF-8, stopping at a NUL when asked,
   * XML-escaped as asked; an unpaired surrogate becomes U+FFFD (as TextDecoder does). `view` is a
   * DataView of the same bytes as `src`, at the same offsets.
   */
  utf16(src: Uint8Array, view: DataView, at: number, units: number, stopAtNul: boolean, escape: Escape): void {
    this.ensure(units * 6)
    const buf = this.buf
    const classes = CLASSES[escape] as Uint8Array
    let p = this.pos
    const end = at + 2 * units
    let i = at
    // Most text is plain ASCII: four code units at a time while all four are (the first that is
    // not, or needs escaping or is a NUL, goes to the loop below with everything after it).
    for (; i + 8 <= end; i += 8) {
      const lo = view.getUint32(i, true)
      const hi = view.getUint32(i + 4, true)
      if (((lo | hi) & 0xff80ff80) !== 0) break
      const c0 = lo & 0x7f
      const c1 = lo >>> 16
      const c2 = hi & 0x7f
      const c3 = hi >>> 16
      if (((classes[c0] as number) | (classes[c1] as number) | (classes[c2] as number) | (classes[c3] as number)) !== PLAIN) break
      buf[p] = c0
      buf[p + 1] = c1
      buf[p + 2] = c2
      buf[p + 3] = c3
      p += 4
    }
    for (; i < end; i += 2) {
      const c = (src[i] as number) | ((src[i + 1] as number) << 8)
      if (c < 0x80) {
        const k = classes[c] as number
        if (k === PLAIN) buf[p++] = c
        else if (k === NUL) {
          if (stopAtNul) break
          if (escape === Escape.Json) p = this.entity(FIRST_JSON + 2, p)
          else buf[p++] = 0
        } else p = this.entity(k, p)
      } else if (c < 0x800) {
        buf[p++] = 0xc0 | (c >> 6)
        buf[p++] = 0x80 | (c & 0x3f)
      } else if (c >= 0xd800 && c <= 0xdfff) {
        const next = i + 3 < end ? (src[i + 2] as number) | ((src[i + 3] as number) << 8) : 0
        if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
          p = putPair(buf, p, c, next)
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
   * Hands the written bytes over and goes on writing into `next` (a buffer the caller got back
   * from an earlier swap, or a new one): a writer can cycle a few buffers instead of allocating
   * one per flush.
   */
  swap(next: Uint8Array): Uint8Array {
    const out = this.buf.subarray(0, this.pos)
    this.use(next)
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
