/**
 * Chunks edited the way log-tampering tools hide a record (src/evtx/hidden-records.ts): the record
 * before it grown over it, CRCs fixed, the later records optionally renumbered.
 */
import { crc32 } from '../../src/binary/crc32.js'
import { ChunkWriter, finishChunk, record, SIMPLE_GUID, simpleTemplate, simpleValues, templateInstance, TICKS_2025_11_21 } from './chunk-builder.js'

/** A chunk of n simple records with ids from `first`; `eventId` gives each its event id. Returns the bytes and each record's offset. */
export function chunkOf(n: number, first = 1, eventId: (id: number) => number = () => 1000): { bytes: Uint8Array; offsets: number[] } {
  const w = new ChunkWriter()
  const defined = new Map<string, number>()
  const offsets: number[] = []
  for (let id = first; id < first + n; id++) {
    offsets.push(
      record(w, id, TICKS_2025_11_21 + BigInt(id) * 10_000_000n, (x) => {
        x.raw([0x0f, 0x01, 0x01, 0x00])
        templateInstance(x, SIMPLE_GUID, simpleTemplate, simpleValues(id, `event ${id}`, 'Test-Provider', eventId(id)), defined)
        x.u8(0x00)
      }),
    )
  }
  return { bytes: finishChunk(w, { firstId: first, lastId: first + n - 1, lastRecordOffset: offsets[n - 1] as number }), offsets }
}

export const u32 = (b: Uint8Array, at: number) => new DataView(b.buffer, b.byteOffset).getUint32(at, true)
export const setU32 = (b: Uint8Array, at: number, v: number) => new DataView(b.buffer, b.byteOffset).setUint32(at, v, true)

/** Fixes the chunk's data and header CRCs after an edit, as the tampering tools do. */
export function fixCrcs(b: Uint8Array): void {
  const view = new DataView(b.buffer, b.byteOffset)
  view.setUint32(52, crc32(b, 512, view.getUint32(48, true)), true)
  view.setUint32(124, crc32(b, 128, 512, crc32(b, 0, 120)), true)
}

/**
 * Hides the `count` records after the record at index `host` (0-based) inside it: the host's size,
 * at its start and in its trailing copy, grows over them. With `renumber`, the later records'
 * ids and the header's last ids go down by `count`, as eventlogedit's copies do.
 */
export function hide(chunk: { bytes: Uint8Array; offsets: number[] }, host: number, count: number, renumber = false): Uint8Array {
  const b = chunk.bytes.slice()
  const at = chunk.offsets[host] as number
  const lastHidden = chunk.offsets[host + count] as number
  const newSize = lastHidden + u32(b, lastHidden + 4) - at
  setU32(b, at + 4, newSize)
  setU32(b, at + newSize - 4, newSize)
  if (renumber) {
    const view = new DataView(b.buffer)
    for (const p of chunk.offsets.slice(host + count + 1)) view.setBigUint64(p + 8, view.getBigUint64(p + 8, true) - BigInt(count), true)
    for (const field of [16, 32]) view.setBigUint64(field, view.getBigUint64(field, true) - BigInt(count), true)
    if (host + count + 1 === chunk.offsets.length) view.setUint32(44, at, true)
  }
  fixCrcs(b)
  return b
}

