/**
 * Property: the whole analyzer on damaged logs. Random bytes changed in one chunk, or a record
 * header's id or written time replaced by any 64-bit value: `analyze` still returns a report (it
 * checks its own report against the schema, so a value the schema refuses, such as an id past
 * 2^53 - 1 or a time in the year 30000, fails here), and its window's anchor is a time it can write.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { analyze } from '../../src/analyze.js'
import { parseEvtx } from '../../src/evtx/parse.js'
import { corpusAvailable, readCorpusFile } from '../helpers/corpus.js'
import { PROPERTY_SEED, propertyRuns, propertyTimeout } from '../helpers/properties.js'
import { SAMPLES_DIR } from '../helpers/samples.js'

const CHUNK = 0x10000
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,9})?Z$/

const logs: Array<[string, () => Uint8Array]> = [
  ['sample s1 System', () => new Uint8Array(readFileSync(join(SAMPLES_DIR, 's1-self-signed-certificate/System.evtx')))],
  ['sample all-three System', () => new Uint8Array(readFileSync(join(SAMPLES_DIR, 'all-three-scenarios/System.evtx')))],
]
if (corpusAvailable) logs.push(['corpus System', () => readCorpusFile('evtx-rs__system.evtx')])

/** Edits: random bytes anywhere in one chunk, or a record header's id (+8) or written time (+16). */
const editsArb = (chunks: number, headers: readonly number[]) =>
  fc.oneof(
    fc.tuple(fc.integer({ min: 0, max: chunks - 1 }), fc.array(fc.tuple(fc.integer({ min: 0, max: CHUNK - 1 }), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 40 }))
      .map(([chunk, bytes]) => bytes.map(([at, v]) => [4096 + chunk * CHUNK + at, [v]] as const)),
    fc.array(fc.tuple(fc.constantFrom(...headers), fc.constantFrom(8, 16), fc.bigUint64Array({ minLength: 1, maxLength: 1 })), { minLength: 1, maxLength: 4 })
      .map((fields) => fields.map(([record, field, [value]]) => [record + field, [...new Uint8Array(new BigUint64Array([value as bigint]).buffer)]] as const)),
  )

describe('analyze on damaged logs', () => {
  for (const [label, load] of logs) {
    it(`${label}: always a report, with an anchor it can write`, async () => {
      const original = load()
      const headers = [...parseEvtx(original)].map((r) => r.fileOffset)
      const chunks = Math.floor((original.length - 4096) / CHUNK)
      await fc.assert(
        fc.asyncProperty(editsArb(chunks, headers), async (edits) => {
          const bytes = original.slice()
          for (const [at, values] of edits) bytes.set(values, at)
          const report = await analyze([{ name: 'System.evtx', bytes }])
          expect(report.inputs).toHaveLength(1)
          if (report.analysis.anchor !== null) expect(report.analysis.anchor).toMatch(ISO)
        }),
        { seed: PROPERTY_SEED, numRuns: propertyRuns(40) },
      )
    }, propertyTimeout(propertyRuns(40), 500))
  }
})
