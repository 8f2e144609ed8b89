import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { OpenFiles } from '../../src/cli/open-files.js'
import { rereadContext } from '../../src/cli/query-fetch.js'
import { printListed } from '../../src/cli/query-listed.js'
import type { LogFile } from '../../src/cli/query-logs.js'
import { MatchList } from '../../src/cli/query-matches.js'
import { printMerged } from '../../src/cli/query-merge.js'
import { MatchPlan } from '../../src/cli/query-plan.js'
import { EventPrinter } from '../../src/cli/query-print.js'
import { PlannedEvents } from '../../src/cli/query-runs.js'
import { scanLog } from '../../src/cli/query-scan.js'
import type { EvtxRecord } from '../../src/evtx/record.js'
import { chunkOfIds, concat, fileHeader, TICKS_2025_11_21 } from '../helpers/chunk-builder.js'
import { memoryIo } from '../helpers/io.js'
import { PROPERTY_SEED, propertyRuns, propertyTimeout } from '../helpers/properties.js'

let dir = ''
let serial = 0

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'rdp-triage-merge-'))
})

afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** A log of chunks of [record id, minutes after the base time] (times need not follow ids). */
function writeLog(chunks: ReadonlyArray<ReadonlyArray<readonly [number, number]>>): LogFile {
  const n = serial++
  const path = join(dir, `log-${n}.evtx`)
  const parts = chunks.map((records) => chunkOfIds(records.map(([id]) => id), (id) => `log ${n} event ${id}`, (_, k) => TICKS_2025_11_21 + BigInt((records[k] as readonly [number, number])[1]) * 600_000_000n))
  writeFileSync(path, concat(fileHeader({ chunkCount: chunks.length, nextRecordId: 1000 }), ...parts))
  return { path, display: `log-${n}.evtx`, channel: 'System' }
}

/**
 * What a query of `logs` prints as JSON, through plans (`merged`) or through lists; merged with
 * `openLimit`, the logs share that many open files (at most, which it checks).
 */
async function printed(logs: readonly LogFile[], select: (r: EvtxRecord) => boolean, limit: number | undefined, rd: boolean, merged: boolean, chunks = 1, slice = 32, openLimit?: number): Promise<string> {
  const io = memoryIo()
  const printer = new EventPrinter('json', io)
  if (merged) {
    const plans: MatchPlan[] = []
    for (const log of logs) {
      const plan = new MatchPlan()
      await scanLog(log, select, io, false, undefined, plan)
      expect(plan.ordered).toBe(true)
      plans.push(plan)
    }
    const files = openLimit === undefined ? undefined : new OpenFiles(openLimit)
    await printMerged(logs.map((log, i) => new PlannedEvents(log, plans[i] as MatchPlan, rereadContext(log, undefined), false, chunks, slice, files)), limit, rd, undefined, printer, files)
    if (files !== undefined) {
      expect(files.peak).toBeLessThanOrEqual(openLimit as number)
      await files.close()
    }
  } else {
    const lists: MatchList[] = []
    for (const log of logs) {
      const list = new MatchList(log)
      await scanLog(log, select, io, false, undefined, list)
      lists.push(list)
    }
    await printListed(lists, limit, rd, undefined, printer)
  }
  await printer.end()
  return io.out()
}

/** A log: ascending ids in a few runs (as a wrapped log has), cut into chunks, each with a time from a narrow range (many ties). */
const log = fc
  .array(fc.array(fc.tuple(fc.integer({ min: 1, max: 50 }), fc.integer({ min: 0, max: 6 })), { minLength: 1, maxLength: 20 }).map((run) => run.sort((a, b) => a[0] - b[0])), { minLength: 1, maxLength: 3 })
  .chain((runs) => fc.integer({ min: 1, max: 7 }).map((size) => {
    const records = runs.flat()
    return Array.from({ length: Math.ceil(records.length / size) }, (_, i) => records.slice(i * size, (i + 1) * size))
  }))

const RUNS = propertyRuns(50)

describe('printMerged', () => {
  it('prints what the lists print, for any logs, limit, direction, batch and slice size, and open files shared or not', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(log, { minLength: 2, maxLength: 3 }), fc.option(fc.nat({ max: 40 }), { nil: undefined }), fc.boolean(), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 4 }), fc.constantFrom(1, 2, 3, 32), fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }), async (chunkSets, limit, rd, every, chunks, slice, openLimit) => {
        const logs = chunkSets.map(writeLog)
        const select = (r: EvtxRecord) => r.recordId % every === 0
        const want = await printed(logs, select, limit, rd, false)
        expect(await printed(logs, select, limit, rd, true, chunks, slice, openLimit)).toBe(want)
      }),
      { seed: PROPERTY_SEED, numRuns: RUNS },
    )
  }, propertyTimeout(RUNS, 300))

  it('takes the earlier log first on equal times, and newest first is that order reversed', async () => {
    const a = writeLog([[[1, 5], [2, 1]]])
    const b = writeLog([[[7, 1], [8, 5]]])
    const ids = async (rd: boolean, limit?: number) => (JSON.parse(await printed([a, b], () => true, limit, rd, true)) as Array<{ log: string; record: { id: number } }>).map((e) => `${e.log}:${e.record.id}`)
    // Heads a:1 (at 5) and b:7 (at 1): b:7; then a:1 and b:8, both at 5: the earlier log's; then a:2 (at 1), b:8.
    const forwards = [`${b.display}:7`, `${a.display}:1`, `${a.display}:2`, `${b.display}:8`]
    expect(await ids(false)).toEqual(forwards)
    expect(await ids(true)).toEqual([...forwards].reverse())
    expect(await ids(true, 3)).toEqual([...forwards].reverse().slice(0, 3))
    expect(await ids(false, 0)).toEqual([])
  })
})
