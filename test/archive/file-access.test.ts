import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { archiveEntryBytes, openArchive } from '../../src/archive/file-access.js'
import { readZipDirectory, type ZipEntry } from '../../src/archive/zip-directory.js'
import { FD_SKIP_REASON, openFds } from '../helpers/open-fds.js'
import { buildZip } from '../helpers/zip-writer.js'

const root = mkdtempSync(join(tmpdir(), 'rdp-triage-archive-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

const data = Uint8Array.from({ length: 600_000 }, (_, i) => (i * 31) & 0xff)
const path = join(root, 'logs.zip')
writeFileSync(path, buildZip({ entries: [{ name: 'System.evtx', data }] }))

async function firstEntry(): Promise<ZipEntry> {
  const archive = await openArchive(path)
  try {
    return (await readZipDirectory(archive)).entries[0] as ZipEntry
  } finally {
    await archive.close()
  }
}

describe('openArchive', () => {
  it('reads at positions, and short at the end', async () => {
    const archive = await openArchive(path)
    try {
      const all = (await readZipDirectory(archive)).entries
      expect(all.map((e) => e.name)).toEqual(['System.evtx'])
      expect([...(await archive.read(0, 4))]).toEqual([0x50, 0x4b, 3, 4])
      expect((await archive.read(archive.size - 3, 10)).length).toBe(3)
      expect((await archive.read(archive.size + 5, 10)).length).toBe(0)
    } finally {
      await archive.close()
    }
  })
  it('fails for a missing file', async () => {
    await expect(openArchive(join(root, 'nope.zip'))).rejects.toThrowError(/ENOENT/)
  })
})

const FD_SKIP = `archiveEntryBytes closing its archive: ${FD_SKIP_REASON}`

describe.skipIf(openFds() === undefined)('archiveEntryBytes', () => {
  it('yields the entry and closes the archive after it', async () => {
    const entry = await firstEntry()
    const before = openFds()
    const pieces: Buffer[] = []
    for await (const piece of archiveEntryBytes(path, entry)) pieces.push(Buffer.from(piece))
    expect(Buffer.compare(Buffer.concat(pieces), data)).toBe(0)
    expect(openFds()).toBe(before)
  })
  it('closes the archive when the reader stops early', async () => {
    const entry = await firstEntry()
    const before = openFds()
    for await (const piece of archiveEntryBytes(path, entry)) {
      expect(piece.length).toBeGreaterThan(0)
      break
    }
    // The inflater's source is released after the loop: give it a turn.
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(openFds()).toBe(before)
  })
})
if (openFds() === undefined) it.skip(FD_SKIP, () => {})
