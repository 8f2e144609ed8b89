/**
 * A record nested deep through template instances and BinXml values, not through one long
 * element tree: a template whose body is `levels` nested `<E>` elements around its value 0 (an
 * optional BinXml substitution), and a value that instantiates the template again, `nests`
 * times, so the record's elements nest `levels × (nests + 1)` deep. Record 1 defines the template
 * (`levels` deep); record 2 is the nested one.
 */
import { ChunkWriter, finishChunk, instanceRecord, instanceValue, openElement, substitution, v } from './chunk-builder.js'

const GUID = '{cccccccc-2222-3333-4444-555555555555}'

export function nestedTemplateChunk(levels: number, nests: number): Uint8Array {
  const w = new ChunkWriter()
  const defined = new Map<string, number>()
  const body = (x: ChunkWriter) => {
    const closers: Array<() => void> = []
    for (let i = 0; i < levels; i++) {
      closers.push(openElement(x, 'E', { inTemplate: true }))
      x.u8(0x02)
    }
    substitution(x, 0, 0x21, true)
    for (let i = levels - 1; i >= 0; i--) {
      x.u8(0x04)
      ;(closers[i] as () => void)()
    }
  }
  instanceRecord(w, 1, GUID, body, [v.null()], defined)
  let value = v.null()
  for (let k = 0; k < nests; k++) value = instanceValue(GUID, defined, [value])
  const last = instanceRecord(w, 2, GUID, body, [value], defined)
  return finishChunk(w, { firstId: 1, lastId: 2, lastRecordOffset: last })
}
