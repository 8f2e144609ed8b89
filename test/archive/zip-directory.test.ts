import { describe, expect, it } from 'vitest'
import { MAX_ZIP_ENTRIES, readZipDirectory, ZipError } from '../../src/archive/zip-directory.js'
import { buildZip, memoryAccess } from '../helpers/zip-writer.js'

const text = (s: string) => new TextEncoder().encode(s)

describe('readZipDirectory', () => {
  it('lists every entry with its method, sizes, CRC and local header offset', async () => {
    const zip = buildZip({
      entries: [
        { name: 'Logs/System.evtx', data: text('a'.repeat(1000)) },
        { name: 'notes.txt', data: text('hello'), method: 0 },
      ],
    })
    const { entries, entriesLeftOut, problems } = await readZipDirectory(memoryAccess(zip))
    expect(entries.map((e) => [e.name, e.method, e.size])).toEqual([
      ['Logs/System.evtx', 8, 1000],
      ['notes.txt', 0, 5],
    ])
    expect(entries[0]?.compressedSize).toBeLessThan(100)
    expect(entries[0]?.crc32).toBe(0x9a38da03)
    expect(entries[0]?.localHeaderOffset).toBe(0)
    expect(entries[1]?.localHeaderOffset).toBe(30 + 'Logs/System.evtx'.length + (entries[0]?.compressedSize ?? 0))
    expect([entriesLeftOut, problems]).toEqual([0, []])
  })
  it('finds the end record behind a comment, and reads an empty archive', async () => {
    const zip = buildZip({ entries: [{ name: 'System.evtx', data: text('x') }], comment: 'PK\x05\x06 looks like a signature'.padEnd(3000, '.') })
    expect((await readZipDirectory(memoryAccess(zip))).entries.map((e) => e.name)).toEqual(['System.evtx'])
    expect((await readZipDirectory(memoryAccess(buildZip({ entries: [] })))).entries).toEqual([])
  })
  it('reads ZIP64 records and extra fields', async () => {
    const zip = buildZip({ entries: [{ name: 'System.evtx', data: text('abc') }, { name: 'b.evtx', data: text('defg') }], zip64: true })
    const { entries } = await readZipDirectory(memoryAccess(zip))
    expect(entries.map((e) => [e.name, e.size, e.compressedSize > 0])).toEqual([
      ['System.evtx', 3, true],
      ['b.evtx', 4, true],
    ])
    expect(entries[1]?.localHeaderOffset).toBeGreaterThan(0)
  })
  it('shifts offsets past data prepended to the archive (a self-extracting stub)', async () => {
    const prefix = new Uint8Array(777).fill(0x4d)
    const zip = buildZip({ entries: [{ name: 'a.evtx', data: text('1') }, { name: 'b.evtx', data: text('2') }], prefix })
    const { entries } = await readZipDirectory(memoryAccess(zip))
    expect(entries[0]?.localHeaderOffset).toBe(777)
    const plain = await readZipDirectory(memoryAccess(buildZip({ entries: [{ name: 'a.evtx', data: text('1') }, { name: 'b.evtx', data: text('2') }] })))
    expect(entries[1]?.localHeaderOffset).toBe((plain.entries[1]?.localHeaderOffset ?? 0) + 777)
    // A ZIP64 archive's end record is found where it ends, at the locator, not at its stated offset.
    const zip64 = await readZipDirectory(memoryAccess(buildZip({ entries: [{ name: 'a.evtx', data: text('1') }], prefix, zip64: true })))
    expect(zip64.entries.map((e) => [e.name, e.localHeaderOffset])).toEqual([['a.evtx', 777]])
  })
  it('decodes names as UTF-8 when flagged, else as code page 437, and turns \\ into /', async () => {
    const zip = buildZip({
      entries: [
        { name: 'Événements/System.evtx', data: text('1') },
        { name: 'cp437', nameBytes: Uint8Array.of(0x82, 0x5c, 0x41, 0x2e, 0x65, 0x76, 0x74, 0x78), data: text('2') },
      ],
    })
    expect((await readZipDirectory(memoryAccess(zip))).entries.map((e) => e.name)).toEqual(['Événements/System.evtx', 'é/A.evtx'])
  })
  it('refuses what is not a ZIP archive, or one cut before its end record, with where', async () => {
    await expect(readZipDirectory(memoryAccess(text('short')))).rejects.toThrowError(/too short for a ZIP archive \(5 bytes\)/)
    await expect(readZipDirectory(memoryAccess(new Uint8Array(5000)))).rejects.toThrowError(/no end-of-central-directory record/)
    const zip = buildZip({ entries: [{ name: 'System.evtx', data: text('x'.repeat(100)) }] })
    await expect(readZipDirectory(memoryAccess(zip.subarray(0, zip.length - 10)))).rejects.toThrowError(ZipError)
  })
  it('refuses split archives', async () => {
    const zip = buildZip({ entries: [{ name: 'System.evtx', data: text('x') }] })
    for (const field of [4, 6]) {
      // This disk's number, or the disk the central directory starts on.
      const split = zip.slice()
      split[zip.length - 22 + field] = 1
      await expect(readZipDirectory(memoryAccess(split))).rejects.toThrowError(/split \(multi-volume\) archive/)
    }
  })
  it('keeps the entries before a damaged one that ends the walk, and says where', async () => {
    const zip = buildZip({ entries: ['a', 'b', 'c'].map((n) => ({ name: `${n}.evtx`, data: text(n) })) })
    const first = await readZipDirectory(memoryAccess(zip))
    const broken = zip.slice()
    const second = first.entries[1]?.directoryOffset ?? 0
    broken[second] = 0
    const { entries, problems } = await readZipDirectory(memoryAccess(broken))
    expect(entries.map((e) => e.name)).toEqual(['a.evtx'])
    expect(problems).toEqual([`no central directory entry where entry 2 should be (at archive offset ${second})`])
  })
  it('leaves out an entry whose local header would be outside the archive, and lists the rest', async () => {
    const zip = buildZip({ entries: [{ name: 'bad.evtx', data: text('1'), stated: { offset: 0x7fffffff } }, { name: 'good.evtx', data: text('2') }] })
    const { entries, problems } = await readZipDirectory(memoryAccess(zip))
    expect(entries.map((e) => e.name)).toEqual(['good.evtx'])
    expect(problems).toHaveLength(1)
    expect(problems[0]).toMatch(/^bad\.evtx: its local header offset \(2147483647\) is outside the archive's data \(at archive offset \d+\)$/)
  })
  it('leaves out an entry whose ZIP64 extra field states more bytes than the extra area holds', async () => {
    const zip = buildZip({ entries: [{ name: 'a.evtx', data: text('1') }], zip64: true })
    const entry = (await readZipDirectory(memoryAccess(zip))).entries[0]
    const bad = zip.slice()
    // The central entry's extra area: a ZIP64 field of 24 bytes, now stated as 28.
    const extraAt = (entry?.directoryOffset ?? 0) + 46 + 'a.evtx'.length
    expect([bad[extraAt], bad[extraAt + 2]]).toEqual([1, 24])
    bad[extraAt + 2] = 28
    const { entries, problems } = await readZipDirectory(memoryAccess(bad))
    expect(entries).toEqual([])
    expect(problems).toEqual([`a.evtx: an entry states ZIP64 sizes but has no ZIP64 extra field (at archive offset ${entry?.directoryOffset})`])
  })
  it('says when the directory holds fewer entries than its end record states', async () => {
    const zip = buildZip({ entries: [{ name: 'a.evtx', data: text('1') }], statedCount: 3 })
    const { entries, problems } = await readZipDirectory(memoryAccess(zip))
    expect(entries).toHaveLength(1)
    expect(problems[0]).toMatch(/holds 1 entries where its end record says 3/)
  })
  it('refuses a central directory stated past the archive, or larger than the limit', async () => {
    const zip = buildZip({ entries: [{ name: 'a.evtx', data: text('1') }] })
    const big = zip.slice()
    new DataView(big.buffer).setUint32(zip.length - 22 + 12, 0x7ffffff0, true)
    await expect(readZipDirectory(memoryAccess(big))).rejects.toThrowError(/central directory is 2147483632 bytes, more than the 67108864 read/)
    const before = zip.slice()
    new DataView(before.buffer).setUint32(zip.length - 22 + 12, zip.length, true)
    await expect(readZipDirectory(memoryAccess(before))).rejects.toThrowError(/would start before the archive/)
  })
  it('counts as left out only the entries past MAX_ZIP_ENTRIES, not the damaged ones it names', async () => {
    const zip = buildZip({ entries: [{ name: 'bad.evtx', data: text('1'), stated: { offset: 0x7fffffff } }, { name: 'good.evtx', data: text('2') }] })
    const { entries, entriesLeftOut, problems } = await readZipDirectory(memoryAccess(zip))
    expect([entries.length, entriesLeftOut, problems.length]).toEqual([1, 0, 1])
  })
  it('names at most ten damaged entries', async () => {
    const bad = Array.from({ length: 12 }, (_, i) => ({ name: `${i}.evtx`, data: text('1'), stated: { offset: 0x7fffffff } }))
    const { entries, problems } = await readZipDirectory(memoryAccess(buildZip({ entries: [...bad, { name: 'good.evtx', data: text('2') }] })))
    expect(entries.map((e) => e.name)).toEqual(['good.evtx'])
    expect(problems.map((p) => p.slice(0, p.indexOf(':')))).toEqual(Array.from({ length: 10 }, (_, i) => `${i}.evtx`))
  })
  it("refuses a local header offset at the directory's start, and one before the archive's", async () => {
    const zip = buildZip({ entries: [{ name: 'a.evtx', data: text('1') }, { name: 'b.evtx', data: text('2') }] })
    const { entries } = await readZipDirectory(memoryAccess(zip))
    const directoryAt = entries[0]?.directoryOffset as number
    const atDirectory = buildZip({ entries: [{ name: 'a.evtx', data: text('1'), stated: { offset: directoryAt } }, { name: 'b.evtx', data: text('2') }] })
    expect((await readZipDirectory(memoryAccess(atDirectory))).problems).toEqual([`a.evtx: its local header offset (${directoryAt}) is outside the archive's data (at archive offset ${directoryAt})`])
    // The end record states the directory 100 bytes further on than it is: offsets are shifted back by 100.
    const shifted = zip.slice()
    const view = new DataView(shifted.buffer)
    view.setUint32(zip.length - 22 + 16, directoryAt + 100, true)
    const read = await readZipDirectory(memoryAccess(shifted))
    expect(read.entries).toEqual([])
    expect(read.problems.map((p) => p.replace(/ \(at archive offset \d+\)$/, ''))).toEqual([
      "a.evtx: its local header offset (0) is outside the archive's data",
      `b.evtx: its local header offset (${entries[1]?.localHeaderOffset}) is outside the archive's data`,
    ])
  })
  it('takes the entry count as a check only: more entries than stated, or a count of 0xFFFF, is no problem', async () => {
    const entries = ['a', 'b', 'c'].map((n) => ({ name: `${n}.evtx`, data: text(n) }))
    for (const statedCount of [1, 0xffff]) {
      const read = await readZipDirectory(memoryAccess(buildZip({ entries, statedCount })))
      expect([read.entries.length, read.problems]).toEqual([3, []])
    }
  })
  it('finds the end record behind the longest comment the format allows', async () => {
    const zip = buildZip({ entries: [{ name: 'System.evtx', data: text('x') }], comment: '.'.repeat(0xffff) })
    expect((await readZipDirectory(memoryAccess(zip))).entries.map((e) => e.name)).toEqual(['System.evtx'])
  })
  it('turns \\ into / in UTF-8 names too', async () => {
    const zip = buildZip({ entries: [{ name: 'Journaux\\Système.evtx', data: text('1') }] })
    expect((await readZipDirectory(memoryAccess(zip))).entries.map((e) => e.name)).toEqual(['Journaux/Système.evtx'])
  })
  it('refuses a ZIP64 offset past 2^53, and takes one just below it as an offset outside the archive', async () => {
    const zip = buildZip({ entries: [{ name: 'a.evtx', data: text('1') }], zip64: true })
    const entry = (await readZipDirectory(memoryAccess(zip))).entries[0]
    // The offset's high 32 bits, after the extra field's header and the two sizes.
    const highAt = (entry?.directoryOffset ?? 0) + 46 + 'a.evtx'.length + 4 + 16 + 4
    const problem = async (high: number) => {
      const bad = zip.slice()
      new DataView(bad.buffer).setUint32(highAt, high, true)
      return (await readZipDirectory(memoryAccess(bad))).problems
    }
    expect(await problem(0x200000)).toEqual([`a.evtx: the ZIP64 local header offset is out of range (at archive offset ${entry?.directoryOffset})`])
    expect(await problem(0x1fffff)).toEqual([`a.evtx: its local header offset (${0x1fffff * 2 ** 32}) is outside the archive's data (at archive offset ${entry?.directoryOffset})`])
  })
  it('refuses a ZIP64 archive of more than one disk, and one whose locator leads to no ZIP64 end record', async () => {
    const zip = buildZip({ entries: [{ name: 'a.evtx', data: text('1') }], zip64: true })
    const locatorAt = zip.length - 22 - 20
    const view = (bytes: Uint8Array) => new DataView(bytes.buffer)
    // Total disks: 1 as written, 0 from some writers, 2 for a split archive.
    const disks = (n: number) => {
      const b = zip.slice()
      view(b).setUint32(locatorAt + 16, n, true)
      return memoryAccess(b)
    }
    expect((await readZipDirectory(disks(0))).entries.map((e) => e.name)).toEqual(['a.evtx'])
    await expect(readZipDirectory(disks(2))).rejects.toThrowError(/^a split \(multi-volume\) ZIP64 archive: join its parts into one \.zip first/)
    const lost = zip.slice()
    const recordAt = Number(view(zip).getBigUint64(locatorAt + 8, true))
    lost[recordAt] = 0
    await expect(readZipDirectory(memoryAccess(lost))).rejects.toThrowError(`the ZIP64 locator points to no ZIP64 end record (at archive offset ${recordAt})`)
  })
  it('lists at most MAX_ZIP_ENTRIES and counts the rest', { timeout: 60_000 }, async () => {
    const entries = Array.from({ length: MAX_ZIP_ENTRIES + 3 }, (_, i) => ({ name: `${i}`, data: new Uint8Array(0), method: 0 }))
    const { entries: listed, entriesLeftOut } = await readZipDirectory(memoryAccess(buildZip({ entries })))
    expect([listed.length, entriesLeftOut]).toEqual([MAX_ZIP_ENTRIES, 3])
  })
})
