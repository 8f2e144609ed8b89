/**
 * Records whose `<System>` names one BinXml value many times, so that one small record expands to
 * a great many elements: what path lookups and queries must bound (test/access, test/query).
 */
import { parseChunk } from '../../src/evtx/chunk.js'
import type { EvtxRecord } from '../../src/evtx/record.js'
import type { Limits } from '../../src/limits.js'
import { ChunkWriter, finishChunk, instanceRecord, instanceValue, openElement, substitution, v } from './chunk-builder.js'

const INNER = '{d2d2d2d2-2222-3333-4444-555555555555}'
const OUTER = '{d1d1d1d1-2222-3333-4444-555555555555}'

/**
 * Record 2 of a chunk: `<Event><System>` naming value 0 `copies` times; value 0 is a BinXml
 * instance of the template `inner` writes (record 1 defines it), whose value 0 is a UInt8 array of
 * `items` sevens.
 * @param inner - writes the inner template's body, which renders its value 0 (type 0x84) somewhere
 */
export function repeatedValueRecord(inner: (w: ChunkWriter) => void, copies: number, items: number, limits?: Partial<Limits>): EvtxRecord {
  const w = new ChunkWriter()
  const defined = new Map<string, number>()
  instanceRecord(w, 1, INNER, inner, [v.raw(0x84, [7])], defined)
  const event = (x: ChunkWriter) => {
    const closeEvent = openElement(x, 'Event', { inTemplate: true })
    x.u8(0x02)
    const closeSystem = openElement(x, 'System', { inTemplate: true })
    x.u8(0x02)
    for (let k = 0; k < copies; k++) substitution(x, 0, 0x21)
    x.u8(0x04)
    closeSystem()
    x.u8(0x04)
    closeEvent()
  }
  const last = instanceRecord(w, 2, OUTER, event, [instanceValue(INNER, defined, [v.raw(0x84, new Array(items).fill(7))])], defined)
  return [...parseChunk(finishChunk(w, { firstId: 1, lastId: 2, lastRecordOffset: last }), 0, { limits })][1] as EvtxRecord
}

/** Writes `<name>` around the body `inside` writes (content follows its start tag). */
export function element(w: ChunkWriter, name: string, inside: () => void): void {
  const close = openElement(w, name, { inTemplate: true })
  w.u8(0x02)
  inside()
  w.u8(0x04)
  close()
}

/** Writes substitution 0 as a UInt8 array (0x84). */
export function arrayValue(w: ChunkWriter): void {
  substitution(w, 0, 0x84)
}
