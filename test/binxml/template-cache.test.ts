/**
 * The file-level template cache: every chunk defines its templates again, and a definition met
 * before byte for byte is reused, but only when the names its body refers back to (defined
 * earlier in the chunk, outside the body) are the same names too.
 */
import { describe, expect, it } from 'vitest'
import { NodeKind } from '../../src/binxml/nodes.js'
import type { CompiledTemplate } from '../../src/binxml/template.js'
import { parseEvtx } from '../../src/evtx/parse.js'
import type { EvtxRecord } from '../../src/evtx/record.js'
import { renderXml } from '../../src/render/xml.js'
import { ChunkWriter, concat, fileHeader, finishChunk, openElement, record, templateInstance } from '../helpers/chunk-builder.js'

const DEFINES = '{0dd0dd00-0000-0000-0000-00000000000a}'
const REFERS = '{0dd0dd00-0000-0000-0000-00000000000b}'

function emptyElement(w: ChunkWriter, name: string): void {
  const close = openElement(w, name, { inTemplate: true })
  w.u8(0x03)
  close()
}

/**
 * A chunk whose first template defines the name `name` inline and whose second template's body
 * is only a back-reference to it: the second body's bytes are the same for any name of one length.
 */
function chunk(name: string, firstId: number, refers = REFERS): Uint8Array {
  const w = new ChunkWriter()
  const defined = new Map<string, number>()
  record(w, firstId, 0n, (x) => {
    x.raw([0x0f, 0x01, 0x01, 0x00])
    templateInstance(x, DEFINES, (y) => emptyElement(y, name), [], defined)
    x.u8(0x00)
  })
  const last = record(w, firstId + 1, 0n, (x) => {
    x.raw([0x0f, 0x01, 0x01, 0x00])
    templateInstance(x, refers, (y) => emptyElement(y, name), [], defined)
    x.u8(0x00)
  })
  return finishChunk(w, { firstId, lastId: firstId + 1, lastRecordOffset: last })
}

function templateOf(r: EvtxRecord): CompiledTemplate {
  const top = r.fragment[0]
  if (top === undefined || top.kind !== NodeKind.TemplateInstance) throw new Error('not a template record')
  return top.template
}

describe('template cache', () => {
  const file = concat(fileHeader({ chunkCount: 3, nextRecordId: 7 }), chunk('Alpha', 1), chunk('Bravo', 3), chunk('Alpha', 5))
  const records = [...parseEvtx(file)]

  it('keeps apart two definitions with the same bytes that refer back to different names', () => {
    expect(records.map((r) => renderXml(r))).toEqual(['<Alpha/>', '<Alpha/>', '<Bravo/>', '<Bravo/>', '<Alpha/>', '<Alpha/>'])
    expect(templateOf(records[3] as EvtxRecord)).not.toBe(templateOf(records[1] as EvtxRecord))
  })

  it('reuses a definition met before byte for byte, names included', () => {
    expect(templateOf(records[5] as EvtxRecord)).toBe(templateOf(records[1] as EvtxRecord))
    expect(templateOf(records[4] as EvtxRecord)).toBe(templateOf(records[0] as EvtxRecord))
  })

  it('keeps apart the same body under another GUID', () => {
    const other = '{0dd0dd00-0000-0000-0000-00000000000c}'
    const [, a, , b] = [...parseEvtx(concat(fileHeader({ chunkCount: 2, nextRecordId: 5 }), chunk('Alpha', 1), chunk('Alpha', 3, other)))]
    expect([templateOf(a as EvtxRecord).guid, templateOf(b as EvtxRecord).guid]).toEqual([REFERS, other])
  })
})
