import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { readZipDirectory, type ZipEntry, ZipError } from '../../src/archive/zip-directory.js'
import { MAX_ENTRY_BYTES, unreadableEntry, zipEntryBytes } from '../../src/archive/zip-entry.js'
import { buildZip, memoryAccess, type ZipEntrySpec } from '../helpers/zip-writer.js'

/** Reads an entry whole; on failure, the bytes yielded before it and the error. */
async function readAll(zip: Uint8Array, index = 0): Promise<{ bytes: Uint8Array; error: unknown; entry: ZipEntry }> {
  const file = memoryAccess(zip)
  const entry = (await readZipDirectory(file)).entries[index] as ZipEntry
  const pieces: Uint8Array[] = []
  let error: unknown
  try {
    for await (const piece of zipEntryBytes(file, entry)) pieces.push(new Uint8Array(piece))
  } catch (e) {
    error = e
  }
  return { bytes: new Uint8Array(Buffer.concat(pieces)), error, entry }
}

const one = (spec: Partial<ZipEntrySpec> & { data: Uint8Array }) => buildZip({ entries: [{ name: 'System.evtx', ...spec }] })
/** Compressible bytes of several read pieces' length. */
const logLike = (n: number) => Uint8Array.from({ length: n }, (_, i) => (i % 251 < 200 ? i & 0x0f : (i * 7) & 0xff))

describe('zipEntryBytes', () => {
  it('streams stored and deflated entries exactly, across many pieces', async () => {
    const data = logLike(1_300_000)
    for (const method of [0, 8]) {
      const { bytes, error } = await readAll(one({ data, method }))
      expect(error).toBeUndefined()
      expect(Buffer.compare(bytes, data)).toBe(0)
    }
    const noise = new Uint8Array(randomBytes(300_000))
    expect(Buffer.compare((await readAll(one({ data: noise }))).bytes, noise)).toBe(0)
  })
  it('reads an entry written with a data descriptor, and a ZIP64 entry, by the central directory', async () => {
    const data = logLike(70_000)
    expect(Buffer.compare((await readAll(one({ data, flags: 8 }))).bytes, data)).toBe(0)
    const zip64 = buildZip({ entries: [{ name: 'a.evtx', data: logLike(10) }, { name: 'System.evtx', data }], zip64: true })
    const read = await readAll(zip64, 1)
    expect(read.error).toBeUndefined()
    expect(Buffer.compare(read.bytes, data)).toBe(0)
  })
  it('reads an entry whose local header has a longer extra field than the central one', async () => {
    const data = logLike(5000)
    const zip = one({ data, method: 0 })
    // Local extra length 4 (a padding field), the data moved along by 4 bytes.
    const nameLength = 'System.evtx'.length
    const grown = new Uint8Array(zip.length + 4)
    grown.set(zip.subarray(0, 30 + nameLength))
    grown.set([0xfe, 0xca, 0, 0], 30 + nameLength)
    grown.set(zip.subarray(30 + nameLength), 34 + nameLength)
    grown[28] = 4
    // The central directory and end record moved by 4 as well.
    const view = new DataView(grown.buffer)
    const end = grown.length - 22
    view.setUint32(end + 16, view.getUint32(end + 16, true) + 4, true)
    const read = await readAll(grown)
    expect(read.error).toBeUndefined()
    expect(Buffer.compare(read.bytes, data)).toBe(0)
  })
  it('stops an entry that inflates past its stated size at that size (a zip bomb costs no more)', async () => {
    const zeros = new Uint8Array(64 << 20)
    const { bytes, error } = await readAll(one({ data: zeros, stated: { size: 1 << 20 } }))
    expect(error).toBeInstanceOf(ZipError)
    expect((error as Error).message).toMatch(/^System\.evtx inflates past its stated size of 1048576 bytes \(at archive offset 41\)$/)
    expect(bytes.length).toBeLessThanOrEqual(1 << 20)
  })
  it('fails an entry that ends short of its stated size, after yielding what it holds', async () => {
    const data = logLike(100_000)
    const { bytes, error } = await readAll(one({ data, stated: { size: 100_001 } }))
    expect((error as Error).message).toMatch(/ends after 100000 of its stated 100001 bytes/)
    expect(bytes.length).toBe(100_000)
  })
  it('fails an entry whose CRC-32 differs, at its end', async () => {
    const data = logLike(100_000)
    const { bytes, error } = await readAll(one({ data, stated: { crc32: 0x12345678 } }))
    expect((error as Error).message).toMatch(/^System\.evtx's CRC-32 is 0x[0-9a-f]{8} where the archive states 0x12345678: the entry is damaged/)
    expect(bytes.length).toBe(100_000)
    // Stored data changed in the archive: the same.
    const stored = one({ data, method: 0 })
    stored[30 + 11 + 500] = (stored[30 + 11 + 500] as number) ^ 1
    expect(((await readAll(stored)).error as Error).message).toMatch(/CRC-32 is .* the entry is damaged/)
    // Eight hex digits, leading zeros too.
    expect(((await readAll(one({ data, stated: { crc32: 1 } }))).error as Error).message).toMatch(/where the archive states 0x00000001: /)
  })
  it('fails corrupt deflate data with zlib\'s reason', async () => {
    const zip = one({ data: logLike(100_000) })
    zip.fill(0xff, 30 + 11, 30 + 11 + 64)
    const { error } = await readAll(zip)
    expect(error).toBeInstanceOf(ZipError)
    expect((error as Error).message).toMatch(/^System\.evtx's deflate data is corrupt \(.+\) \(at archive offset 41\)$/)
  })
  it('refuses an entry without a local header where the directory says, and one cut short', async () => {
    const zip = one({ data: logLike(1000) })
    const moved = zip.slice()
    moved[0] = 0
    expect(((await readAll(moved)).error as Error).message).toBe('no local header for System.evtx where the central directory says (at archive offset 0)')
  })
  it('yields what an entry cut off by the archive\'s end holds, then says where it was cut', async () => {
    const data = logLike(600_000)
    for (const method of [0, 8]) {
      const zip = one({ data, method })
      const file = memoryAccess(zip)
      const entry = (await readZipDirectory(file)).entries[0] as ZipEntry
      const at = 41 + Math.floor(entry.compressedSize / 2)
      const cut = memoryAccess(zip.subarray(0, at))
      const pieces: Buffer[] = []
      let error: unknown
      try {
        for await (const piece of zipEntryBytes(cut, entry)) pieces.push(Buffer.from(piece))
      } catch (e) {
        error = e
      }
      const got = Buffer.concat(pieces)
      expect((error as Error).message).toBe(
        `System.evtx's data (${entry.compressedSize} bytes from 41) runs past the end of the archive (${at} bytes): it was cut short after ${got.length} bytes of the entry (at archive offset 41)`,
      )
      // What came is the entry's start: for a stored entry, every byte before the cut.
      expect(Buffer.compare(got, data.subarray(0, got.length))).toBe(0)
      if (method === 0) expect(got.length).toBe(at - 41)
      else expect(got.length).toBeGreaterThan(100_000)
    }
  })
  it('fails when the archive gives no more bytes before its stated size (a file that shrank)', async () => {
    const zip = one({ data: logLike(600_000), method: 0 })
    const whole = memoryAccess(zip)
    const entry = (await readZipDirectory(whole)).entries[0] as ZipEntry
    // Reads from 300,041 on give nothing, though the size taken at opening says more; asking
    // there again (a reader that would wait forever) fails.
    const asked = new Set<number>()
    const shrunk = {
      size: zip.length,
      read: async (position: number, length: number) => {
        if (asked.has(position)) throw new Error(`read at ${position} again`)
        asked.add(position)
        return zip.slice(position, Math.min(300_041, position + length))
      },
    }
    let total = 0
    let error: unknown
    try {
      for await (const piece of zipEntryBytes(shrunk, entry)) total += piece.length
    } catch (e) {
      error = e
    }
    expect((error as Error).message).toBe('the archive ended early (at archive offset 300041)')
    expect(total).toBe(300_000)
  })
  it('refuses encrypted entries and compression methods it does not read, saying what to do', async () => {
    expect(((await readAll(one({ data: logLike(10), flags: 1 }))).error as Error).message).toMatch(/System\.evtx: it is encrypted: extract it with its password first/)
    expect(((await readAll(one({ data: logLike(10), method: 12 }))).error as Error).message).toMatch(/compressed with bzip2, which this tool does not read \(only stored and deflate\): extract it/)
    expect(((await readAll(one({ data: logLike(10), method: 77 }))).error as Error).message).toMatch(/compressed with method 77/)
    const entry = { name: 'x', method: 8, flags: 0, crc32: 0, compressedSize: 10, size: MAX_ENTRY_BYTES + 1, localHeaderOffset: 0, directoryOffset: 0 }
    expect(unreadableEntry(entry)).toMatch(/stated size .* is past the/)
    expect(unreadableEntry({ ...entry, size: 10 })).toBeUndefined()
    expect(unreadableEntry({ ...entry, size: MAX_ENTRY_BYTES })).toBeUndefined()
    // AES encryption (method 99) is encryption even without the flag.
    expect(unreadableEntry({ ...entry, size: 10, method: 99 })).toBe('it is encrypted: extract it with its password first')
  })
  it('reads nothing ahead of the reader: an entry left early stops reading the archive', async () => {
    const data = new Uint8Array(randomBytes(4 << 20))
    const file = memoryAccess(one({ data, method: 0 }))
    const entry = (await readZipDirectory(file)).entries[0] as ZipEntry
    const before = file.reads
    for await (const piece of zipEntryBytes(file, entry)) {
      expect(piece.length).toBeGreaterThan(0)
      break
    }
    // The local header, then one piece of 256 KiB.
    expect(file.reads - before).toBe(2)
  })
})
