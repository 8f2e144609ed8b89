/**
 * Property: the whole analyzer on damaged logs. Random bytes changed in one chunk, or a record
 * header's id or written time replaced by any 64-bit value: `analyze` still returns a report (it
 * checks its own report against the schema, so a value the schema refuses, such as an id past
 * 2^53 - 1 or a time in the year 30000, fails here), and its window's anchor is a time it can write.
 * And any `now` and `window` it accepts, the extremes included, give a report whose window it can
 * write; any other it refuses with a RangeError before reading.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { analyze } from '../../src/analyze.js'
import { EARLIEST_TIME_MS, LATEST_TIME_MS, MAX_WINDOW_MS } from '../../src/rules/time.js'
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

describe('analyze at any time, with any window', () => {
  const bytes = new Uint8Array(readFileSync(join(SAMPLES_DIR, 's1-self-signed-certificate/System.evtx')))
  // Near each end of the ranges, on both sides, as often as anywhere: the bugs were at the ends.
  const DAY = 86_400_000
  const around = (at: number) => fc.integer({ min: at - DAY, max: at + DAY })
  const nowArb = fc.oneof(fc.integer({ min: -8.64e15, max: 8.64e15 }), around(EARLIEST_TIME_MS), around(LATEST_TIME_MS), fc.integer({ min: EARLIEST_TIME_MS, max: LATEST_TIME_MS }), fc.double())
  const windowArb = fc.oneof(fc.integer({ min: -10, max: 2 * MAX_WINDOW_MS }), fc.double({ min: -1, max: 3, noNaN: true }), around(MAX_WINDOW_MS), fc.integer({ min: 1, max: 100 * DAY }), fc.double())
  it('a report whose window it can write, or a RangeError for a time or window out of range', async () => {
    await fc.assert(
      fc.asyncProperty(nowArb, windowArb, fc.boolean(), async (now, window, asDate) => {
        const accepted = Number.isFinite(now) && now >= EARLIEST_TIME_MS && now <= LATEST_TIME_MS && Math.round(window) >= 1 && Math.round(window) <= MAX_WINDOW_MS
        const run = analyze([{ name: 'System.evtx', bytes }], { now: asDate ? new Date(now) : now, window })
        if (!accepted) {
          await expect(run).rejects.toThrow(RangeError)
          return
        }
        const report = await run
        expect(report.analysis.window.end).toMatch(ISO)
        expect(report.analysis.window.start).toMatch(ISO)
        expect(report.analysis.window.milliseconds).toBe(Math.round(window))
      }),
      { seed: PROPERTY_SEED, numRuns: propertyRuns(100) },
    )
  }, propertyTimeout(propertyRuns(100), 100))
})
