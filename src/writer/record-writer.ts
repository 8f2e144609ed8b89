/**
 * One event record: `2a 2a 00 00`, u32 size, u64 record id, u64 written FILETIME, the BinXML
 * document, padding, and the size again. Windows keeps records 8-byte aligned (every record of
 * the real System, Security and Application logs checked has a size divisible by 8); the padding
 * after the EOF token holds stale bytes there, zeros here.
 * Ref: ../shared/docs/evtx-format.md c.4.
 */
import { RECORD_MAGIC } from '../evtx/constants.js'
import { ByteWriter } from './byte-writer.js'
import { type EncodeTables, encodeDocument } from './binxml-encoder.js'
import type { WriterRecord } from './model.js'
import { toTicks } from './value-encoder.js'

const RECORD_ALIGNMENT = 8

/**
 * Encodes `record` as it will sit at chunk offset `at`; returns its bytes.
 * @throws {RangeError} for a record id or written time a u64 cannot hold
 */
export function encodeRecord(t: EncodeTables, record: WriterRecord, at: number): Uint8Array {
  const id = BigInt(record.recordId)
  if (id < 0n || id >= 1n << 64n) throw new RangeError(`record id ${id} does not fit in 64 bits`)
  const w = new ByteWriter(at, 1024)
  w.u32(RECORD_MAGIC)
  w.u32(0)
  w.u64(id)
  w.u64(toTicks(record.written))
  encodeDocument(t, w, { ...record.document, fragmentHeader: true })
  const unpadded = w.length + 4
  w.zeros((RECORD_ALIGNMENT - (unpadded % RECORD_ALIGNMENT)) % RECORD_ALIGNMENT)
  const size = w.length + 4
  w.u32(size)
  w.patchU32(at + 4, size)
  return w.result()
}
