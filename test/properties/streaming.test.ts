/**
 * Same records whatever the input split: each corpus file streamed through readEvtx in random
 * slice sizes (1 byte to 70,000) gives exactly the records and diagnostics of the synchronous
 * parse. Fixed hostile patterns run first (file-type's list), then fast-check.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { Diagnostic } from '../../src/diagnostics.js'
import { parseEvtx } from '../../src/evtx/parse.js'
import { readEvtx } from '../../src/evtx/read.js'
import type { EvtxRecord } from '../../src/evtx/record.js'
import { renderXml } from '../../src/render/xml.js'
import { simpleFile } from '../helpers/chunk-builder.js'
import { CORPUS_SKIP_MESSAGE, corpusAvailable, corpusFiles, readCorpusFile } from '../helpers/corpus.js'
import { PROPERTY_SEED, propertyRuns, propertyTimeout } from '../helpers/properties.js'

interface Summary {
  records: string[]
  diagnostics: string[]
}

function summarise(records: EvtxRecord[], diagnostics: Diagnostic[]): Summary {
  return {
    records: records.map((r) => `${r.chunkIndex}:${r.chunkOffset}:${r.recordId}:${renderXml(r)}`),
    diagnostics: diagnostics.map((d) => `${d.code}:${JSON.stringify(d.location)}`),
  }
}

function syncSummary(bytes: Uint8Array): Summary {
  const diagnostics: Diagnostic[] = []
  return summarise([...parseEvtx(bytes, { onDiagnostic: (d) => diagnostics.push(d) })], diagnostics)
}

/** Cuts `bytes` into slices whose sizes cycle through `pattern`. */
function* slices(bytes: Uint8Array, pattern: readonly number[]): Generator<Uint8Array> {
  let at = 0
  let k = 0
  while (at < bytes.length) {
    const n = pattern[k++ % pattern.length] as number
    yield bytes.subarray(at, at + n)
    at += n
  }
}

async function streamSummary(bytes: Uint8Array, pattern: readonly number[]): Promise<Summary> {
  const diagnostics: Diagnostic[] = []
  const records: EvtxRecord[] = []
  async function* source() {
    yield* slices(bytes, pattern)
  }
  for await (const r of readEvtx(source(), { onDiagnostic: (d) => diagnostics.push(d) })) records.push(r)
  return summarise(records, diagnostics)
}

const HOSTILE_PATTERNS = [[1], [2], [3], [5], [8], [13], [4096], [65535], [65537], [4095, 4097], [70000]]

describe('streaming gives the same records whatever the split', () => {
  const built = simpleFile([[1, 30], [31, 30], [61, 5]], { chunkCount: 1, flags: 1 })
  it.each(HOSTILE_PATTERNS)('on a built file, slices cycling %j', async (...pattern) => {
    expect(await streamSummary(built, pattern)).toEqual(syncSummary(built))
  })
})

describe.skipIf(!corpusAvailable)('streaming corpus files in random slices', () => {
  for (const name of corpusFiles()) {
    it(`${name}`, async () => {
      const bytes = readCorpusFile(name)
      const expected = syncSummary(bytes)
      // Very small slices on a multi-megabyte file only slow the test down: they are covered by the
      // fixed patterns above and by the smaller files.
      const min = bytes.length > 4_000_000 ? 512 : 1
      await fc.assert(
        fc.asyncProperty(fc.array(fc.integer({ min, max: 70_000 }), { minLength: 1, maxLength: 6 }), async (pattern) => {
          expect(await streamSummary(bytes, pattern)).toEqual(expected)
        }),
        { seed: PROPERTY_SEED, numRuns: propertyRuns(3) },
      )
    }, propertyTimeout(propertyRuns(3), 5000))
  }
})

if (!corpusAvailable) it.skip(CORPUS_SKIP_MESSAGE, () => undefined)
