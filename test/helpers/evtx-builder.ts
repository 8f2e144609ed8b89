/**
 * A small EVTX builder for tests: events described as element trees with typed substitution
 * values become real BinXML (template definitions with dependency ids, template instances with
 * value tables, inline names), packed into a chunk and a file with valid CRCs, so the parser and
 * the accessors read them exactly as they read Windows' files. Events with the same structure
 * share one template definition per chunk, so per-template caches are exercised too.
 * Test-only: the product's writer lives elsewhere.
 */
import { crc32 } from '../../src/binary/crc32.js'
import { nameHash } from '../../src/binxml/names.js'
import { computeChunkDataChecksum, computeChunkHeaderChecksum } from '../../src/evtx/chunk-header.js'

export type Value =
  | { readonly t: 'string'; readonly v: string }
  | { readonly t: 'uint8' | 'uint16' | 'uint32' | 'int32' | 'hex32'; readonly v: number }
  | { readonly t: 'uint64' | 'hex64' | 'int64' | 'filetime'; readonly v: bigint }
  | { readonly t: 'guid' | 'sid'; readonly v: string }
  | { readonly t: 'bool'; readonly v: boolean }
  | { readonly t: 'binary'; readonly v: Uint8Array }
  | { readonly t: 'string[]'; readonly v: readonly string[] }
  | { readonly t: 'null' }

/** A substitution: the value goes in the instance's value table. */
export interface Sub {
  readonly sub: Value
  /** Optional substitution (0x0e): an attribute made only of it is left out when Null. */
  readonly optional?: boolean
}

export interface XElement {
  readonly name: string
  readonly attrs?: ReadonlyArray<readonly [string, string | Sub]>
  readonly children?: ReadonlyArray<XElement | string | Sub>
  /** The element depends on its first substitution child: it is left out when that value is Null. */
  readonly dep?: boolean
}

export interface BuiltEvent {
  readonly event: XElement
  /** Record header written time, FILETIME ticks (default: 2026-11-20T08:00:00Z). */
  readonly written?: bigint
}

const TYPE: Record<Value['t'], number> = {
  string: 0x01, uint8: 0x04, uint16: 0x06, int32: 0x07, uint32: 0x08, int64: 0x09, uint64: 0x0a,
  bool: 0x0d, binary: 0x0e, guid: 0x0f, filetime: 0x11, sid: 0x13, hex32: 0x14, hex64: 0x15,
  'string[]': 0x81, null: 0x00,
}

/** FILETIME ticks of an ISO time (`2026-11-20T08:15:02.1234567Z`). */
export function ticks(iso: string): bigint {
  const m = /^(.*?)(?:\.(\d{1,7}))?Z$/.exec(iso)
  if (!m) throw new Error(`bad time ${iso}`)
  const ms = Date.parse(`${m[1]}Z`)
  if (Number.isNaN(ms)) throw new Error(`bad time ${iso}`)
  return BigInt(ms) * 10_000n + 116_444_736_000_000_000n + BigInt((m[2] ?? '').padEnd(7, '0') || '0')
}

class Bytes {
  buf = new Uint8Array(1 << 16)
  view = new DataView(this.buf.buffer)
  pos = 0
  u8(v: number) { this.view.setUint8(this.pos, v); this.pos += 1 }
  u16(v: number) { this.view.setUint16(this.pos, v, true); this.pos += 2 }
  u32(v: number) { this.view.setUint32(this.pos, v >>> 0, true); this.pos += 4 }
  u64(v: bigint) { this.view.setBigUint64(this.pos, BigInt.asUintN(64, v), true); this.pos += 8 }
  bytes(b: Uint8Array) { this.buf.set(b, this.pos); this.pos += b.length }
  utf16(s: string) { for (let i = 0; i < s.length; i++) this.u16(s.charCodeAt(i)) }
  patch32(at: number, v: number) { this.view.setUint32(at, v >>> 0, true) }
}

function encodeValue(v: Value): Uint8Array {
  const b = new Bytes()
  switch (v.t) {
    case 'string': b.utf16(v.v); break
    case 'string[]': for (const s of v.v) { b.utf16(s); b.u16(0) } break
    case 'uint8': b.u8(v.v); break
    case 'uint16': b.u16(v.v); break
    case 'uint32': case 'hex32': b.u32(v.v); break
    case 'int32': b.view.setInt32(0, v.v, true); b.pos = 4; break
    case 'uint64': case 'hex64': case 'int64': case 'filetime': b.u64(v.v); break
    case 'bool': b.u32(v.v ? 1 : 0); break
    case 'binary': b.bytes(v.v); break
    case 'guid': {
      const h = v.v.replace(/[{}-]/g, '')
      const part = (s: string) => Number.parseInt(s, 16)
      b.u32(part(h.slice(0, 8))); b.u16(part(h.slice(8, 12))); b.u16(part(h.slice(12, 16)))
      for (let i = 16; i < 32; i += 2) b.u8(part(h.slice(i, i + 2)))
      break
    }
    case 'sid': {
      const [, rev, auth, ...subs] = v.v.split('-')
      b.u8(Number(rev)); b.u8(subs.length)
      const a = BigInt(auth as string)
      for (let i = 5; i >= 0; i--) b.u8(Number((a >> BigInt(8 * i)) & 0xffn))
      for (const s of subs) b.u32(Number(s))
      break
    }
    case 'null': break
  }
  return b.buf.slice(0, b.pos)
}

/** Collects the substitutions of a tree in document order (attributes before children). */
function collectSubs(el: XElement, out: Sub[]): void {
  for (const [, a] of el.attrs ?? []) if (typeof a !== 'string') out.push(a)
  for (const c of el.children ?? []) {
    if (typeof c === 'string') continue
    if ('sub' in c) out.push(c)
    else collectSubs(c, out)
  }
}

/** The template's identity: the tree with values replaced by their declared types. */
function shapeOf(el: XElement): string {
  return JSON.stringify(el, (k, v) => (k === 'sub' ? TYPE[(v as Value).t] : v))
}

function writeName(b: Bytes, name: string): void {
  b.u32(b.pos + 4)
  b.u32(0)
  b.u16(nameHash(name))
  b.u16(name.length)
  b.utf16(name)
  b.u16(0)
}

function writeElement(b: Bytes, el: XElement, next: { i: number }, inTemplate: boolean): void {
  const attrs = el.attrs ?? []
  b.u8(attrs.length > 0 ? 0x41 : 0x01)
  const firstSub = { i: next.i + attrs.filter(([, a]) => typeof a !== 'string').length }
  if (inTemplate) b.u16(el.dep ? firstSub.i : 0xffff)
  const sizeAt = b.pos
  b.u32(0)
  writeName(b, el.name)
  if (attrs.length > 0) {
    const listAt = b.pos
    b.u32(0)
    attrs.forEach(([name, value], k) => {
      b.u8(k < attrs.length - 1 ? 0x46 : 0x06)
      writeName(b, name)
      writeLeaf(b, value, next)
    })
    b.patch32(listAt, b.pos - listAt - 4)
  }
  const children = el.children ?? []
  if (children.length === 0) b.u8(0x03)
  else {
    b.u8(0x02)
    for (const c of children) {
      if (typeof c !== 'string' && !('sub' in c)) writeElement(b, c, next, inTemplate)
      else writeLeaf(b, c, next)
    }
    b.u8(0x04)
  }
  b.patch32(sizeAt, b.pos - sizeAt - 4)
}

function writeLeaf(b: Bytes, value: string | Sub, next: { i: number }): void {
  if (typeof value === 'string') {
    b.u8(0x05); b.u8(0x01); b.u16(value.length); b.utf16(value)
    return
  }
  b.u8(value.optional ? 0x0e : 0x0d)
  b.u16(next.i++)
  b.u8(TYPE[value.sub.t])
}

/** One chunk (65536 bytes) holding `events` as records `firstId`, `firstId + 1`, … */
export function buildChunk(events: readonly BuiltEvent[], firstId = 1): Uint8Array {
  const b = new Bytes()
  b.pos = 0x200
  // By shape: where its definition is, and its id (the first 4 bytes of its GUID, as Windows writes).
  const templates = new Map<string, { defAt: number; id: number }>()
  let lastRecordAt = 0x200
  events.forEach((e, k) => {
    const recordAt = b.pos
    lastRecordAt = recordAt
    b.u32(0x2a2a); b.u32(0); b.u64(BigInt(firstId + k)); b.u64(e.written ?? ticks('2026-11-20T08:00:00Z'))
    b.u8(0x0f); b.u8(0x01); b.u8(0x01); b.u8(0x00)
    b.u8(0x0c); b.u8(0x01)
    const shape = shapeOf(e.event)
    const known = templates.get(shape)
    if (known !== undefined) {
      b.u32(known.id)
      b.u32(known.defAt)
    } else {
      const n = templates.size + 1
      const guid = Array.from({ length: 16 }, (_, i) => (n * 7 + i) & 0xff)
      const id = ((guid[0] as number) | ((guid[1] as number) << 8) | ((guid[2] as number) << 16) | ((guid[3] as number) << 24)) >>> 0
      const defAt = b.pos + 8
      templates.set(shape, { defAt, id })
      b.u32(id)
      b.u32(defAt)
      b.u32(0)
      for (const g of guid) b.u8(g)
      const sizeAt = b.pos
      b.u32(0)
      b.u8(0x0f); b.u8(0x01); b.u8(0x01); b.u8(0x00)
      writeElement(b, e.event, { i: 0 }, true)
      b.u8(0x00)
      b.patch32(sizeAt, b.pos - sizeAt - 4)
    }
    const subs: Sub[] = []
    collectSubs(e.event, subs)
    const encoded = subs.map((s) => encodeValue(s.sub))
    b.u32(subs.length)
    subs.forEach((s, i) => { b.u16((encoded[i] as Uint8Array).length); b.u8(TYPE[s.sub.t]); b.u8(0) })
    for (const v of encoded) b.bytes(v)
    b.u8(0x00)
    const size = b.pos - recordAt + 4
    b.u32(size)
    b.patch32(recordAt + 4, size)
  })
  const chunk = b.buf
  chunk.set([0x45, 0x6c, 0x66, 0x43, 0x68, 0x6e, 0x6b, 0x00], 0)
  const view = b.view
  const lastId = BigInt(firstId + events.length - 1)
  view.setBigUint64(8, BigInt(firstId), true)
  view.setBigUint64(16, lastId, true)
  view.setBigUint64(24, BigInt(firstId), true)
  view.setBigUint64(32, lastId, true)
  view.setUint32(40, 128, true)
  view.setUint32(44, lastRecordAt, true)
  view.setUint32(48, b.pos, true)
  view.setUint32(52, computeChunkDataChecksum(chunk, b.pos), true)
  view.setUint32(120, 1, true)
  view.setUint32(124, computeChunkHeaderChecksum(chunk), true)
  return chunk
}

/** A whole .evtx file: a 4096-byte header block and one chunk per `chunkSize` events. */
export function buildEvtx(events: readonly BuiltEvent[], chunkSize = 100): Uint8Array {
  const chunks: Uint8Array[] = []
  for (let i = 0; i < events.length || chunks.length === 0; i += chunkSize) chunks.push(buildChunk(events.slice(i, i + chunkSize), i + 1))
  const file = new Uint8Array(0x1000 + chunks.length * 0x10000)
  chunks.forEach((c, i) => file.set(c, 0x1000 + i * 0x10000))
  const view = new DataView(file.buffer)
  file.set([0x45, 0x6c, 0x66, 0x46, 0x69, 0x6c, 0x65, 0x00], 0)
  view.setBigUint64(16, BigInt(chunks.length - 1), true)
  view.setBigUint64(24, BigInt(events.length + 1), true)
  view.setUint32(32, 128, true)
  view.setUint16(36, 1, true)
  view.setUint16(38, 3, true)
  view.setUint16(40, 0x1000, true)
  view.setUint16(42, chunks.length, true)
  view.setUint32(124, crc32(file, 0, 120), true)
  return file
}

const s = (v: string): Sub => ({ sub: { t: 'string', v } })

export interface SimpleEvent {
  readonly provider: string
  readonly guid?: string
  readonly eventSourceName?: string
  readonly eventId: number
  readonly qualifiers?: number
  readonly level?: number
  readonly task?: number
  readonly opcode?: number
  readonly keywords?: bigint
  readonly time: string
  readonly recordId?: bigint
  readonly channel: string
  readonly computer?: string
  readonly userId?: string
  /** Named data (`[name, value]`) or unnamed data (plain values) under EventData. */
  readonly data?: ReadonlyArray<readonly [string, Value] | Value>
  /** Hex of a `<Binary>` element under EventData (left out when undefined: a Null dependency). */
  readonly binary?: Uint8Array
  /** UserData: the inner element's name and its children. */
  readonly userData?: { readonly name: string; readonly fields: ReadonlyArray<readonly [string, Value]> }
}

/** An event laid out as Windows' System template lays it out, every System value a substitution. */
export function systemEvent(e: SimpleEvent): BuiltEvent {
  const opt = (v: Value): Sub => ({ sub: v, optional: true })
  const system: XElement = {
    name: 'System',
    children: [
      {
        name: 'Provider',
        attrs: [
          ['Name', opt({ t: 'string', v: e.provider })],
          ['Guid', opt(e.guid === undefined ? { t: 'null' } : { t: 'guid', v: e.guid })],
          ['EventSourceName', opt(e.eventSourceName === undefined ? { t: 'null' } : { t: 'string', v: e.eventSourceName })],
        ],
      },
      { name: 'EventID', attrs: [['Qualifiers', opt(e.qualifiers === undefined ? { t: 'null' } : { t: 'uint16', v: e.qualifiers })]], children: [{ sub: { t: 'uint16', v: e.eventId } }] },
      { name: 'Version', children: [{ sub: { t: 'uint8', v: 0 } }] },
      { name: 'Level', children: [{ sub: { t: 'uint8', v: e.level ?? 4 } }] },
      { name: 'Task', children: [{ sub: { t: 'uint16', v: e.task ?? 0 } }] },
      { name: 'Opcode', children: [{ sub: { t: 'uint8', v: e.opcode ?? 0 } }] },
      { name: 'Keywords', children: [{ sub: { t: 'hex64', v: e.keywords ?? 0x8000000000000000n } }] },
      { name: 'TimeCreated', attrs: [['SystemTime', opt({ t: 'filetime', v: ticks(e.time) })]] },
      { name: 'EventRecordID', children: [{ sub: { t: 'uint64', v: e.recordId ?? 1n } }] },
      { name: 'Correlation', attrs: [['ActivityID', opt({ t: 'null' })], ['RelatedActivityID', opt({ t: 'null' })]] },
      { name: 'Execution', attrs: [['ProcessID', opt({ t: 'uint32', v: 4 })], ['ThreadID', opt({ t: 'uint32', v: 8 })]] },
      { name: 'Channel', children: [s(e.channel)] },
      { name: 'Computer', children: [s(e.computer ?? 'vm01.contoso.test')] },
      { name: 'Security', attrs: [['UserID', opt(e.userId === undefined ? { t: 'null' } : { t: 'sid', v: e.userId })]] },
    ],
  }
  const children: XElement[] = [system]
  if (e.userData !== undefined) {
    const fields = e.userData.fields.map(([n, v]): XElement => ({ name: n, children: [{ sub: v }] }))
    children.push({ name: 'UserData', children: [{ name: e.userData.name, attrs: [['xmlns', 'Event_NS']], children: fields }] })
  } else {
    const data = (e.data ?? []).map((d): XElement =>
      Array.isArray(d) ? { name: 'Data', attrs: [['Name', d[0] as string]], children: [{ sub: d[1] as Value }] } : { name: 'Data', children: [{ sub: d as Value }] },
    )
    const binary: XElement = { name: 'Binary', dep: true, children: [{ sub: e.binary === undefined ? { t: 'null' } : { t: 'binary', v: e.binary } }] }
    children.push({ name: 'EventData', children: [...data, binary] })
  }
  return {
    event: { name: 'Event', attrs: [['xmlns', 'http://schemas.microsoft.com/win/2004/08/events/event']], children },
    written: ticks(e.time),
  }
}
