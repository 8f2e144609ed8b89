import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { RecordFetcher, rereadContext } from '../../src/cli/query-fetch.js'
import type { LogFile } from '../../src/cli/query-logs.js'
import { MatchList, mergeMatches } from '../../src/cli/query-matches.js'
import { MAX_RUNS, MatchPlan } from '../../src/cli/query-plan.js'
import { eachPlannedEvent } from '../../src/cli/query-runs.js'
import { scanLog } from '../../src/cli/query-scan.js'
import type { EvtxRecord } from '../../src/evtx/record.js'
import { chunkOfIds, concat, fileHeader } from '../helpers/chunk-builder.js'
import { memoryIo } from '../helpers/io.js'
import { PROPERTY_SEED, propertyRuns, propertyTimeout } from '../helpers/properties.js'

let dir = ''
let serial = 0

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'rdp-triage-runs-'))
})

afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** A log whose chunks hold records with these ids, in this order. */
function writeLog(chunks: readonly (readonly number[])[]): LogFile {
  const path = join(dir, `log-${serial++}.evtx`)
  const next = Math.max(0, ...chunks.flat()) + 1
  writeFileSync(path, concat(fileHeader({ chunkCount: chunks.length, nextRecordId: next }), ...chunks.map((ids) => chunkOfIds(ids))))
  return { path, display: `log-${serial}.evtx`, channel: 'System' }
}

type Printed = Array<readonly [id: number, offset: number]>

/** The events `eachPlannedEvent` hands on, or undefined when the log could not be planned. */
async function planned(log: LogFile, select: (r: EvtxRecord) => boolean, backwards: boolean, count: number, chunks?: number, slice?: number): Promise<Printed | undefined> {
  const plan = new MatchPlan()
  await scanLog(log, select, memoryIo(), false, undefined, plan)
  if (!plan.ordered) return undefined
  const out: Printed = []
  await eachPlannedEvent(log, plan, rereadContext(log, undefined), backwards, count, (r) => {
    out.push([r.recordId, r.fileOffset])
    return undefined
  }, chunks, slice)
  return out
}

/** The same events by the list: every match kept, sorted by id (file order among equal ids). */
async function listed(log: LogFile, select: (r: EvtxRecord) => boolean, backwards: boolean, count: number): Promise<Printed> {
  const list = new MatchList(log, undefined, false)
  await scanLog(log, select, memoryIo(), false, undefined, list)
  const order = [...mergeMatches([list]).items]
  const chosen = backwards ? order.reverse().slice(0, count) : order.slice(0, count)
  const fetcher = new RecordFetcher(undefined)
  try {
    const out: Printed = []
    for (const item of chosen) {
      await fetcher.load([[log, Math.floor((list.fileOffset(item) - 0x1000) / 0x10000)]])
      const r = fetcher.record(log, list.fileOffset(item), list.recordId(item))
      out.push([r.recordId, r.fileOffset])
    }
    return out
  } finally {
    await fetcher.close()
  }
}

/** Ascending runs cut into chunks (a log that wrapped, or one with repeated ids), or ids at random. */
const chunkIds = fc.oneof(
  fc.array(fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 30 }).map((a) => a.sort((x, y) => x - y)), { minLength: 1, maxLength: 4 })
    .chain((runs) => fc.integer({ min: 1, max: 9 }).map((size) => {
      const ids = runs.flat()
      return Array.from({ length: Math.ceil(ids.length / size) }, (_, i) => ids.slice(i * size, (i + 1) * size))
    })),
  fc.array(fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 9 }), { minLength: 1, maxLength: 8 }),
)

const RUNS = propertyRuns(60)

describe('eachPlannedEvent', () => {
  it('gives the events the sorted list gives, either way, counted, in batches and slices of any size, whenever the log can be planned', async () => {
    let plannedLogs = 0
    await fc.assert(
      fc.asyncProperty(chunkIds, fc.integer({ min: 1, max: 4 }), fc.nat({ max: 3 }), fc.boolean(), fc.nat({ max: 60 }), fc.integer({ min: 1, max: 4 }), fc.constantFrom(1, 2, 3, 32), async (chunks, every, skip, backwards, count, batch, slice) => {
        const log = writeLog(chunks)
        const select = (r: EvtxRecord) => r.recordId % every !== skip % every
        const want = await listed(log, select, backwards, count)
        const got = await planned(log, select, backwards, count, batch, slice)
        if (got === undefined) {
          // Only a log whose matches fall into more runs than a plan follows.
          const ids = chunks.flat().filter((id) => id % every !== skip % every)
          const runs = ids.filter((id, i) => i > 0 && id < (ids[i - 1] as number)).length + 1
          expect(runs).toBeGreaterThan(MAX_RUNS)
        } else {
          plannedLogs++
          expect(got).toEqual(want)
        }
      }),
      { seed: PROPERTY_SEED, numRuns: RUNS },
    )
    expect(plannedLogs).toBeGreaterThan(RUNS / 2)
  }, propertyTimeout(RUNS, 200))

  it('reads each chunk that holds a match, several runs at once', async () => {
    // A log that wrapped twice over the same ids: three runs merged record by record.
    const log = writeLog([[7, 8, 9], [1, 2, 3], [4, 5, 6], [1, 2, 3], [4, 5, 6]])
    expect((await planned(log, () => true, false, 100))?.map(([id]) => id)).toEqual([1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 8, 9])
    expect((await planned(log, (r) => r.recordId % 3 === 0, true, 3))?.map(([id]) => id)).toEqual([9, 6, 6])
  })

  it('says which record it could not read again when the file changed between the passes', async () => {
    const log = writeLog([[1, 2, 3], [4, 5, 6]])
    const plan = new MatchPlan()
    await scanLog(log, (r) => r.recordId === 5, memoryIo(), false, undefined, plan)
    // Records of other sizes now: the second chunk's records move.
    writeFileSync(log.path, concat(fileHeader({ chunkCount: 2, nextRecordId: 7 }), chunkOfIds([1, 2, 3]), chunkOfIds([4, 5, 6], (id) => `a longer message for event ${id}`)))
    await expect(eachPlannedEvent(log, plan, rereadContext(log, undefined), false, 10, () => undefined)).rejects.toThrow(/the record at file offset 0x11[0-9a-f]{3} \(chunk 1\) could not be read again: did the file change while it was queried\?/)
  })
})
