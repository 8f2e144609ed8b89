/**
 * A small byte-level builder for parser unit tests: BinXML token streams, template definitions,
 * records, chunks and file headers, with names written inline at their real chunk offsets (with
 * their hashes) and CRCs computed as Windows does. It is deliberately independent of src/writer, so parser tests do
 * not trust the code they are meant to check.
 */
import { crc32 } from '../../src/binary/crc32.js'
import { encodeGuid } from '../../src/binary/guid.js'
import { nameHash } from '../../src/binxml/names.js'

export const CHUNK = 0x10000

/** Byte sink that knows the chunk offset of every byte it writes. */
export class ChunkWriter {
  readonly bytes = new Uint8Array(CHUNK)
  readonly view = new DataView(this.bytes.buffer)
  pos = 512
  private readonly names = new Map<string, number>()

  u8(v: number): this {
    this.bytes[this.pos++] = v & 0xff
    return this
  }
  u16(v: number): this {
    this.view.setUint16(this.pos, v, true)
    this.pos += 2
    return this
  }
  u32(v: number): this {
    this.view.setUint32(this.pos, v >>> 0, true)
    this.pos += 4
    return this
  }
  u64(v: bigint | number): this {
    this.view.setBigUint64(this.pos, BigInt(v), true)
    this.pos += 8
    return this
  }
  raw(b: ArrayLike<number>): this {
    this.bytes.set(b, this.pos)
    this.pos += b.length
    return this
  }
  utf16(s: string): this {
    for (let i = 0; i < s.length; i++) this.u16(s.charCodeAt(i))
    return this
  }
  /** A name field: inline the first time, a back-reference after. */
  name(n: string): this {
    const prev = this.names.get(n)
    if (prev !== undefined) return this.u32(prev)
    const at = this.pos + 4
    this.names.set(n, at)
    this.u32(at).u32(0).u16(nameHash(n)).u16(n.length).utf16(n).u16(0)
    return this
  }
}

/** Element start: token 0x01/0x41, [dep id], data size (patched), name. Returns a closer. */
export function openElement(w: ChunkWriter, name: string, opts: { depId?: number; inTemplate?: boolean; attrs?: boolean } = {}): () => void {
  w.u8(opts.attrs ? 0x41 : 0x01)
  if (opts.inTemplate) w.u16(opts.depId ?? 0xffff)
  const sizeAt = w.pos
  w.u32(0)
  w.name(name)
  if (opts.attrs) w.u32(0) // attribute list size (not used by readers)
  return () => w.view.setUint32(sizeAt, w.pos - sizeAt - 4, true)
}

/** A whole element with content: its start, what `content` writes, its end. */
export function element(w: ChunkWriter, name: string, content: (w: ChunkWriter) => void, opts: Parameters<typeof openElement>[2] = {}): void {
  const close = openElement(w, name, opts)
  w.u8(0x02)
  content(w)
  w.u8(0x04)
  close()
}

/** An element with attributes (what `attrs` writes: attribute names and their values) and content. */
export function attributedElement(
  w: ChunkWriter,
  name: string,
  attrs: (w: ChunkWriter) => void,
  content: (w: ChunkWriter) => void,
  opts: Parameters<typeof openElement>[2] = {},
): void {
  const close = openElement(w, name, { ...opts, attrs: true })
  attrs(w)
  w.u8(0x02)
  content(w)
  w.u8(0x04)
  close()
}

export function attribute(w: ChunkWriter, name: string, more: boolean): void {
  w.u8(more ? 0x46 : 0x06).name(name)
}

export function text(w: ChunkWriter, s: string, more = false): void {
  w.u8(more ? 0x45 : 0x05).u8(0x01).u16(s.length).utf16(s)
}

export function substitution(w: ChunkWriter, index: number, type: number, optional = false): void {
  w.u8(optional ? 0x0e : 0x0d).u16(index).u8(type)
}

export interface Value {
  readonly type: number
  readonly bytes: Uint8Array
}

export const v = {
  str: (s: string): Value => {
    const b = new Uint8Array(s.length * 2)
    for (let i = 0; i < s.length; i++) new DataView(b.buffer).setUint16(i * 2, s.charCodeAt(i), true)
    return { type: 0x01, bytes: b }
  },
  u8: (n: number): Value => ({ type: 0x04, bytes: Uint8Array.of(n) }),
  u16: (n: number): Value => ({ type: 0x06, bytes: Uint8Array.of(n & 0xff, n >> 8) }),
  u32: (n: number): Value => {
    const b = new Uint8Array(4)
    new DataView(b.buffer).setUint32(0, n, true)
    return { type: 0x08, bytes: b }
  },
  u64: (n: bigint): Value => {
    const b = new Uint8Array(8)
    new DataView(b.buffer).setBigUint64(0, n, true)
    return { type: 0x0a, bytes: b }
  },
  hex64: (n: bigint): Value => ({ ...v.u64(n), type: 0x15 }),
  filetime: (n: bigint): Value => ({ ...v.u64(n), type: 0x11 }),
  guid: (g: string): Value => {
    const b = new Uint8Array(16)
    encodeGuid(g, b, 0)
    return { type: 0x0f, bytes: b }
  },
  null: (size = 0): Value => ({ type: 0x00, bytes: new Uint8Array(size) }),
  raw: (type: number, bytes: ArrayLike<number>): Value => ({ type, bytes: Uint8Array.from(bytes) }),
}

/** Writes values (count, descriptors, data) at the cursor. */
export function values(w: ChunkWriter, vals: readonly Value[]): void {
  w.u32(vals.length)
  for (const x of vals) w.u16(x.bytes.length).u8(x.type).u8(0)
  for (const x of vals) w.raw(x.bytes)
}

/**
 * A template instance whose definition is inline (first use) or a back-reference. `body` writes
 * the template's element tree (with `inTemplate: true` element starts).
 */
export function templateInstance(
  w: ChunkWriter,
  guid: string,
  body: (w: ChunkWriter) => void,
  vals: readonly Value[],
  defined?: Map<string, number>,
): void {
  w.u8(0x0c).u8(0x01)
  const g = new Uint8Array(16)
  encodeGuid(guid, g, 0)
  w.raw(g.subarray(0, 4))
  const prev = defined?.get(guid)
  if (prev !== undefined) {
    w.u32(prev)
  } else {
    const defAt = w.pos + 4
    w.u32(defAt)
    defined?.set(guid, defAt)
    w.u32(0).raw(g)
    const sizeAt = w.pos
    w.u32(0)
    w.raw([0x0f, 0x01, 0x01, 0x00])
    body(w)
    w.u8(0x00)
    w.view.setUint32(sizeAt, w.pos - sizeAt - 4, true)
  }
  values(w, vals)
}

/** A BinXml value: a fragment instantiating an already defined template with these values. */
export function instanceValue(guid: string, defined: ReadonlyMap<string, number>, vals: readonly Value[]): Value {
  const w = new ChunkWriter()
  w.pos = 0
  w.raw([0x0f, 0x01, 0x01, 0x00]).u8(0x0c).u8(0x01)
  const g = new Uint8Array(16)
  encodeGuid(guid, g, 0)
  w.raw(g.subarray(0, 4)).u32(defined.get(guid) as number)
  values(w, vals)
  w.u8(0x00)
  return v.raw(0x21, w.bytes.slice(0, w.pos))
}

/** A record holding one template instance (defined by it, or by a record before it in `defined`). */
export function instanceRecord(w: ChunkWriter, id: number, guid: string, body: (w: ChunkWriter) => void, vals: readonly Value[], defined: Map<string, number>): number {
  return record(w, id, TICKS_2025_11_21 + BigInt(id) * 10_000_000n, (x) => {
    x.raw([0x0f, 0x01, 0x01, 0x00])
    templateInstance(x, guid, body, vals, defined)
    x.u8(0x00)
  })
}

/** Writes a record around `binxml`; returns its offset. */
export function record(w: ChunkWriter, id: number, writtenTicks: bigint, binxml: (w: ChunkWriter) => void): number {
  const start = w.pos
  w.u32(0x2a2a).u32(0).u64(id).u64(writtenTicks)
  binxml(w)
  while ((w.pos - start + 4) % 8 !== 0) w.u8(0)
  const size = w.pos - start + 4
  w.u32(size)
  w.view.setUint32(start + 4, size, true)
  return start
}

/** One chunk holding a record per value set (ids 1…n), each an instance of one template. */
export function templateChunk(guid: string, body: (w: ChunkWriter) => void, valueSets: readonly (readonly Value[])[]): Uint8Array {
  const w = new ChunkWriter()
  const defined = new Map<string, number>()
  let last = 512
  valueSets.forEach((vals, i) => {
    last = record(w, i + 1, 0n, (x) => {
      x.raw([0x0f, 0x01, 0x01, 0x00])
      templateInstance(x, guid, body, vals, defined)
      x.u8(0x00)
    })
  })
  return finishChunk(w, { firstId: 1, lastId: valueSets.length, lastRecordOffset: last })
}

/** Fills in the chunk header (ids, offsets, CRCs). */
export function finishChunk(
  w: ChunkWriter,
  opts: { firstId: number; lastId: number; lastRecordOffset: number; freeSpace?: number; flags?: number },
): Uint8Array {
  const b = w.bytes
  const view = w.view
  b.set([0x45, 0x6c, 0x66, 0x43, 0x68, 0x6e, 0x6b, 0x00], 0)
  view.setBigUint64(8, BigInt(opts.firstId), true)
  view.setBigUint64(16, BigInt(opts.lastId), true)
  view.setBigUint64(24, BigInt(opts.firstId), true)
  view.setBigUint64(32, BigInt(opts.lastId), true)
  view.setUint32(40, 128, true)
  view.setUint32(44, opts.lastRecordOffset, true)
  const free = opts.freeSpace ?? w.pos
  view.setUint32(48, free, true)
  view.setUint32(52, crc32(b, 512, Math.min(free, CHUNK)), true)
  view.setUint32(120, opts.flags ?? 1, true)
  view.setUint32(124, crc32(b, 128, 512, crc32(b, 0, 120)), true)
  return b
}

/** A 4096-byte file header block. */
export function fileHeader(opts: { chunkCount: number; nextRecordId: number; lastChunk?: number; flags?: number; minor?: number }): Uint8Array {
  const b = new Uint8Array(4096)
  const view = new DataView(b.buffer)
  b.set([0x45, 0x6c, 0x66, 0x46, 0x69, 0x6c, 0x65, 0x00], 0)
  view.setBigUint64(8, 0n, true)
  view.setBigUint64(16, BigInt(opts.lastChunk ?? Math.max(0, opts.chunkCount - 1)), true)
  view.setBigUint64(24, BigInt(opts.nextRecordId), true)
  view.setUint32(32, 128, true)
  view.setUint16(36, opts.minor ?? 1, true)
  view.setUint16(38, 3, true)
  view.setUint16(40, 4096, true)
  view.setUint16(42, opts.chunkCount, true)
  view.setUint32(120, opts.flags ?? 0, true)
  view.setUint32(124, crc32(b, 0, 120), true)
  return b
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const p of parts) {
    out.set(p, at)
    at += p.length
  }
  return out
}

export const SIMPLE_GUID = '{11111111-2222-3333-4444-555555555555}'

/**
 * The template most tests use: `<Event xmlns='…'><System><Provider Name='%0'/><EventID>%1</EventID>
 * <TimeCreated SystemTime='%2'/><EventRecordID>%3</EventRecordID><Channel>%4</Channel></System>
 * <EventData><Data Name='Message'>%5</Data></EventData></Event>`.
 */
export function simpleTemplate(w: ChunkWriter): void {
  const t = { inTemplate: true }
  const closeEvent = openElement(w, 'Event', { ...t, attrs: true })
  attribute(w, 'xmlns', false)
  text(w, 'http://schemas.microsoft.com/win/2004/08/events/event')
  w.u8(0x02)
  const closeSystem = openElement(w, 'System', t)
  w.u8(0x02)
  const closeProvider = openElement(w, 'Provider', { ...t, attrs: true })
  attribute(w, 'Name', false)
  substitution(w, 0, 0x01)
  w.u8(0x03)
  closeProvider()
  const closeId = openElement(w, 'EventID', t)
  w.u8(0x02)
  substitution(w, 1, 0x06)
  w.u8(0x04)
  closeId()
  const closeTime = openElement(w, 'TimeCreated', { ...t, attrs: true })
  attribute(w, 'SystemTime', false)
  substitution(w, 2, 0x11, true)
  w.u8(0x03)
  closeTime()
  const closeRid = openElement(w, 'EventRecordID', t)
  w.u8(0x02)
  substitution(w, 3, 0x0a)
  w.u8(0x04)
  closeRid()
  const closeChannel = openElement(w, 'Channel', t)
  w.u8(0x02)
  substitution(w, 4, 0x01)
  w.u8(0x04)
  closeChannel()
  w.u8(0x04)
  closeSystem()
  const closeData = openElement(w, 'EventData', t)
  w.u8(0x02)
  const closeD = openElement(w, 'Data', { ...t, attrs: true })
  attribute(w, 'Name', false)
  text(w, 'Message')
  w.u8(0x02)
  substitution(w, 5, 0x01, true)
  w.u8(0x04)
  closeD()
  w.u8(0x04)
  closeData()
  w.u8(0x04)
  closeEvent()
}

export const TICKS_2025_11_21 = 134_081_568_000_000_000n // 2025-11-21T00:00:00Z

/** Values for `simpleTemplate`. */
export function simpleValues(id: number, message: string, provider = 'Test-Provider', eventId = 1000): Value[] {
  return [v.str(provider), v.u16(eventId), v.filetime(TICKS_2025_11_21 + BigInt(id) * 10_000_000n), v.u64(BigInt(id)), v.str('System'), v.str(message)]
}

/** A chunk of `count` simple records with ids first..first+count-1. */
export function simpleChunk(first: number, count: number, message = (id: number) => `event ${id}`): Uint8Array {
  return chunkOfIds(Array.from({ length: count }, (_, i) => first + i), message)
}

/**
 * A chunk of simple records with these ids, in this order (the header's range: first to last
 * given); `created` gives the k-th record's TimeCreated (default: one second per id).
 */
export function chunkOfIds(ids: readonly number[], message = (id: number) => `event ${id}`, created?: (id: number, k: number) => bigint): Uint8Array {
  const w = new ChunkWriter()
  const defined = new Map<string, number>()
  let last = 512
  ids.forEach((id, k) => {
    const values = simpleValues(id, message(id))
    if (created !== undefined) values[2] = v.filetime(created(id, k))
    last = record(w, id, TICKS_2025_11_21 + BigInt(id) * 10_000_000n, (x) => {
      x.raw([0x0f, 0x01, 0x01, 0x00])
      templateInstance(x, SIMPLE_GUID, simpleTemplate, values, defined)
      x.u8(0x00)
    })
  })
  return finishChunk(w, { firstId: ids[0] ?? 1, lastId: ids[ids.length - 1] ?? 0, lastRecordOffset: last })
}

/** A whole file of simple chunks. */
export function simpleFile(chunks: Array<[first: number, count: number]>, header: Partial<Parameters<typeof fileHeader>[0]> = {}): Uint8Array {
  const parts = chunks.map(([f, c]) => simpleChunk(f, c))
  const lastId = chunks.reduce((m, [f, c]) => Math.max(m, f + c - 1), 0)
  return concat(fileHeader({ chunkCount: chunks.length, nextRecordId: lastId + 1, ...header }), ...parts)
}
