import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { LogFile } from '../../src/cli/query-logs.js'
import { findAndPrint } from '../../src/cli/query-passes.js'
import { MatchPlan } from '../../src/cli/query-plan.js'
import { EventPrinter } from '../../src/cli/query-print.js'
import { scanLog } from '../../src/cli/query-scan.js'
import type { EvtxRecord } from '../../src/evtx/record.js'
import { chunkOfIds, concat, fileHeader, TICKS_2025_11_21 } from '../helpers/chunk-builder.js'
import { memoryIo } from '../helpers/io.js'
import { PROPERTY_SEED, propertyRuns, propertyTimeout } from '../helpers/properties.js'

let dir = ''
let serial = 0

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'rdp-triage-passes-'))
})

afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** A record as the test knows it: its id and its TimeCreated in minutes after the base time. */
type Rec = readonly [id: number, minutes: number]

/** A log of these chunks; returns the file and its records in file order. */
function writeLog(chunks: ReadonlyArray<readonly Rec[]>): { log: LogFile; records: Rec[] } {
  const n = serial++
  const path = join(dir, `log-${n}.evtx`)
  const parts = chunks.map((records) => chunkOfIds(records.map(([id]) => id), (id) => `log ${n} event ${id}`, (_, k) => TICKS_2025_11_21 + BigInt((records[k] as Rec)[1]) * 600_000_000n))
  writeFileSync(path, concat(fileHeader({ chunkCount: chunks.length, nextRecordId: 1 }), ...parts))
  return { log: { path, display: `log-${n}.evtx`, channel: 'System' }, records: chunks.flat() }
}

/**
 * wevtutil's order, written out here without the code under test: each log's matches by record id
 * (file order on equal ids), the logs merged by time taking the earlier log first on equal times,
 * `/rd` that order reversed, then the first `limit`.
 */
function expected(logs: ReadonlyArray<{ log: LogFile; records: Rec[] }>, keep: (id: number) => boolean, limit: number | undefined, rd: boolean): string[] {
  const queues = logs.map(({ log, records }) => records.filter(([id]) => keep(id)).map(([id, minutes], k) => ({ key: `${log.display}:${id}`, id, minutes, k })).sort((a, b) => a.id - b.id || a.k - b.k))
  const merged: string[] = []
  for (;;) {
    let best = -1
    for (let i = 0; i < queues.length; i++) {
      const head = (queues[i] as (typeof queues)[number])[0]
      if (head !== undefined && (best < 0 || head.minutes < ((queues[best] as (typeof queues)[number])[0] as { minutes: number }).minutes)) best = i
    }
    if (best < 0) break
    merged.push(((queues[best] as (typeof queues)[number]).shift() as { key: string }).key)
  }
  if (rd) merged.reverse()
  return merged.slice(0, limit ?? merged.length)
}

/** What findAndPrint prints as JSON, as `log:id` keys, and the count it returns. */
async function queried(logs: readonly LogFile[], keep: (id: number) => boolean, limit: number | undefined, rd: boolean): Promise<{ keys: string[]; shown: number; seen: Set<string> }> {
  const io = memoryIo()
  const printer = new EventPrinter('json', io)
  const seen = new Set<string>()
  const shown = await findAndPrint({ logs, selectFor: () => (r: EvtxRecord) => keep(r.recordId), prefilter: undefined, seen, limit, rd, io }, printer)
  await printer.end()
  const events = JSON.parse(io.out()) as Array<{ log: string; record: { id: number } }>
  return { keys: events.map((e) => `${e.log}:${e.record.id}`), shown, seen }
}

/** Whether a log's matches can be kept as a plan (more than 16 out-of-order places cannot). */
async function planned(log: LogFile, keep: (id: number) => boolean): Promise<boolean> {
  const plan = new MatchPlan()
  await scanLog(log, (r) => keep(r.recordId), memoryIo(), false, undefined, plan)
  return plan.ordered
}

/** A log whose ids fall back 17 times: too many runs for a plan. */
function manyRuns(): Rec[][] {
  return Array.from({ length: 18 }, (_, run) => [[run + 1, 40 - run] as Rec, [run + 100, 60 + run] as Rec])
}

const all = () => true

describe('findAndPrint', () => {
  it('prints one planned log in record-id order, a wrapped log too, forwards and backwards', async () => {
    // Wrapped: the newest chunk (ids 9-10) was written over the oldest.
    const one = writeLog([[[9, 9], [10, 10]], [[3, 3], [4, 4]], [[5, 5], [6, 6]]])
    expect(await planned(one.log, all)).toBe(true)
    for (const [limit, rd] of [[undefined, false], [undefined, true], [2, false], [3, true], [0, true]] as const) {
      const got = await queried([one.log], all, limit, rd)
      expect(got.keys).toEqual(expected([one], all, limit, rd))
      expect(got.shown).toBe(got.keys.length)
    }
    expect((await queried([one.log], all, undefined, false)).keys.map((k) => Number(k.split(':')[1]))).toEqual([3, 4, 5, 6, 9, 10])
  })

  it('falls back to lists for a log with too many runs, alone and merged with a planned one', async () => {
    const torn = writeLog(manyRuns())
    const plain = writeLog([[[1, 39], [2, 41], [3, 70]]])
    expect(await planned(torn.log, all)).toBe(false)
    for (const [limit, rd] of [[undefined, false], [undefined, true], [5, false], [5, true], [1, true]] as const) {
      expect((await queried([torn.log], all, limit, rd)).keys).toEqual(expected([torn], all, limit, rd))
      expect((await queried([torn.log, plain.log], all, limit, rd)).keys).toEqual(expected([torn, plain], all, limit, rd))
      expect((await queried([plain.log, torn.log], all, limit, rd)).keys).toEqual(expected([plain, torn], all, limit, rd))
    }
  })

  it('keeps every match of several unplanned logs for the last N: times need not follow ids', async () => {
    const torn = writeLog(manyRuns())
    // Id 1 is the newest event by time, the 19 after it the oldest; every torn event comes between.
    const falling = writeLog([[[1, 100], ...Array.from({ length: 19 }, (_, k) => [k + 2, 1] as Rec)]])
    const got = await queried([falling.log, torn.log], all, 1, true)
    // The merge ends with the falling log's last id, though its time is the earliest.
    expect(got.keys).toEqual([`${falling.log.display}:20`])
    expect(got.keys).toEqual(expected([falling, torn], all, 1, true))
  })

  it('merges several planned logs by time, every event newest first included', async () => {
    const a = writeLog([[[1, 5], [2, 1]], [[3, 5]]])
    const b = writeLog([[[7, 1]], [[8, 5], [9, 2]]])
    const c = writeLog([[[20, 0], [21, 9]]])
    for (const [limit, rd] of [[undefined, false], [undefined, true], [4, false], [4, true], [100, true]] as const) {
      const got = await queried([a.log, b.log, c.log], all, limit, rd)
      expect(got.keys).toEqual(expected([a, b, c], all, limit, rd))
      expect(got.shown).toBe(got.keys.length)
    }
  })

  it('passes on the provider names the first pass saw, and prints nothing when nothing matches', async () => {
    const a = writeLog([[[1, 1], [2, 2]]])
    const got = await queried([a.log], () => false, undefined, false)
    expect(got.keys).toEqual([])
    expect(got.shown).toBe(0)
    expect([...got.seen]).toEqual(['Test-Provider'])
  })

  // A chunk's ids ascend, as in every real chunk (the reader stops at the header's last id);
  // across chunks they may repeat and fall back, as in a wrapped log or a shadow copy's.
  const rec = fc.tuple(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 0, max: 5 }))
  const chunk = fc.uniqueArray(rec, { minLength: 1, maxLength: 14, selector: ([id]) => id }).map((rs) => rs.sort((a, b) => a[0] - b[0]))
  const chunks = fc.array(chunk, { minLength: 1, maxLength: 4 })
  const RUNS = propertyRuns(40)

  it('prints wevtutil order for any logs, selection, limit and direction, whichever passes it takes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(chunks, { minLength: 1, maxLength: 3 }), fc.boolean(), fc.integer({ min: 1, max: 3 }), fc.option(fc.nat({ max: 12 }), { nil: undefined }), fc.boolean(), async (sets, torn, every, limit, rd) => {
        const logs = sets.map((s) => writeLog(s))
        // Sometimes a log no plan can hold, so the list passes are taken too.
        if (torn) logs.push(writeLog(manyRuns()))
        const keep = (id: number) => id % every === 0
        const got = await queried(logs.map((l) => l.log), keep, limit, rd)
        expect(got.keys).toEqual(expected(logs, keep, limit, rd))
        expect(got.shown).toBe(got.keys.length)
      }),
      { seed: PROPERTY_SEED, numRuns: RUNS },
    )
  }, propertyTimeout(RUNS, 400))
})
