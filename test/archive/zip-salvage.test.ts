import { describe, expect, it } from 'vitest'
import { readZipDirectory, type ZipEntry } from '../../src/archive/zip-directory.js'
import { zipEntryBytes } from '../../src/archive/zip-entry.js'
import { salvageLocalHeaders } from '../../src/archive/zip-salvage.js'
import { buildZip, memoryAccess, type ZipEntrySpec } from '../helpers/zip-writer.js'

const logLike = (n: number, seed = 0) => Uint8Array.from({ length: n }, (_, i) => ((i + seed) % 251 < 200 ? (i + seed) & 0x0f : ((i + seed) * 7) & 0xff))
const specs: ZipEntrySpec[] = [
  { name: 'Logs/System.evtx', data: logLike(200_000) },
  { name: 'Logs/Application.evtx', data: logLike(50_000, 3), method: 0 },
  { name: 'Logs/Security.evtx', data: logLike(120_000, 5) },
]

/** The archive cut where its central directory starts (what a transfer stopped there leaves). */
async function cutBeforeDirectory(spec: Parameters<typeof buildZip>[0]): Promise<Uint8Array> {
  const zip = buildZip(spec)
  const first = (await readZipDirectory(memoryAccess(zip))).entries[0]?.directoryOffset ?? 0
  return zip.subarray(0, first)
}

async function readEntry(bytes: Uint8Array, entry: ZipEntry): Promise<{ data: Buffer; error: unknown }> {
  const pieces: Buffer[] = []
  let error: unknown
  try {
    for await (const piece of zipEntryBytes(memoryAccess(bytes), entry)) pieces.push(Buffer.from(piece))
  } catch (e) {
    error = e
  }
  return { data: Buffer.concat(pieces), error }
}

describe('salvageLocalHeaders', () => {
  it('finds every entry of an archive cut before its directory, with the sizes and CRCs its local headers state', async () => {
    const zip = buildZip({ entries: specs })
    const directory = await readZipDirectory(memoryAccess(zip))
    const cut = await cutBeforeDirectory({ entries: specs })
    const salvaged = await salvageLocalHeaders(memoryAccess(cut))
    expect(salvaged.problems).toEqual([])
    expect(salvaged.entries.map(({ directoryOffset: _, ...e }) => e)).toEqual(directory.entries.map(({ directoryOffset: _, ...e }) => e))
    for (const [i, entry] of salvaged.entries.entries()) {
      const read = await readEntry(cut, entry)
      expect(read.error).toBeUndefined()
      expect(Buffer.compare(read.data, specs[i]?.data as Uint8Array)).toBe(0)
    }
  })
  it('reads entries whose sizes follow their data from their data descriptors, and checks them', async () => {
    const described = specs.map((s) => ({ ...s, flags: 8 }))
    const cut = await cutBeforeDirectory({ entries: described })
    const { entries, problems } = await salvageLocalHeaders(memoryAccess(cut))
    expect(problems).toEqual([])
    expect(entries.map((e) => [e.name, e.size, e.unchecked])).toEqual(specs.map((s) => [s.name, s.data.length, undefined]))
    for (const [i, entry] of entries.entries()) expect(Buffer.compare((await readEntry(cut, entry)).data, specs[i]?.data as Uint8Array)).toBe(0)
    // A changed byte of stored data fails its CRC-32 from the descriptor.
    const changed = cut.slice()
    const stored = entries[1] as ZipEntry
    const at = stored.localHeaderOffset + 30 + stored.name.length + 100
    changed[at] = (changed[at] as number) ^ 0xff
    expect(((await readEntry(changed, stored)).error as Error).message).toMatch(/CRC-32 is .* where the archive states/)
  })
  it('reads the entry the cut falls in up to the cut, whether its sizes come before or after its data', async () => {
    for (const flags of [0, 8]) {
      const zip = buildZip({ entries: specs.map((s) => ({ ...s, flags })) })
      const last = (await readZipDirectory(memoryAccess(zip))).entries[2] as ZipEntry
      const cut = zip.subarray(0, last.localHeaderOffset + 30 + last.name.length + Math.floor(last.compressedSize / 2))
      const { entries } = await salvageLocalHeaders(memoryAccess(cut))
      expect(entries.map((e) => e.name)).toEqual(specs.map((s) => s.name))
      const read = await readEntry(cut, entries[2] as ZipEntry)
      expect((read.error as Error).message).toMatch(/^Logs\/Security\.evtx's data \(\d+ bytes from \d+\) runs past the end of the archive \(\d+ bytes\): it was cut short after \d+ bytes of the entry/)
      expect(read.data.length).toBeGreaterThan(10_000)
      expect(Buffer.compare(read.data, (specs[2]?.data as Uint8Array).subarray(0, read.data.length))).toBe(0)
      // Unknown sizes (flag 8, no descriptor before the end): nothing to check but the cut.
      expect(entries[2]?.unchecked).toBe(flags === 8 ? true : undefined)
    }
  })
  it('reads ZIP64 sizes from a local header, and finds the first header after prepended data', async () => {
    const cut = await cutBeforeDirectory({ entries: specs, zip64: true, prefix: new Uint8Array(3000).fill(0x4d) })
    const { entries } = await salvageLocalHeaders(memoryAccess(cut))
    expect(entries.map((e) => [e.name, e.size, e.localHeaderOffset >= 3000])).toEqual(specs.map((s) => [s.name, s.data.length, true]))
    expect(Buffer.compare((await readEntry(cut, entries[0] as ZipEntry)).data, specs[0]?.data as Uint8Array)).toBe(0)
  })
  it('ends the walk at what is not a local header, and finds nothing in what is not an archive', async () => {
    const cut = await cutBeforeDirectory({ entries: specs })
    const broken = cut.slice()
    const second = (await salvageLocalHeaders(memoryAccess(cut))).entries[1] as ZipEntry
    broken[second.localHeaderOffset] = 0
    expect((await salvageLocalHeaders(memoryAccess(broken))).entries.map((e) => e.name)).toEqual(['Logs/System.evtx'])
    expect(await salvageLocalHeaders(memoryAccess(new Uint8Array(100_000)))).toEqual({ entries: [], entriesLeftOut: 0, problems: ['no local header in its first 64 KiB either'] })
  })
  it('passes over a local header signature inside data that is not a header (a version or method no header has)', async () => {
    for (const fake of [
      // PK\3\4, version 0xffff
      [0x50, 0x4b, 3, 4, 0xff, 0xff, 0, 0, 8, 0],
      // PK\3\4, version 20, method 77
      [0x50, 0x4b, 3, 4, 20, 0, 0, 0, 77, 0],
    ]) {
      const data = logLike(5000)
      data.set([...fake, ...new Array(20).fill(1)], 2000)
      const entries: ZipEntrySpec[] = [{ name: 'a.evtx', data, method: 0, flags: 8 }, { name: 'b.evtx', data: logLike(100) }]
      const cut = await cutBeforeDirectory({ entries })
      const salvaged = await salvageLocalHeaders(memoryAccess(cut))
      expect(salvaged.entries.map((e) => [e.name, e.size, e.unchecked])).toEqual([
        ['a.evtx', 5000, undefined],
        ['b.evtx', 100, undefined],
      ])
      expect(Buffer.compare((await readEntry(cut, salvaged.entries[0] as ZipEntry)).data, data)).toBe(0)
    }
  })
  it('finds the next header wherever it lies against the search blocks of 1 MiB', async () => {
    // Data descriptor (16) and header (30) across and just before the first block's end.
    for (const headerAt of [(1 << 20) - 10, (1 << 20) - 500, (1 << 20) + 3]) {
      const dataStart = 30 + 'a.evtx'.length
      const entries: ZipEntrySpec[] = [{ name: 'a.evtx', data: logLike(headerAt - 16 - dataStart), method: 0, flags: 8 }, { name: 'b.evtx', data: logLike(10) }]
      const cut = await cutBeforeDirectory({ entries })
      const { entries: found } = await salvageLocalHeaders(memoryAccess(cut))
      expect(found.map((e) => [e.name, e.localHeaderOffset, e.unchecked])).toEqual([
        ['a.evtx', 0, undefined],
        ['b.evtx', headerAt, undefined],
      ])
    }
  })
  it('reads an entry of unknown size whose data ends whole at the cut, without error', async () => {
    const data = logLike(50_000)
    const cut = await cutBeforeDirectory({ entries: [{ name: 'a.evtx', data, flags: 8 }] })
    // Without its data descriptor: the sizes and CRC are unknown.
    const { entries } = await salvageLocalHeaders(memoryAccess(cut.subarray(0, cut.length - 16)))
    expect(entries[0]?.unchecked).toBe(true)
    const read = await readEntry(cut.subarray(0, cut.length - 16), entries[0] as ZipEntry)
    expect(read.error).toBeUndefined()
    expect(Buffer.compare(read.data, data)).toBe(0)
  })
  it('ends the last entry whose sizes follow its data at the central directory of a whole archive', async () => {
    const described = specs.map((s) => ({ ...s, flags: 8 }))
    const { entries, problems } = await salvageLocalHeaders(memoryAccess(buildZip({ entries: described })))
    expect(problems).toEqual([])
    expect(entries.map((e) => [e.name, e.size, e.unchecked])).toEqual(specs.map((s) => [s.name, s.data.length, undefined]))
  })
  it('reads a ZIP64 data descriptor (64-bit sizes), with or without its signature', async () => {
    const data = logLike(5000)
    const cut = await cutBeforeDirectory({ entries: [{ name: 'a.evtx', data, method: 0, flags: 8 }, { name: 'b.evtx', data: logLike(10) }] })
    // a.evtx's 16-byte descriptor (signature, CRC-32, two 32-bit sizes) made 24 bytes wide, or 20 without its signature.
    const at = 30 + 'a.evtx'.length + data.length
    const crc = new DataView(cut.buffer, cut.byteOffset).getUint32(at + 4, true)
    for (const signed of [true, false]) {
      const wide = new Uint8Array(signed ? 24 : 20)
      const w = new DataView(wide.buffer)
      const f = signed ? 4 : 0
      if (signed) w.setUint32(0, 0x08074b50, true)
      w.setUint32(f, crc, true)
      w.setBigUint64(f + 4, BigInt(data.length), true)
      w.setBigUint64(f + 12, BigInt(data.length), true)
      const widened = new Uint8Array(cut.length - 16 + wide.length)
      widened.set(cut.subarray(0, at))
      widened.set(wide, at)
      widened.set(cut.subarray(at + 16), at + wide.length)
      const { entries } = await salvageLocalHeaders(memoryAccess(widened))
      expect(entries.map((e) => [e.name, e.size, e.compressedSize, e.crc32, e.localHeaderOffset, e.unchecked])).toEqual([
        ['a.evtx', 5000, 5000, crc, 0, undefined],
        ['b.evtx', 10, entries[1]?.compressedSize, entries[1]?.crc32, at + wide.length, undefined],
      ])
      const read = await readEntry(widened, entries[0] as ZipEntry)
      expect(read.error).toBeUndefined()
      expect(Buffer.compare(read.data, data)).toBe(0)
    }
  })
  it('looks for the first local header in the first 64 KiB only', async () => {
    for (const [length, found] of [[1 << 16, 1], [(1 << 16) + 1, 0]] as const) {
      const cut = await cutBeforeDirectory({ entries: [{ name: 'a.evtx', data: logLike(100) }], prefix: new Uint8Array(length).fill(0x4d) })
      expect((await salvageLocalHeaders(memoryAccess(cut))).entries.map((e) => e.localHeaderOffset), `${length} bytes before`).toEqual(found === 1 ? [length] : [])
    }
  })
  it('takes a local header of version 6.3, the highest the format has, and not a higher one', async () => {
    const cut = await cutBeforeDirectory({ entries: [{ name: 'a.evtx', data: logLike(100) }] })
    for (const [version, names] of [[63, ['a.evtx']], [64, []]] as const) {
      const changed = cut.slice()
      changed[4] = version
      expect((await salvageLocalHeaders(memoryAccess(changed))).entries.map((e) => e.name), `version ${version}`).toEqual(names)
    }
  })
  it('ends the walk, saying why, at a local header stating ZIP64 sizes without a ZIP64 extra field or past 2^53', async () => {
    const cut = await cutBeforeDirectory({ entries: [{ name: 'a.evtx', data: logLike(100) }, { name: 'b.evtx', data: logLike(100) }], zip64: true })
    const second = (await salvageLocalHeaders(memoryAccess(cut))).entries[1] as ZipEntry
    const extraAt = second.localHeaderOffset + 30 + 'b.evtx'.length
    const noField = cut.slice()
    noField[extraAt] = 2
    const tooLarge = cut.slice()
    new DataView(tooLarge.buffer, tooLarge.byteOffset).setUint32(extraAt + 4 + 4, 0x200000, true)
    for (const bytes of [noField, tooLarge]) {
      const { entries, problems } = await salvageLocalHeaders(memoryAccess(bytes))
      expect(entries.map((e) => e.name)).toEqual(['a.evtx'])
      expect(problems).toEqual([`b.evtx: its local header states ZIP64 sizes but has no ZIP64 extra field (at archive offset ${second.localHeaderOffset})`])
    }
  })
  it('says where the archive ends inside a local header', async () => {
    const cut = await cutBeforeDirectory({ entries: specs })
    const third = (await salvageLocalHeaders(memoryAccess(cut))).entries[2] as ZipEntry
    const { entries, problems } = await salvageLocalHeaders(memoryAccess(cut.subarray(0, third.localHeaderOffset + 35)))
    expect(entries).toHaveLength(2)
    expect(problems).toEqual([`the archive ends inside a local header (at archive offset ${third.localHeaderOffset})`])
  })
})
