import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { chunkOf, RecordFetcher } from '../../src/cli/query-fetch.js'
import type { LogFile } from '../../src/cli/query-logs.js'
import { readEvtx } from '../../src/evtx/read.js'
import { renderXml } from '../../src/render/xml.js'
import { CORPUS_SKIP_MESSAGE, corpusAvailable, corpusFiles, corpusPath } from '../helpers/corpus.js'
import { buildEvtx } from '../helpers/evtx-builder.js'
import { rcm1058 } from '../helpers/rdp-events.js'

const logOf = (path: string): LogFile => ({ path, display: path.split('/').pop() as string, channel: 'System' })

/** Every record of `path` as the streaming reader gives it: offset, id, XML. */
async function streamed(path: string): Promise<Array<{ offset: number; id: number; xml: string }>> {
  const out = []
  for await (const r of readEvtx(path, { onDiagnostic: () => {} })) out.push({ offset: r.fileOffset, id: r.recordId, xml: renderXml(r) })
  return out
}

let dir = ''
let built = ''

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'rdp-triage-fetch-'))
  built = join(dir, 'System.evtx')
  // 12 chunks of 5 events: more chunks than the fetcher keeps for one log.
  writeFileSync(built, buildEvtx(Array.from({ length: 60 }, (_, i) => rcm1058(`2026-11-20T08:${String(i).padStart(2, '0')}:00Z`, `status ${i}`)), 5))
})

afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('RecordFetcher', () => {
  it('reads any records again, in any order, as the streaming reader read them', async () => {
    const all = await streamed(built)
    expect(all).toHaveLength(60)
    const log = logOf(built)
    const fetcher = new RecordFetcher(undefined)
    try {
      // Backwards, then jumping between chunks, then the same chunk twice in one load.
      for (const picks of [[59, 58, 57, 41, 40, 3, 2, 1, 0], [0, 59, 1, 58, 30, 2], [7, 7, 8]]) {
        await fetcher.load(picks.map((i) => [log, chunkOf((all[i] as (typeof all)[number]).offset)] as const))
        for (const i of picks) {
          const want = all[i] as (typeof all)[number]
          const got = fetcher.record(log, want.offset, want.id)
          expect([got.recordId, got.fileOffset, renderXml(got)]).toEqual([want.id, want.offset, want.xml])
        }
      }
    } finally {
      await fetcher.close()
    }
  })

  it('reads neighbouring chunks together, at most 16 a read', async () => {
    const log = logOf(built)
    const fetcher = new RecordFetcher(undefined)
    const reads = async (chunks: number[]) => {
      const before = fetcher.reads
      await fetcher.load(chunks.map((c) => [log, c] as const))
      return fetcher.reads - before
    }
    try {
      expect(await reads([11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0])).toBe(1)
      expect(await reads([0, 5, 6, 11, 6])).toBe(3)
      // Past the end of the file: one read that comes back empty.
      expect(await reads([12, 13])).toBe(1)
    } finally {
      await fetcher.close()
    }
    const many = join(dir, 'Many.evtx')
    writeFileSync(many, buildEvtx(Array.from({ length: 40 }, (_, i) => rcm1058(`2026-11-20T09:${String(i).padStart(2, '0')}:00Z`)), 1))
    const big = new RecordFetcher(undefined)
    try {
      await big.load([...Array(40).keys()].map((c) => [logOf(many), c] as const))
      expect(big.reads).toBe(3)
      // 17 neighbours: 16, then 1.
      await big.load([...Array(17).keys()].map((c) => [logOf(many), c] as const))
      expect(big.reads).toBe(5)
    } finally {
      await big.close()
    }
  })

  it('says which record could not be read again when the file no longer holds it', async () => {
    const all = await streamed(built)
    const first = all[0] as (typeof all)[number]
    const last = all[59] as (typeof all)[number]
    const fetcher = new RecordFetcher(undefined)
    try {
      await fetcher.load([[logOf(built), 0]])
      expect(() => fetcher.record(logOf(built), first.offset, first.id + 1)).toThrow(
        `System.evtx: record ${first.id + 1} at file offset 0x${first.offset.toString(16)} (chunk 0) could not be read again: did the file change while it was queried?`,
      )
      expect(() => fetcher.record(logOf(built), first.offset + 8, first.id)).toThrow('could not be read again')
      // Loaded chunks only: the last record's chunk was not asked for.
      expect(() => fetcher.record(logOf(built), last.offset, last.id)).toThrow('(chunk 11) could not be read again')
      await expect(fetcher.load([[logOf(join(dir, 'missing.evtx')), 0]])).rejects.toThrow('missing.evtx: cannot read it again:')
    } finally {
      await fetcher.close()
    }
  })
})

describe.skipIf(!corpusAvailable)('RecordFetcher on the real corpus', () => {
  it.each(corpusFiles())('%s: every record read again renders as streamed', async (name) => {
    const path = corpusPath(name)
    const log = logOf(path)
    const all = await streamed(path)
    const fetcher = new RecordFetcher(undefined)
    try {
      for (let i = 0; i < all.length; i += 500) {
        const part = all.slice(i, i + 500)
        await fetcher.load(part.map((r) => [log, chunkOf(r.offset)] as const))
        for (const want of part) {
          const got = fetcher.record(log, want.offset, want.id)
          if (renderXml(got) !== want.xml) expect.fail(`record ${want.id} at 0x${want.offset.toString(16)} renders differently when read again`)
        }
      }
    } finally {
      await fetcher.close()
    }
  })
})

if (!corpusAvailable) it.skip(CORPUS_SKIP_MESSAGE, () => undefined)
