/**
 * A small ZIP writer for tests: stored or deflated entries, UTF-8 or code-page-437 names, data
 * descriptors, ZIP64 records, prepended bytes and comments, and hooks to write what a damaged or
 * hostile archive states (wrong sizes, CRCs, offsets, flags).
 */
import { deflateRawSync } from 'node:zlib'
import { crc32 } from '../../src/binary/crc32.js'

export interface ZipEntrySpec {
  readonly name: string
  readonly data: Uint8Array
  /** 0 stored, 8 deflated (default), or any other number written as it is (with the data stored). */
  readonly method?: number
  /** Extra general-purpose flags (bit 0 encrypted, bit 3 data descriptor). */
  readonly flags?: number
  /** Name bytes as given (default: UTF-8 with flag bit 11 when not ASCII). */
  readonly nameBytes?: Uint8Array
  /** What the central directory states instead of the truth. */
  readonly stated?: { crc32?: number; size?: number; compressedSize?: number; offset?: number }
}

export interface ZipSpec {
  readonly entries: readonly ZipEntrySpec[]
  /** Write ZIP64 records and extra fields (sizes and offsets as 0xFFFFFFFF in the 32-bit fields). */
  readonly zip64?: boolean
  readonly comment?: string
  /** Bytes before the archive (a self-extracting stub); offsets stay relative to the archive. */
  readonly prefix?: Uint8Array
  /** The entry count the end record states (default: the real count). */
  readonly statedCount?: number
}

class Bytes {
  private parts: Uint8Array[] = []
  length = 0
  u8(v: number) {
    return this.raw(Uint8Array.of(v))
  }
  u16(v: number) {
    return this.raw(Uint8Array.of(v & 0xff, (v >>> 8) & 0xff))
  }
  u32(v: number) {
    const b = new Uint8Array(4)
    new DataView(b.buffer).setUint32(0, v >>> 0, true)
    return this.raw(b)
  }
  u64(v: number) {
    const b = new Uint8Array(8)
    new DataView(b.buffer).setBigUint64(0, BigInt(v), true)
    return this.raw(b)
  }
  raw(b: Uint8Array) {
    this.parts.push(b)
    this.length += b.length
    return this
  }
  done(): Uint8Array {
    const out = new Uint8Array(this.length)
    let at = 0
    for (const p of this.parts) {
      out.set(p, at)
      at += p.length
    }
    return out
  }
}

const ascii = (s: string) => /^[\x20-\x7e]*$/.test(s)

/** Builds a ZIP archive from `spec`. */
export function buildZip(spec: ZipSpec): Uint8Array {
  const out = new Bytes()
  const zip64 = spec.zip64 === true
  const central = new Bytes()
  for (const e of spec.entries) {
    const method = e.method ?? 8
    const body = method === 8 ? new Uint8Array(deflateRawSync(e.data)) : e.data
    const nameBytes = e.nameBytes ?? new TextEncoder().encode(e.name)
    const flags = (e.flags ?? 0) | (e.nameBytes === undefined && !ascii(e.name) ? 0x800 : 0)
    const crc = crc32(e.data)
    const offset = out.length
    const extra = zip64 ? new Bytes().u16(1).u16(16).u64(e.data.length).u64(body.length).done() : new Uint8Array(0)
    out.u32(0x04034b50).u16(zip64 ? 45 : 20).u16(flags).u16(method).u16(0).u16(0x21)
    if ((flags & 8) !== 0) out.u32(0).u32(0).u32(0)
    else out.u32(crc).u32(zip64 ? 0xffffffff : body.length).u32(zip64 ? 0xffffffff : e.data.length)
    out.u16(nameBytes.length).u16(extra.length).raw(nameBytes).raw(extra).raw(body)
    if ((flags & 8) !== 0) out.u32(0x08074b50).u32(crc).u32(body.length).u32(e.data.length)
    const stated = { crc32: crc, size: e.data.length, compressedSize: body.length, offset, ...e.stated }
    const centralExtra = zip64 ? new Bytes().u16(1).u16(24).u64(stated.size).u64(stated.compressedSize).u64(stated.offset).done() : new Uint8Array(0)
    central.u32(0x02014b50).u16(zip64 ? 45 : 20).u16(zip64 ? 45 : 20).u16(flags).u16(method).u16(0).u16(0x21).u32(stated.crc32)
    central.u32(zip64 ? 0xffffffff : stated.compressedSize).u32(zip64 ? 0xffffffff : stated.size)
    central.u16(nameBytes.length).u16(centralExtra.length).u16(0).u16(0).u16(0).u32(0)
    central.u32(zip64 ? 0xffffffff : stated.offset).raw(nameBytes).raw(centralExtra)
  }
  const directory = central.done()
  const directoryOffset = out.length
  out.raw(directory)
  const count = spec.statedCount ?? spec.entries.length
  if (zip64) {
    const at = out.length
    out.u32(0x06064b50).u64(44).u16(45).u16(45).u32(0).u32(0).u64(count).u64(count).u64(directory.length).u64(directoryOffset)
    out.u32(0x07064b50).u32(0).u64(at).u32(1)
  }
  const comment = new TextEncoder().encode(spec.comment ?? '')
  out.u32(0x06054b50).u16(0).u16(0).u16(zip64 ? 0xffff : count).u16(zip64 ? 0xffff : count)
  out.u32(zip64 ? 0xffffffff : directory.length).u32(zip64 ? 0xffffffff : directoryOffset).u16(comment.length).raw(comment)
  const archive = out.done()
  if (spec.prefix === undefined) return archive
  const whole = new Uint8Array(spec.prefix.length + archive.length)
  whole.set(spec.prefix)
  whole.set(archive, spec.prefix.length)
  return whole
}

/** Random reads from bytes in memory, as zip-directory.ts reads an archive. */
export function memoryAccess(bytes: Uint8Array) {
  return {
    size: bytes.length,
    reads: 0,
    async read(position: number, length: number) {
      this.reads++
      return bytes.slice(position, Math.min(bytes.length, position + length))
    },
  }
}
