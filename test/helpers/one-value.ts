/**
 * Builds a one-record chunk whose template is `<Event><EventData><Data Name='v'>%0</Data>
 * </EventData></Event>` (plus optional extra parts), to test how single values render.
 */
import { parseChunk } from '../../src/evtx/chunk.js'
import type { Limits } from '../../src/limits.js'
import type { EvtxRecord } from '../../src/evtx/record.js'
import type { Diagnostic } from '../../src/diagnostics.js'
import { attribute, ChunkWriter, finishChunk, openElement, record, substitution, templateInstance, text, type Value } from './chunk-builder.js'

export function dataTemplate(w: ChunkWriter, opts: { optional?: boolean; declared?: number; depId?: number } = {}): void {
  const t = { inTemplate: true }
  const e = openElement(w, 'Event', t)
  w.u8(0x02)
  const ed = openElement(w, 'EventData', t)
  w.u8(0x02)
  const d = openElement(w, 'Data', { ...t, attrs: true, ...(opts.depId !== undefined ? { depId: opts.depId } : {}) })
  attribute(w, 'Name', false)
  text(w, 'v')
  w.u8(0x02)
  substitution(w, 0, opts.declared ?? 0x01, opts.optional ?? false)
  w.u8(0x04)
  d()
  w.u8(0x04)
  ed()
  w.u8(0x04)
  e()
}

export function oneValueRecord(vals: Value[], opts: Parameters<typeof dataTemplate>[1] = {}, diagnostics: Diagnostic[] = [], limits: Partial<Limits> = {}): EvtxRecord {
  const w = new ChunkWriter()
  const at = record(w, 1, 0n, (x) => {
    x.raw([0x0f, 0x01, 0x01, 0x00])
    templateInstance(x, '{aaaaaaaa-0000-0000-0000-000000000001}', (y) => dataTemplate(y, opts), vals)
    x.u8(0x00)
  })
  const chunk = finishChunk(w, { firstId: 1, lastId: 1, lastRecordOffset: at })
  const [r] = [...parseChunk(chunk, 0, { onDiagnostic: (d) => diagnostics.push(d), limits })]
  if (r === undefined) throw new Error(`record not read: ${JSON.stringify(diagnostics)}`)
  return r
}

/** The rendered content of the `Data` element(s). */
export function dataXml(xml: string): string {
  return xml.replace(/^<Event><EventData>/, '').replace(/<\/EventData><\/Event>$/, '')
}
