/**
 * Chunks written over an earlier use of the same chunk (src/evtx/leftover-records.ts): a log
 * cleared or wrapped, the new records over the old ones from the chunk's start, the old ones past
 * them left whole.
 */
import { ChunkWriter, concat, fileHeader, finishChunk, record, SIMPLE_GUID, simpleTemplate, simpleValues, templateInstance, TICKS_2025_11_21, v } from './chunk-builder.js'
import { buildChunk } from './evtx-builder.js'
import { logCleared104, rcm1058 } from './rdp-events.js'

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

/**
 * A System log cleared after 30 RCM 1058 events (2026-11-01T08:00:10Z to :39Z): 10 other events
 * and the 30 (ids 100..139), then three events (Eventlog 104, 2026-11-20) written over the first
 * ones. The 1058 events survive whole, and so does the template the first of them defines.
 */
export function clearedSystemLog(): Uint8Array {
  const before = [
    ...Array.from({ length: 10 }, (_, k) => logCleared104(`2026-10-31T08:00:0${k}Z`, 'Setup')),
    ...Array.from({ length: 30 }, (_, k) => rcm1058(`2026-11-01T08:00:${String(k + 10).padStart(2, '0')}Z`)),
  ]
  const old = buildChunk(before, 100)
  const fresh = buildChunk([0, 1, 2].map((k) => logCleared104(`2026-11-20T09:00:0${k}Z`, 'Application')), 1)
  const chunk = old.slice()
  chunk.set(fresh.subarray(0, new DataView(fresh.buffer, fresh.byteOffset).getUint32(48, true)))
  return concat(fileHeader({ chunkCount: 1, nextRecordId: 4 }), chunk)
}

/** The note analyze gives the input `clearedSystemLog()` is. */
export const CLEARED_SYSTEM_LOG_NOTE =
  "30 of the records left in unused space are events the scenarios look for (Microsoft-Windows-TerminalServices-RemoteConnectionManager 1058 x30, written 2026-11-01T08:00:10.0000000Z to 2026-11-01T08:00:39.0000000Z): they are not part of the log, so they were not analyzed; if the log was cleared after the problem, they may be its only trace ('rdp-triage dump --leftover-records' prints them)"
