import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { RecordFetcher } from '../../src/cli/query-fetch.js'
import { printListed, printOrder } from '../../src/cli/query-listed.js'
import type { LogFile } from '../../src/cli/query-logs.js'
import { MatchList, type MatchOrder } from '../../src/cli/query-matches.js'
import { EventPrinter } from '../../src/cli/query-print.js'
import { scanLog } from '../../src/cli/query-scan.js'
import { chunkOfIds, concat, fileHeader, TICKS_2025_11_21 } from '../helpers/chunk-builder.js'
import { memoryIo } from '../helpers/io.js'

let dir = ''

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'rdp-triage-listed-'))
})

afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** A log of `chunks` chunks of two records each (ids 2k+1, 2k+2 in chunk k), each a minute after the last, from `minute`. */
function writeLog(name: string, chunks: number, minute: number): LogFile {
  const path = join(dir, name)
  const parts = Array.from({ length: chunks }, (_, k) => chunkOfIds([2 * k + 1, 2 * k + 2], (id) => `${name} ${id}`, (id) => TICKS_2025_11_21 + BigInt(minute + id) * 600_000_000n))
  writeFileSync(path, concat(fileHeader({ chunkCount: chunks, nextRecordId: 2 * chunks + 1 }), ...parts))
  return { path, display: name, channel: 'System' }
}

async function listOf(log: LogFile): Promise<MatchList> {
  const list = new MatchList(log)
  await scanLog(log, () => true, memoryIo(), false, undefined, list)
  return list
}

/** The printed events as `log:id`. */
function keys(json: string): string[] {
  return (JSON.parse(json) as Array<{ log: string; record: { id: number } }>).map((e) => `${e.log}:${e.record.id}`)
}

// Two logs of 40 chunks: 80 (log, chunk) pairs, more than one load of 32 chunks.
let a: LogFile
let b: LogFile
let lists: MatchList[]

beforeAll(async () => {
  a = writeLog('a.evtx', 40, 0)
  b = writeLog('b.evtx', 40, 1000)
  lists = [await listOf(a), await listOf(b)]
})

/** An order that jumps between the logs and their chunks: a's events backwards, b's forwards, in turn. */
function zigzag(): { order: MatchOrder; want: string[] } {
  const [la, lb] = lists as [MatchList, MatchList]
  const listOf: number[] = []
  const items: number[] = []
  const want: string[] = []
  for (let k = 0; k < 80; k++) {
    const ia = la.length - 1 - k
    listOf.push(0, 1)
    items.push(ia, k)
    want.push(`a.evtx:${la.recordId(ia)}`, `b.evtx:${lb.recordId(k)}`)
  }
  return { order: { lists, listOf: Uint32Array.from(listOf), items: Uint32Array.from(items) }, want }
}

async function printed(run: (printer: EventPrinter, fetcher: RecordFetcher) => Promise<unknown>): Promise<{ keys: string[]; reads: number }> {
  const io = memoryIo()
  const printer = new EventPrinter('json', io)
  const fetcher = new RecordFetcher(undefined)
  try {
    await run(printer, fetcher)
  } finally {
    await fetcher.close()
  }
  await printer.end()
  return { keys: keys(io.out()), reads: fetcher.reads }
}

describe('printOrder', () => {
  it('prints exactly the order given, across loads of chunks, forwards and backwards', async () => {
    const { order, want } = zigzag()
    const forwards = await printed((p, f) => printOrder(order, 0, want.length, f, p))
    expect(forwards.keys).toEqual(want)
    // 80 chunks do not fit one load: at least three loads, each a read per log at least.
    expect(forwards.reads).toBeGreaterThanOrEqual(3)
    const backwards = await printed((p, f) => printOrder(order, want.length - 1, -1, f, p))
    expect(backwards.keys).toEqual([...want].reverse())
    // A window in the middle, backwards.
    expect((await printed((p, f) => printOrder(order, 100, 40, f, p))).keys).toEqual(want.slice(41, 101).reverse())
    expect((await printed((p, f) => printOrder(order, 7, 7, f, p))).keys).toEqual([])
  })
})

describe('printListed', () => {
  const all = () => [...Array.from({ length: 80 }, (_, k) => `a.evtx:${k + 1}`), ...Array.from({ length: 80 }, (_, k) => `b.evtx:${k + 1}`)]

  it('prints the first or last N of the merge by time and returns how many', async () => {
    // a's times all come before b's.
    for (const [limit, rd, want] of [
      [undefined, false, all()],
      [undefined, true, all().reverse()],
      [5, false, all().slice(0, 5)],
      [5, true, all().reverse().slice(0, 5)],
      [0, true, []],
      [500, false, all()],
    ] as const) {
      let shown = -1
      const got = await printed(async (p) => (shown = await printListed(lists, limit, rd, undefined, p)))
      expect(got.keys).toEqual(want)
      expect(shown).toBe(want.length)
    }
  })

  it('prints one log in record-id order', async () => {
    const got = await printed((p) => printListed([lists[1] as MatchList], 3, true, undefined, p))
    expect(got.keys).toEqual(['b.evtx:80', 'b.evtx:79', 'b.evtx:78'])
  })
})
