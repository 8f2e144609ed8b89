/**
 * Scan mode returns exactly the records a full read returns and then filters by provider and
 * event id — on the corpus (many templates, WEC records without templates, nested BinXml) and on
 * built files — and counts what it skipped.
 */
import { describe, expect, it } from 'vitest'
import { readSystem } from '../../src/access/system.js'
import { parseEvtx } from '../../src/evtx/parse.js'
import type { ChunkInfo } from '../../src/evtx/options.js'
import type { EventPrefilter } from '../../src/evtx/prefilter.js'
import { simpleFile } from '../helpers/chunk-builder.js'
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
