/**
 * readChunkBlock with `places`: only the records at those chunk offsets are parsed (a query's
 * second pass), each exactly as a full walk of the chunk parses it, even when its template was
 * defined by a record that was skipped.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { readChunkBlock } from '../../src/evtx/chunk.js'
import { createReaderContext } from '../../src/evtx/options.js'
import type { EvtxRecord } from '../../src/evtx/record.js'
import { renderXml } from '../../src/render/xml.js'
import { simpleChunk } from '../helpers/chunk-builder.js'
import { corpusAvailable, readCorpusFile } from '../helpers/corpus.js'
import { PROPERTY_SEED, propertyRuns, propertyTimeout } from '../helpers/properties.js'

const CHUNK = 0x10000

function read(block: Uint8Array, places?: ArrayLike<number>) {
  return readChunkBlock(createReaderContext({ onDiagnostic: () => {} }), block, 0, 4096, false, places)
}

const rendered = (records: readonly EvtxRecord[]) => records.map((r) => `${r.chunkOffset}:${r.recordId}:${renderXml(r)}`)

describe('readChunkBlock with places', () => {
  const block = simpleChunk(1, 6)
  const all = read(block).records
  const offsets = all.map((r) => r.chunkOffset)

  it('parses only the records at the places, as the full walk does (templates defined by skipped records too)', () => {
    // The template is defined inline by record 1; records 3 and 6 only refer to it.
    const some = read(block, [offsets[2] as number, offsets[5] as number])
    expect(rendered(some.records)).toEqual(rendered([all[2] as EvtxRecord, all[5] as EvtxRecord]))
    expect(some.skipped).toBe(4)
    expect(some.maxRecordId).toBe(6)
  })

  it('asks no one which chunk holds an id in a block whose chunk header was lost (the first pass left the copies out)', () => {
    const headerless = block.slice()
    headerless.fill(0, 0, 0x200)
    const asked: number[] = []
    const earlier = { lend: () => undefined, holderOf: (id: number) => (asked.push(id), 0) }
    const ctx = createReaderContext({ onDiagnostic: () => {} }, undefined, earlier)
    const some = readChunkBlock(ctx, headerless, 1, 4096 + 0x10000, false, [offsets[2] as number])
    expect(rendered(some.records)).toEqual(rendered([all[2] as EvtxRecord]))
    expect(asked).toEqual([])
    // A full walk of the same block asks for every record, and finds them all held: none read.
    expect(readChunkBlock(ctx, headerless, 1, 4096 + 0x10000).records).toEqual([])
    expect(asked).toEqual([1, 2, 3, 4, 5, 6])
  })

  it('stops after the last place, and finds nothing at a place that is not a record', () => {
    const first = read(block, [offsets[0] as number])
    expect(first.records.map((r) => r.recordId)).toEqual([1])
    // The walk ended there: the later records were not even counted as skipped.
    expect(first.skipped).toBe(0)
    expect(read(block, [(offsets[1] as number) + 8]).records).toEqual([])
    expect(read(block, []).records).toEqual([])
  })

  const blocks: Array<[string, () => Uint8Array]> = [['built', () => simpleChunk(1, 40)]]
  if (corpusAvailable) {
    const file = (name: string, chunk: number) => () => readCorpusFile(name).subarray(4096 + chunk * CHUNK, 4096 + (chunk + 1) * CHUNK)
    blocks.push(['corpus System', file('evtx-rs__system.evtx', 0)])
    blocks.push(['corpus CAPI2 (nested BinXml)', file('evtx-rs__E_Windows_system32_winevt_logs_Microsoft-Windows-CAPI2%4Operational.evtx', 0)])
  }
  for (const [label, load] of blocks) {
    it(`${label}: any subset of places gives those records, each as the full walk renders it`, () => {
      const bytes = load()
      const full = read(bytes).records
      expect(full.length).toBeGreaterThan(1)
      fc.assert(
        fc.property(fc.subarray(full.map((_, i) => i)), (picked) => {
          const got = read(bytes, picked.map((i) => (full[i] as EvtxRecord).chunkOffset)).records
          expect(rendered(got)).toEqual(rendered(picked.map((i) => full[i] as EvtxRecord)))
        }),
        { seed: PROPERTY_SEED, numRuns: propertyRuns(30) },
      )
    }, propertyTimeout(propertyRuns(30), 200))
  }
})
