/**
 * Template definitions as loaded from a chunk: which ones count as lost to zeros, and what a
 * definition that fails to load costs the records that refer back to it.
 */
import { describe, expect, it } from 'vitest'
import { encodeGuid } from '../../src/binary/guid.js'
import type { Diagnostic } from '../../src/diagnostics.js'
import { parseChunk, readChunkBlock } from '../../src/evtx/chunk.js'
import { createReaderContext } from '../../src/evtx/options.js'
import { renderXml } from '../../src/render/xml.js'
import {
  ChunkWriter,
  element,
  finishChunk,
  openElement,
  record,
  SIMPLE_GUID,
  simpleTemplate,
  simpleValues,
  templateChunk,
  templateInstance,
  text,
} from '../helpers/chunk-builder.js'

describe('a lost template definition', () => {
  it('is one whose whole header is zeros: a first definition under the all-zero GUID declares a body, and is read', () => {
    // Its `next` link and GUID are zeros; only its data size is not.
    const chunk = templateChunk('{00000000-0000-0000-0000-000000000000}', (w) => element(w, 'Event', () => {}, { inTemplate: true }), [[]])
    const diagnostics: Diagnostic[] = []
    const records = [...parseChunk(chunk, 0, { onDiagnostic: (d) => diagnostics.push(d) })]
    expect(diagnostics).toEqual([])
    expect(records.map((r) => renderXml(r))).toEqual(['<Event></Event>'])
  })
})

describe('a template definition that fails to load', () => {
  /**
   * Record 1 defines inline a template of a 4,000-character text whose body ends in a bad token
   * (0xff where `</A>` belongs); records 2–`refs + 1` refer back to it; then 5 records of another
   * template. Returns the chunk and the offset of the bad token.
   */
  function brokenChunk(refs: number): { chunk: Uint8Array; badAt: number } {
    const w = new ChunkWriter()
    const guid = new Uint8Array(16)
    encodeGuid('{aaaaaaaa-2222-3333-4444-555555555555}', guid, 0)
    let defAt = 0
    let badAt = 0
    let id = 1
    let last = record(w, id, 0n, (x) => {
      x.raw([0x0f, 0x01, 0x01, 0x00]).u8(0x0c).u8(0x01).raw(guid.subarray(0, 4))
      defAt = x.pos + 4
      x.u32(defAt).u32(0).raw(guid)
      const sizeAt = x.pos
      x.u32(0).raw([0x0f, 0x01, 0x01, 0x00])
      openElement(x, 'A', { inTemplate: true })
      x.u8(0x02)
      text(x, 'x'.repeat(4000))
      badAt = x.pos
      x.u8(0xff).u8(0x00)
      x.view.setUint32(sizeAt, x.pos - sizeAt - 4, true)
      x.u32(0).u8(0x00)
    })
    for (let k = 0; k < refs; k++) {
      last = record(w, ++id, 0n, (x) => {
        x.raw([0x0f, 0x01, 0x01, 0x00]).u8(0x0c).u8(0x01).raw(guid.subarray(0, 4)).u32(defAt).u32(0).u8(0x00)
      })
    }
    const defined = new Map<string, number>()
    for (let k = 0; k < 5; k++) {
      const rid = ++id
      last = record(w, rid, 0n, (x) => {
        x.raw([0x0f, 0x01, 0x01, 0x00])
        templateInstance(x, SIMPLE_GUID, simpleTemplate, simpleValues(rid, `good ${rid}`), defined)
        x.u8(0x00)
      })
    }
    return { chunk: finishChunk(w, { firstId: 1, lastId: id, lastRecordOffset: last }), badAt }
  }

  it('is read and charged once per chunk: its users get its error, and the chunk budget stays for the others', () => {
    // 40 users of an 8 KB definition, each charged, would pass a 100 KB budget: the good records
    // after them would then be LIMIT_EXCEEDED (and the definition compared and parsed 41 times).
    const { chunk, badAt } = brokenChunk(40)
    const diagnostics: Diagnostic[] = []
    const ctx = createReaderContext({ limits: { maxTemplateBytesPerChunk: 100_000 }, onDiagnostic: (d) => diagnostics.push(d) })
    const { records } = readChunkBlock(ctx, chunk, 0, 0x1000)
    expect(records.map((r) => r.recordId)).toEqual([42, 43, 44, 45, 46])
    for (const r of records) expect(renderXml(r)).toContain(`good ${r.recordId}`)
    // Each record that refers to it gets the same error, where reading the definition failed, with its own id.
    expect(diagnostics).toHaveLength(41)
    diagnostics.forEach((d, k) => {
      expect(d).toMatchObject({ code: 'BINXML_BAD_TOKEN', location: { chunkIndex: 0, chunkOffset: badAt, fileOffset: 0x1000 + badAt, recordId: k + 1 } })
      expect(d.message).toBe(diagnostics[0]?.message)
    })
    expect(ctx.templates.definitions).toBe(2)
  })

  it('is remembered when a limit stopped it: the records that refer to it get the limit, each at its own reference', () => {
    const { chunk } = brokenChunk(3)
    const diagnostics: Diagnostic[] = []
    const ctx = createReaderContext({ limits: { maxTemplateBytesPerChunk: 1000 }, onDiagnostic: (d) => diagnostics.push(d) })
    readChunkBlock(ctx, chunk, 0, 0x1000)
    const limited = diagnostics.filter((d) => d.location?.recordId !== undefined && d.location.recordId <= 4)
    expect(limited.map((d) => [d.code, d.location?.recordId])).toEqual([1, 2, 3, 4].map((id) => ['LIMIT_EXCEEDED', id]))
    expect(new Set(limited.map((d) => d.location?.chunkOffset)).size).toBe(4)
    expect(ctx.templates.definitions).toBe(0)
  })
})
