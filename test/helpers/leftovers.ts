/**
 * Chunks written over an earlier use of the same chunk (src/evtx/leftover-records.ts): a log
 * cleared or wrapped, the new records over the old ones from the chunk's start, the old ones past
 * them left whole.
 */
import { ChunkWriter, finishChunk, record, SIMPLE_GUID, simpleTemplate, simpleValues, templateInstance, TICKS_2025_11_21, v } from './chunk-builder.js'

/** The same body as the simple template under another GUID (another template id). */
export const OTHER_GUID = '{99999999-2222-3333-4444-555555555555}'

/** A chunk of simple records, its free-space offset, and each record's offset. */
export interface BuiltChunk {
  readonly bytes: Uint8Array
  readonly offsets: number[]
  readonly free: number
}

/**
 * A chunk of simple records with these ids, written `secondsOf(id)` after 2025-11-21 (header and
 * TimeCreated); `guidOf(k)` is the template GUID of the k-th record (default: the simple one).
 */
export function chunkWith(ids: readonly number[], secondsOf: (id: number) => number, guidOf: (k: number) => string = () => SIMPLE_GUID): BuiltChunk {
  const w = new ChunkWriter()
  const defined = new Map<string, number>()
  const offsets: number[] = []
  ids.forEach((id, k) => {
    const ticks = TICKS_2025_11_21 + BigInt(secondsOf(id)) * 10_000_000n
    const values = simpleValues(id, `event ${id}`)
    values[2] = v.filetime(ticks)
    offsets.push(
      record(w, id, ticks, (x) => {
        x.raw([0x0f, 0x01, 0x01, 0x00])
        templateInstance(x, guidOf(k), simpleTemplate, values, defined)
        x.u8(0x00)
      }),
    )
  })
  const bytes = finishChunk(w, { firstId: ids[0] ?? 1, lastId: ids[ids.length - 1] ?? 0, lastRecordOffset: offsets[offsets.length - 1] ?? 512 })
  return { bytes, offsets, free: new DataView(bytes.buffer, bytes.byteOffset).getUint32(48, true) }
}

/** `fresh` written over `old`: fresh's header and records, then whatever of old lies past them. */
export function writtenOver(old: BuiltChunk, fresh: BuiltChunk): Uint8Array {
  const out = old.bytes.slice()
  out.set(fresh.bytes.subarray(0, fresh.free))
  return out
}

/** The old records left whole past `fresh`'s records: their indexes in `old`. */
export function leftBehind(old: BuiltChunk, fresh: BuiltChunk): number[] {
  return old.offsets.flatMap((at, k) => (at >= fresh.free ? [k] : []))
}
