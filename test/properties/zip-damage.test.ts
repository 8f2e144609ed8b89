/**
 * Property: ZIP archives, whole or damaged. An archive the test writer builds lists every entry
 * and streams each back byte for byte; with random bytes changed, some cut off its end or data
 * put before it, listing and streaming end, throw nothing but ZipError, never yield more than an
 * entry states, and an entry read to its end without error is what the archive states (its size
 * and CRC-32), and what was zipped when its directory entry was not touched.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { crc32 } from '../../src/binary/crc32.js'
import { readZipDirectory, ZipError } from '../../src/archive/zip-directory.js'
import { zipEntryBytes } from '../../src/archive/zip-entry.js'
import { listZipEntries } from '../../src/archive/zip-listing.js'
import { PROPERTY_SEED, propertyRuns, propertyTimeout } from '../helpers/properties.js'
import { buildZip, memoryAccess, type ZipSpec } from '../helpers/zip-writer.js'

const RUNS = propertyRuns(150)

const dataArb = fc.oneof(
  fc.uint8Array({ maxLength: 3000 }),
  // Compressible: runs of a few byte values.
  fc.tuple(fc.integer({ min: 0, max: 300_000 }), fc.integer({ min: 1, max: 7 })).map(([n, k]) => Uint8Array.from({ length: n }, (_, i) => (i >> 6) % k)),
)
const specArb: fc.Arbitrary<ZipSpec> = fc.record({
  entries: fc.array(
    fc.record({
      name: fc.oneof(fc.constantFrom('System.evtx', 'Logs/Application.evtx', 'Événements/x.evtx', 'a/'), fc.string({ maxLength: 40 })),
      data: dataArb,
      method: fc.constantFrom(0, 8),
      flags: fc.constantFrom(0, 8),
    }),
    { maxLength: 5 },
  ),
  zip64: fc.boolean(),
  comment: fc.string({ maxLength: 100 }),
  prefix: fc.option(fc.uint8Array({ maxLength: 600 }), { nil: undefined }),
})
const damageArb = fc.record({
  edits: fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), fc.integer({ min: 0, max: 255 })), { maxLength: 12 }),
  cutFromEnd: fc.option(fc.integer({ min: 1, max: 400 }), { nil: undefined }),
  salvage: fc.boolean(),
})

/** Lists (salvaging when asked) and reads every entry; throws what the archive code throws. */
async function readEverything(zip: Uint8Array, salvage = false) {
  const file = memoryAccess(zip)
  const directory = await (salvage ? listZipEntries(file) : readZipDirectory(file))
  const read: Array<{ name: string; crc32: number; size: number; unchecked: boolean; method: number; bytes: Uint8Array; error?: unknown }> = []
  for (const entry of directory.entries) {
    const pieces: Uint8Array[] = []
    let total = 0
    let error: unknown
    try {
      for await (const piece of zipEntryBytes(file, entry)) {
        total += piece.length
        if (entry.unchecked !== true) expect(total).toBeLessThanOrEqual(entry.size)
        pieces.push(new Uint8Array(piece))
      }
    } catch (e) {
      error = e
    }
    const bytes = new Uint8Array(Buffer.concat(pieces))
    read.push({ name: entry.name, crc32: entry.crc32, size: entry.size, unchecked: entry.unchecked === true, method: entry.method, bytes, ...(error === undefined ? {} : { error }) })
  }
  return { directory, read }
}

describe('ZIP archives (property)', () => {
  it('lists and streams back every entry of a whole archive', { timeout: propertyTimeout(RUNS, 200) }, async () => {
    await fc.assert(
      fc.asyncProperty(specArb, async (spec) => {
        const { directory, read } = await readEverything(buildZip(spec))
        expect(directory.problems).toEqual([])
        expect(read.map((r) => r.name)).toEqual(spec.entries.map((e) => e.name.replace(/\\/g, '/')))
        for (const [i, r] of read.entries()) {
          expect(r.error).toBeUndefined()
          expect(Buffer.compare(r.bytes as Uint8Array, spec.entries[i]?.data as Uint8Array)).toBe(0)
        }
      }),
      { seed: PROPERTY_SEED, numRuns: RUNS, endOnFailure: true },
    )
  })
  it('ends on a damaged archive with ZipError only, never past a stated size, and a whole read is what the archive states', { timeout: propertyTimeout(RUNS, 300) }, async () => {
    await fc.assert(
      fc.asyncProperty(specArb, damageArb, async (spec, damage) => {
        const whole = buildZip(spec)
        const zip = whole.slice(0, damage.cutFromEnd === undefined ? whole.length : Math.max(0, whole.length - damage.cutFromEnd))
        for (const [where, value] of damage.edits) if (zip.length > 0) zip[Math.floor(where * zip.length)] = value
        let result: Awaited<ReturnType<typeof readEverything>>
        try {
          result = await readEverything(zip, damage.salvage)
        } catch (e) {
          expect(e).toBeInstanceOf(ZipError)
          return
        }
        for (const r of result.read) {
          if (r.error !== undefined) {
            expect(r.error).toBeInstanceOf(ZipError)
            continue
          }
          if (r.unchecked) continue
          const bytes = r.bytes
          expect(bytes.length).toBe(r.size)
          expect(crc32(bytes)).toBe(r.crc32)
          // An entry whose name and CRC are as zipped holds what was zipped (a CRC-32 collision aside).
          const original = spec.entries.find((e) => e.name.replace(/\\/g, '/') === r.name && crc32(e.data) === r.crc32)
          if (original !== undefined) expect(Buffer.compare(bytes, original.data)).toBe(0)
        }
      }),
      { seed: PROPERTY_SEED, numRuns: RUNS, endOnFailure: true },
    )
  })
  it('salvages an archive cut anywhere: each entry read is the start of what was zipped, all of it when no error', { timeout: propertyTimeout(RUNS, 300) }, async () => {
    await fc.assert(
      fc.asyncProperty(specArb, fc.double({ min: 0, max: 1, noNaN: true }), async (spec, where) => {
        const whole = buildZip(spec)
        const zip = whole.subarray(0, Math.floor(where * whole.length))
        let result: Awaited<ReturnType<typeof readEverything>>
        try {
          result = await readEverything(zip, true)
        } catch (e) {
          expect(e).toBeInstanceOf(ZipError)
          return
        }
        for (const r of result.read) {
          if (r.error !== undefined) expect(r.error).toBeInstanceOf(ZipError)
          const originals = spec.entries.filter((e) => e.name.replace(/\\/g, '/') === r.name).map((e) => e.data)
          // A stored entry of unknown size runs to the cut, its data descriptor's first bytes included.
          const slack = r.unchecked && r.method === 0 ? 24 : 0
          const prefixOf = (o: Uint8Array) => r.bytes.length <= o.length + slack && Buffer.compare(r.bytes.subarray(0, Math.min(r.bytes.length, o.length)), o.subarray(0, Math.min(r.bytes.length, o.length))) === 0
          expect(originals.some(prefixOf), r.name).toBe(true)
          if (r.error === undefined && !r.unchecked) expect(originals.some((o) => Buffer.compare(r.bytes, o) === 0)).toBe(true)
        }
      }),
      { seed: PROPERTY_SEED, numRuns: RUNS, endOnFailure: true },
    )
  })
})
