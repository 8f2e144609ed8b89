import { deflateRawSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { readZipDirectory } from '../../src/archive/zip-directory.js'
import { refuseOverlaps } from '../../src/archive/zip-overlap.js'
import { buildZip, memoryAccess, type ZipEntrySpec } from '../helpers/zip-writer.js'

const text = (s: string) => new TextEncoder().encode(s)

/** The entries an archive built from `entries` keeps, and its problems. */
async function check(entries: ZipEntrySpec[]) {
  const file = memoryAccess(buildZip({ entries }))
  const listed = await readZipDirectory(file)
  const { kept, problems } = await refuseOverlaps(file, listed.entries)
  return { kept: kept.map((e) => e.name), problems, listed: listed.entries }
}

describe('refuseOverlaps', () => {
  it('keeps every entry of an archive whose entries overlap none, in their order', async () => {
    const { kept, problems } = await check([
      { name: 'b.evtx', data: text('b'.repeat(3000)) },
      { name: 'a.evtx', data: text('a'), method: 0 },
      { name: 'empty.evtx', data: new Uint8Array(0) },
    ])
    expect([kept, problems]).toEqual([['b.evtx', 'a.evtx', 'empty.evtx'], []])
  })
  it('reads one of many entries that point at one local header (a zip bomb), and says how many were not', async () => {
    const data = text('x'.repeat(100_000))
    const stated = { offset: 0, size: data.length, compressedSize: deflateRawSync(data).length }
    const copies = Array.from({ length: 19 }, (_, i) => ({ name: `copy${i + 1}/System.evtx`, data: new Uint8Array(0), stated }))
    const { kept, problems, listed } = await check([{ name: 'System.evtx', data }, ...copies])
    expect(kept).toEqual(['System.evtx'])
    const span = `bytes 0 to ${30 + 'System.evtx'.length + (listed[0]?.compressedSize ?? 0)}`
    const named = (i: number) => `copy${i}/System.evtx, ${span}, overlaps System.evtx, ${span} (at archive offset ${listed[i]?.directoryOffset})`
    expect(problems).toEqual([
      `19 entries whose bytes overlap another entry's were not read (entries that share data make a small archive inflate many times over: a zip bomb): ${named(1)}; ${named(2)}; ${named(3)}; and 16 more`,
    ])
  })
  it('refuses an entry whose header lies inside the data of another (one deflate stream behind two headers)', async () => {
    // The stored entry's data is a whole archive: its local header is a second way to the same bytes.
    const inner = buildZip({ entries: [{ name: 'inner.evtx', data: text('y'.repeat(2000)) }] })
    const { kept, problems } = await check([
      { name: 'outer.evtx', data: inner, method: 0 },
      { name: 'inner.evtx', data: new Uint8Array(0), stated: { offset: 30 + 'outer.evtx'.length } },
    ])
    expect(kept).toHaveLength(1)
    expect(problems).toEqual([expect.stringMatching(/^1 entry whose bytes overlap another entry's was not read \(.*zip bomb\): (outer|inner)\.evtx, bytes \d+ to \d+, overlaps (inner|outer)\.evtx/)])
  })
  it('refuses only the entry whose stated size runs over the entries after it, not them', async () => {
    const { kept, problems } = await check([
      { name: 'a.evtx', data: text('a'.repeat(500)), stated: { compressedSize: 5000 } },
      { name: 'b.evtx', data: text('b'.repeat(500)) },
      { name: 'c.evtx', data: text('c'.repeat(500)) },
    ])
    expect(kept).toEqual(['b.evtx', 'c.evtx'])
    expect(problems).toEqual([expect.stringMatching(/^1 entry whose bytes overlap another entry's was not read .*: a\.evtx, bytes 0 to \d+, overlaps c\.evtx/)])
  })
  it('keeps an entry with no local header where the directory says (reading it fails at once, saying so)', async () => {
    const { kept, problems } = await check([
      { name: 'a.evtx', data: text('a') },
      { name: 'b.evtx', data: text('b'), stated: { offset: 3 } },
    ])
    expect([kept, problems]).toEqual([['a.evtx', 'b.evtx'], []])
  })
})
