import { describe, expect, it } from 'vitest'
import { readZipDirectory, ZipError } from '../../src/archive/zip-directory.js'
import { listZipEntries } from '../../src/archive/zip-listing.js'
import { buildZip, memoryAccess } from '../helpers/zip-writer.js'

const text = (s: string) => new TextEncoder().encode(s)

describe('listZipEntries', () => {
  it('lists from the central directory when there is one', async () => {
    const zip = buildZip({ entries: [{ name: 'a.evtx', data: text('1') }] })
    expect(await listZipEntries(memoryAccess(zip))).toEqual(await readZipDirectory(memoryAccess(zip)))
  })
  it('salvages the entries of an archive cut short from their local headers, and says so', async () => {
    const zip = buildZip({ entries: [{ name: 'a.evtx', data: text('1'.repeat(5000)) }, { name: 'b.evtx', data: text('2') }] })
    const listed = await listZipEntries(memoryAccess(zip.subarray(0, zip.length - 30)))
    expect(listed.entries.map((e) => e.name)).toEqual(['a.evtx', 'b.evtx'])
    expect(listed.problems).toEqual([
      'no central directory (a copy cut short loses the directory at its end): 2 entries found from their local headers; an entry the cut falls in is read up to it',
    ])
    const single = await listZipEntries(memoryAccess(zip.subarray(0, 40)))
    expect(single.problems[0]).toMatch(/: 1 entry found from its local header;/)
  })
  it('salvages from the local headers when the directory is damaged or unreadable and they give more entries', async () => {
    const zip = buildZip({ entries: ['a', 'b', 'c'].map((n) => ({ name: `${n}.evtx`, data: text(n.repeat(100)) })) })
    const directory = await readZipDirectory(memoryAccess(zip))
    // The second directory entry zeroed: the directory gives one entry, the local headers three.
    const damaged = zip.slice()
    damaged.fill(0, directory.entries[1]?.directoryOffset, (directory.entries[1]?.directoryOffset ?? 0) + 46)
    const listed = await listZipEntries(memoryAccess(damaged))
    expect(listed.entries.map((e) => e.name)).toEqual(['a.evtx', 'b.evtx', 'c.evtx'])
    expect(listed.problems[0]).toMatch(/^the central directory is damaged \(no central directory entry where entry 2 should be \(at archive offset \d+\)\): 3 entries found from their local headers/)
    // A directory stated past the archive's start cannot be read at all.
    const unreadable = zip.slice()
    new DataView(unreadable.buffer).setUint32(zip.length - 22 + 12, zip.length, true)
    const fromHeaders = await listZipEntries(memoryAccess(unreadable))
    expect(fromHeaders.entries.map((e) => e.name)).toEqual(['a.evtx', 'b.evtx', 'c.evtx'])
    expect(fromHeaders.problems[0]).toMatch(/^the central directory cannot be read \(the central directory \(\d+ bytes\) would start before the archive/)
    // A directory entry whose offset is outside the archive: its local header is found.
    const outside = buildZip({ entries: [{ name: 'bad.evtx', data: text('1'), stated: { offset: 0x7fffffff } }, { name: 'good.evtx', data: text('2') }] })
    expect((await listZipEntries(memoryAccess(outside))).entries.map((e) => e.name)).toEqual(['bad.evtx', 'good.evtx'])
    // A problem the local headers do not add to (fewer entries than the end record says): the directory's listing stays.
    const short = buildZip({ entries: [{ name: 'a.evtx', data: text('1') }], statedCount: 3 })
    const kept = await listZipEntries(memoryAccess(short))
    expect(kept).toEqual(await readZipDirectory(memoryAccess(short)))
    expect(kept.problems[0]).toMatch(/holds 1 entries where its end record says 3/)
  })
  it('throws the missing end record when no local header is found either, and a split archive as it is', async () => {
    await expect(listZipEntries(memoryAccess(new Uint8Array(1000)))).rejects.toThrowError(/no end-of-central-directory record in the last 64 KiB: not a ZIP archive, or one cut short/)
    const zip = buildZip({ entries: [{ name: 'a.evtx', data: text('1') }] })
    zip[zip.length - 22 + 4] = 1
    const error = await listZipEntries(memoryAccess(zip)).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ZipError)
    expect((error as ZipError).kind).toBe('split')
    expect((error as Error).message).toMatch(/split/)
  })
})
