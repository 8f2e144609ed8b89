/**
 * Hostile bytes in a chunk's unused space, read with `readLeftoverRecords`
 * (src/evtx/leftover-records.ts): random edits over the leftovers, and record-shaped garbage (a
 * whole record header, size and size copy around random BinXML), read in full and in scan mode.
 * The reader never throws, the log's own records are exactly as before, every new problem is
 * info, every leftover read stays within its budget, and a leftover whose bytes were not touched
 * reads as before.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { Diagnostic } from '../../src/diagnostics.js'
import { parseEvtx } from '../../src/evtx/parse.js'
import type { EventPrefilter } from '../../src/evtx/prefilter.js'
import { concat, fileHeader } from '../helpers/chunk-builder.js'
import { CORPUS_SKIP_MESSAGE, corpusAvailable, readCorpusFile } from '../helpers/corpus.js'
import { chunkWith, leftBehind, writtenOver } from '../helpers/leftovers.js'
import { PROPERTY_SEED, propertyRuns, propertyTimeout } from '../helpers/properties.js'
import { HOSTILE_LIMITS, renderAll } from '../helpers/render-all.js'

const CHUNK = 0x10000
const FILE_HEADER = 4096

interface Read {
  /** The log's own records by chunk: `offset:id:xml`. */
  readonly own: Map<number, string[]>
  /** Leftovers by chunk, by chunk offset: `id:xml`. */
  readonly leftovers: Map<number, Map<number, string>>
  readonly diagnostics: Diagnostic[]
}

/**
 * Reads everything, leftovers included, and runs every reader on every record; with `prefilter`,
 * in scan mode (only the records it wants, leftovers lent templates from their own chunk alone).
 */
function readAll(bytes: Uint8Array, prefilter?: EventPrefilter): Read {
  const own = new Map<number, string[]>()
  const leftovers = new Map<number, Map<number, string>>()
  const diagnostics: Diagnostic[] = []
  for (const r of parseEvtx(bytes, { readLeftoverRecords: true, limits: HOSTILE_LIMITS, onDiagnostic: (d) => diagnostics.push(d), ...(prefilter === undefined ? {} : { prefilter }) })) {
    const xml = renderAll(r)
    if (r.leftover) {
      const map = leftovers.get(r.chunkIndex) ?? new Map<number, string>()
      // Two leftovers never start at one offset.
      expect(map.has(r.chunkOffset)).toBe(false)
      map.set(r.chunkOffset, `${r.recordId}:${xml}`)
      leftovers.set(r.chunkIndex, map)
    } else {
      const list = own.get(r.chunkIndex) ?? []
      list.push(`${r.chunkOffset}:${r.recordId}:${xml}`)
      own.set(r.chunkIndex, list)
    }
  }
  return { own, leftovers, diagnostics }
}

/** What the damaged read may differ in, and only in: the victim chunk's leftovers, and info. */
function sameOutsideLeftovers(clean: Read, damaged: Read, victim: number): void {
  expect(damaged.own).toEqual(clean.own)
  for (const [index, map] of clean.leftovers) if (index < victim) expect(damaged.leftovers.get(index)).toEqual(map)
  const before = new Set(clean.diagnostics.map((d) => JSON.stringify(d)))
  for (const d of damaged.diagnostics) if (!before.has(JSON.stringify(d))) expect(d.severity, `${d.code}: ${d.message}`).toBe('info')
}

/** Edits: (offset within the span, new byte). */
const editsArb = (maxLength: number) => fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength })

describe('hostile bytes among leftover records', () => {
  // A log of ids 100..139 cleared, then ids 1..12 written over the chunk's start: every leftover
  // refers to the template of the old first record, which is gone, so each is lent the fresh
  // records' definition (the same template), never another leftover's.
  const old = chunkWith(Array.from({ length: 40 }, (_, k) => 100 + k), (id) => id)
  const fresh = chunkWith(Array.from({ length: 12 }, (_, k) => 1 + k), (id) => 1000 + id)
  const file = concat(fileHeader({ chunkCount: 1, nextRecordId: 13 }), writtenOver(old, fresh))
  const left = leftBehind(old, fresh)
  const spans = left.map((k) => {
    const at = old.offsets[k] as number
    return { at, end: (old.offsets[k + 1] ?? old.free) as number }
  })
  const clean = readAll(file)

  it('the built log reads all its leftovers when nothing is damaged', () => {
    expect(clean.leftovers.get(0)?.size).toBe(left.length)
    expect(left.length).toBeGreaterThan(20)
  })

  it('random edits over the leftovers: only the edited ones change, and nothing but info is new', () => {
    fc.assert(
      fc.property(editsArb(40), (edits) => {
        const bytes = file.slice()
        const region = old.free - fresh.free
        const touched = new Set<number>()
        for (const [at, value] of edits) {
          const offset = fresh.free + (at % region)
          bytes[FILE_HEADER + offset] = value
          touched.add(offset)
        }
        const damaged = readAll(bytes)
        sameOutsideLeftovers(clean, damaged, 0)
        const got = damaged.leftovers.get(0) ?? new Map<number, string>()
        for (const { at, end } of spans) {
          const hit = [...touched].some((o) => o >= at && o < end)
          if (!hit) expect(got.get(at), `leftover at 0x${at.toString(16)}`).toBe(clean.leftovers.get(0)?.get(at))
        }
      }),
      { seed: PROPERTY_SEED, numRuns: propertyRuns(40) },
    )
  }, propertyTimeout(propertyRuns(40), 500))

  it('in scan mode too: random edits over the leftovers change only the edited ones, and nothing but info is new', () => {
    // The simple records' event id: the prefilter wants them all, and reads each leftover it can.
    const prefilter: EventPrefilter = { eventIds: new Set([1000]), accept: () => true }
    const scanned = readAll(file, prefilter)
    expect(scanned.leftovers.get(0)?.size).toBe(left.length)
    fc.assert(
      fc.property(editsArb(40), (edits) => {
        const bytes = file.slice()
        const touched = edits.map(([at, value]) => {
          const offset = fresh.free + (at % (old.free - fresh.free))
          bytes[FILE_HEADER + offset] = value
          return offset
        })
        const damaged = readAll(bytes, prefilter)
        sameOutsideLeftovers(scanned, damaged, 0)
        for (const { at, end } of spans) {
          if (!touched.some((o) => o >= at && o < end)) expect(damaged.leftovers.get(0)?.get(at), `leftover at 0x${at.toString(16)}`).toBe(scanned.leftovers.get(0)?.get(at))
        }
      }),
      { seed: PROPERTY_SEED, numRuns: propertyRuns(40) },
    )
  }, propertyTimeout(propertyRuns(40), 500))

  it('record-shaped garbage in place of leftovers: read within budget or named, the rest as before', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(), { minLength: 1, maxLength: 4 }), fc.array(fc.uint8Array({ minLength: 0, maxLength: 4096 }), { minLength: 4, maxLength: 4 }), (which, bodies) => {
        const bytes = file.slice()
        const view = new DataView(bytes.buffer, bytes.byteOffset)
        const replaced = new Set<number>()
        which.forEach((n, k) => {
          const { at, end } = spans[n % spans.length] as { at: number; end: number }
          // The record's own header, id and time kept; its BinXML random, its size that of the span.
          const body = (bodies[k] as Uint8Array).subarray(0, end - at - 28)
          const base = FILE_HEADER + at
          bytes.fill(0, base + 24, FILE_HEADER + end)
          bytes.set(body, base + 24)
          view.setUint32(base + 4, end - at, true)
          view.setUint32(FILE_HEADER + end - 4, end - at, true)
          replaced.add(at)
        })
        const damaged = readAll(bytes)
        sameOutsideLeftovers(clean, damaged, 0)
        const got = damaged.leftovers.get(0) ?? new Map<number, string>()
        // A leftover not rendered is named by its id (the location is where its problem lies).
        const named = new Set(damaged.diagnostics.filter((d) => d.location.chunkIndex === 0).map((d) => d.location.recordId))
        for (const { at } of spans) {
          const before = clean.leftovers.get(0)?.get(at) as string
          if (!replaced.has(at)) expect(got.get(at), `leftover at 0x${at.toString(16)}`).toBe(before)
          else if (!got.has(at)) expect(named.has(Number(before.split(':')[0])), `garbage at 0x${at.toString(16)} neither read nor named`).toBe(true)
        }
      }),
      { seed: PROPERTY_SEED, numRuns: propertyRuns(40) },
    )
  }, propertyTimeout(propertyRuns(40), 500))
})

describe.skipIf(!corpusAvailable)('hostile bytes among the leftovers of real logs', () => {
  if (!corpusAvailable) it.skip(CORPUS_SKIP_MESSAGE, () => {})
  // A long-wrapped log (104 leftovers in chunk 19) and a cleared one (its first chunk's leftovers
  // have lost their templates).
  for (const name of ['evtx-rs__sample-with-irregular-bool-values.evtx', 'velocidex-evtx__Security_1_record.evtx']) {
    it(`${name}: random edits in a chunk's unused space never throw, never change the log's records, and add nothing but info`, () => {
      const file = readCorpusFile(name)
      const clean = readAll(file)
      // Each chunk with leftovers, and the offset of its first (read or refused).
      const found = clean.diagnostics.filter((d) => d.code === 'EVTX_CHUNK_LEFTOVER_RECORDS').map((d) => [d.location.chunkIndex, d.location.chunkOffset] as [number, number])
      expect(found.length).toBeGreaterThan(0)
      fc.assert(
        fc.property(fc.constantFrom(...found), editsArb(60), ([victim, start], edits) => {
          const bytes = file.slice()
          for (const [at, value] of edits) bytes[FILE_HEADER + victim * CHUNK + start + (at % (CHUNK - start))] = value
          sameOutsideLeftovers(clean, readAll(bytes), victim)
        }),
        { seed: PROPERTY_SEED, numRuns: propertyRuns(20) },
      )
    }, propertyTimeout(propertyRuns(20), 3000))
  }
})
