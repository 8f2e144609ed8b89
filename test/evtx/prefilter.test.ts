/**
 * Scan mode returns exactly the records a full read returns and then filters by provider and
 * event id — on the corpus (many templates, WEC records without templates, nested BinXml), on
 * built files, and on values not in their usual form (a GUID as text or too short, an EventID
 * left out by a Null value, a HexInt32 id) — and counts what it skipped.
 */
import { describe, expect, it } from 'vitest'
import { readSystem } from '../../src/access/system.js'
import { parseEvtx } from '../../src/evtx/parse.js'
import type { ChunkInfo } from '../../src/evtx/options.js'
import type { EventPrefilter } from '../../src/evtx/prefilter.js'
import { attribute, type ChunkWriter, concat, element, fileHeader, openElement, simpleFile, substitution, templateChunk, v, type Value } from '../helpers/chunk-builder.js'
import { corpusAvailable, corpusFiles, readCorpusFile } from '../helpers/corpus.js'

function check(bytes: Uint8Array, filter: EventPrefilter, label = 'built'): { kept: number; skipped: number } {
  const expected = [...parseEvtx(bytes)]
    .filter((r) => {
      const s = readSystem(r)
      return s.eventId !== undefined && filter.eventIds.has(s.eventId) && filter.accept(s.provider, s.providerGuid, s.eventId)
    })
    .map((r) => r.fileOffset)
  const chunks: ChunkInfo[] = []
  const got = [...parseEvtx(bytes, { prefilter: filter, onChunk: (c) => chunks.push(c) })].map((r) => r.fileOffset)
  expect(got, label).toEqual(expected)
  return { kept: got.length, skipped: chunks.reduce((n, c) => n + c.skipped, 0) }
}

describe('scan mode (prefilter)', () => {
  it('keeps only wanted records of a built file and counts the others as skipped', () => {
    const file = simpleFile([[1, 50], [51, 50]])
    const none = check(file, { eventIds: new Set([1]), accept: () => true })
    expect(none).toEqual({ kept: 0, skipped: 100 })
    const all = check(file, { eventIds: new Set([1000]), accept: (p) => p === 'Test-Provider' })
    expect(all).toEqual({ kept: 100, skipped: 0 })
  })

  it.runIf(corpusAvailable)('agrees with a full read on every corpus file', () => {
    let kept = 0
    let skipped = 0
    for (const name of corpusFiles()) {
      const bytes = readCorpusFile(name)
      const ids = new Set<number>()
      for (const r of parseEvtx(bytes)) {
        const id = readSystem(r).eventId
        if (id !== undefined && id % 3 === 0) ids.add(id)
      }
      const r = check(bytes, { eventIds: ids, accept: (provider, guid) => provider !== undefined || guid !== undefined }, name)
      kept += r.kept
      skipped += r.skipped
    }
    expect(kept).toBeGreaterThan(1000)
    expect(skipped).toBeGreaterThan(1000)
  })
})

/**
 * `<Event><System><Provider Name='%0' Guid='%1'/><EventID dep=%3>%2</EventID></System></Event>`:
 * the prefilter reads the provider and the event id straight from the values, and must leave
 * to the full reader every value not in its usual form.
 */
function cornerTemplate(w: ChunkWriter): void {
  const t = { inTemplate: true }
  const provider = (x: ChunkWriter) => {
    const close = openElement(x, 'Provider', { ...t, attrs: true })
    attribute(x, 'Name', true)
    substitution(x, 0, 0x01)
    attribute(x, 'Guid', false)
    substitution(x, 1, 0x0f)
    x.u8(0x03)
    close()
  }
  const system = (x: ChunkWriter) => {
    provider(x)
    element(x, 'EventID', (y) => substitution(y, 2, 0x06), { ...t, depId: 3 })
  }
  element(w, 'Event', (x) => element(x, 'System', system, t), t)
}

const CORNER_GUID = '{0dd0dd00-0000-0000-0000-00000000000c}'
const hexInt32 = (n: number): Value => ({ ...v.u32(n), type: 0x14 })
const CORNER_VALUES: Value[][] = [
  // 1: the usual form.
  [v.str('P'), v.guid(CORNER_GUID), v.u16(7), v.u8(1)],
  // 2: the GUID as a string value: the full reader gives the text as it is.
  [v.str('P'), v.str(CORNER_GUID.toUpperCase()), v.u16(7), v.u8(1)],
  // 3: a GUID value of 8 bytes: the full reader gives them in hex, not a GUID.
  [v.str('P'), v.raw(0x0f, [1, 2, 3, 4, 5, 6, 7, 8]), v.u16(7), v.u8(1)],
  // 4: EventID depends on a Null value, so the record has none (its own value is 7).
  [v.str('P'), v.guid(CORNER_GUID), v.u16(7), v.null()],
  // 5: the event id as a HexInt32.
  [v.str('P'), v.guid(CORNER_GUID), hexInt32(7), v.u8(1)],
]

describe('scan mode on values not in their usual form', () => {
  const file = concat(fileHeader({ chunkCount: 1, nextRecordId: 6 }), templateChunk('{0dd0dd00-0000-0000-0000-0000000000c0}', cornerTemplate, CORNER_VALUES))

  it('keeps exactly what a full read keeps: GUIDs as text or short, an EventID left out, a HexInt32 id', () => {
    const ids = (filter: EventPrefilter) => [...parseEvtx(file, { prefilter: filter })].map((r) => r.recordId)
    // A provider GUID in GUID form: records 1 and 2 (the text is one), not 3 (hex); 4 has no id.
    const guidForm: EventPrefilter = { eventIds: new Set([7]), accept: (p, g) => p === 'P' && g !== undefined && g.startsWith('{') }
    expect(check(file, guidForm)).toEqual({ kept: 3, skipped: 2 })
    expect(ids(guidForm)).toEqual([1, 2, 5])
    // Any provider: every record with an event id, the HexInt32 one too.
    expect(ids({ eventIds: new Set([7]), accept: () => true })).toEqual([1, 2, 3, 5])
    // Another id: nothing kept, every record counted as skipped.
    expect(check(file, { eventIds: new Set([8]), accept: () => true })).toEqual({ kept: 0, skipped: 5 })
  })
})
