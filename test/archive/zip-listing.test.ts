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
  })
  it('throws the missing end record when no local header is found either, and other directory errors as they are', async () => {
    await expect(listZipEntries(memoryAccess(new Uint8Array(1000)))).rejects.toThrowError(/no end-of-central-directory record in the last 64 KiB: not a ZIP archive, or one cut short/)
    const zip = buildZip({ entries: [{ name: 'a.evtx', data: text('1') }] })
    zip[zip.length - 22 + 4] = 1
    const error = await listZipEntries(memoryAccess(zip)).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ZipError)
    expect((error as ZipError).noEndRecord).toBe(false)
    expect((error as Error).message).toMatch(/split/)
  })
})
