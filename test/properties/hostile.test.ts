/**
 * Hostile bytes: random files and real chunks with random bytes changed. The parser always
 * terminates, throws nothing but EvtxError (and only for input that is not EVTX at all), keeps
 * every rendering within its budget, writes the same JSON lines as the reference renderer, reads
 * the same payload from the nodes as from the tree, and still returns the records of the chunks it
 * did not touch. A chunk whose first bytes are zeros (its header and first records lost) gives
 * back only records it held, rendered exactly as before, or names them by id.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { Diagnostic } from '../../src/diagnostics.js'
import { EvtxError } from '../../src/errors.js'
import { parseEvtx } from '../../src/evtx/parse.js'
import { fileHeader, simpleChunk, simpleFile } from '../helpers/chunk-builder.js'
import { corpusAvailable, readCorpusFile } from '../helpers/corpus.js'
import { PROPERTY_SEED, propertyRuns, propertyTimeout } from '../helpers/properties.js'
import { HOSTILE_LIMITS as LIMITS, renderAll } from '../helpers/render-all.js'

const CHUNK = 0x10000

/** Parses and renders everything; returns records by chunk. Throws only what the parser throws. */
function exercise(bytes: Uint8Array): { byChunk: Map<number, string[]>; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = []
  const byChunk = new Map<number, string[]>()
  for (const r of parseEvtx(bytes, { onDiagnostic: (d) => diagnostics.push(d), limits: LIMITS })) {
    const rendered = renderAll(r)
    const list = byChunk.get(r.chunkIndex) ?? []
    list.push(`${r.chunkOffset}:${r.recordId}:${rendered}`)
    byChunk.set(r.chunkIndex, list)
  }
  return { byChunk, diagnostics }
}

function onlyEvtxErrors(run: () => void): void {
  try {
    run()
  } catch (error) {
    if (!(error instanceof EvtxError)) throw error
  }
}

describe('hostile input', () => {
  it('random bytes: terminates and throws nothing but EvtxError', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200_000 }), fc.boolean(), (random, withHeader) => {
        const bytes = withHeader ? new Uint8Array([...fileHeader({ chunkCount: 1, nextRecordId: 1 }), ...random]) : random
        onlyEvtxErrors(() => exercise(bytes))
      }),
      { seed: PROPERTY_SEED, numRuns: propertyRuns(30) },
    )
  }, propertyTimeout(propertyRuns(30), 500))

  it('random bytes behind a chunk magic and a plausible chunk header', () => {
    const base = simpleChunk(1, 20)
    fc.assert(
      fc.property(fc.uint8Array({ minLength: CHUNK - 512, maxLength: CHUNK - 512 }), (body) => {
        const chunk = base.slice()
        chunk.set(body, 512)
        const file = new Uint8Array([...fileHeader({ chunkCount: 1, nextRecordId: 21 }), ...chunk])
        onlyEvtxErrors(() => exercise(file))
      }),
      { seed: PROPERTY_SEED, numRuns: propertyRuns(30) },
    )
  }, propertyTimeout(propertyRuns(30), 500))

  const files: Array<[string, () => Uint8Array]> = [['built', () => simpleFile([[1, 40], [41, 40], [81, 40]])]]
  if (corpusAvailable) {
    files.push(['corpus System', () => readCorpusFile('evtx-rs__system.evtx')])
    files.push(['corpus CAPI2 (nested BinXml)', () => readCorpusFile('evtx-rs__E_Windows_system32_winevt_logs_Microsoft-Windows-CAPI2%4Operational.evtx')])
    files.push(['corpus WEC (no templates)', () => readCorpusFile('evtx-to-mitre__ID4656-WS_Management_listener_enumeration.evtx')])
  }
  /** Byte edits inside one chunk: (chunk offset, new value). */
  const editsArb = (minLength: number, maxLength: number) => fc.array(fc.tuple(fc.integer({ min: 0, max: CHUNK - 1 }), fc.integer({ min: 0, max: 255 })), { minLength, maxLength })
  for (const [label, load] of files) {
    /** The file, its records by chunk, and its chunks' indexes. */
    const cleanOf = () => {
      const original = load()
      const clean = exercise(original)
      return { original, clean, chunkIndexes: [...clean.byChunk.keys()] }
    }

    it(`${label}: a chunk whose first bytes are zeros (its header lost) gives back only its own records, rendered as before, or names them`, () => {
      const { original, clean, chunkIndexes } = cleanOf()
      fc.assert(
        fc.property(
          fc.constantFrom(...chunkIndexes),
          fc.integer({ min: 512, max: CHUNK }),
          editsArb(0, 8),
          (victim, zeros, edits) => {
            const bytes = original.slice()
            const base = 4096 + victim * CHUNK
            bytes.fill(0, base, base + zeros)
            const damaged = exercise(bytes)
            const before = new Set(clean.byChunk.get(victim))
            const named = new Set(damaged.diagnostics.filter((d) => d.location.chunkIndex === victim && d.severity === 'error').map((d) => d.location.recordId))
            for (const line of damaged.byChunk.get(victim) ?? []) expect(before.has(line), line.slice(0, 80)).toBe(true)
            // Older copies left out are ids an earlier chunk holds, and the chunks named hold them.
            for (const d of damaged.diagnostics.filter((x) => x.code === 'EVTX_CHUNK_OLDER_COPIES')) {
              expect([d.location.chunkIndex, d.severity]).toEqual([victim, 'info'])
              const [, low, high, holders] = /\(ids? (\d+)(?:\.\.(\d+))?, .*\) repeats? (?:an id|ids) chunks? ([\d, and]+?) (?:and \d+ more )?already/.exec(d.message) ?? []
              const held = (id: number) => [...clean.byChunk].some(([index, list]) => index < victim && list.some((l) => Number(l.split(':')[1]) === id))
              expect(held(Number(low)) && held(Number(high ?? low)), d.message).toBe(true)
              for (const c of (holders ?? '').split(/, | and /)) expect(Number(c)).toBeLessThan(victim)
            }
            // A record after the zeros is read or named; one at or before them is lost with them.
            for (const line of before) {
              const [offset, id] = line.split(':').map(Number) as [number, number]
              if (offset >= zeros && !(damaged.byChunk.get(victim) ?? []).includes(line)) expect(named.has(id), `record ${id} at 0x${offset.toString(16)}`).toBe(true)
            }
            // Stray bytes after the zeros: still only errors the parser throws on purpose.
            for (const [at, value] of edits) bytes[base + Math.max(zeros, at)] = value
            if (edits.length > 0) onlyEvtxErrors(() => exercise(bytes))
          },
        ),
        { seed: PROPERTY_SEED, numRuns: propertyRuns(25) },
      )
    }, propertyTimeout(propertyRuns(25), 3000))

    it(`${label}: whole records lost to zeros inside a chunk whose header is whole: every record after them renders as before, a lost template borrowed from an earlier chunk, or is named`, () => {
      const { original, clean, chunkIndexes } = cleanOf()
      // Zeros from the start of one record to the start of a later one (or the chunk's data end):
      // records lost whole, as pages never written lose them. Zeros inside a record that stays
      // readable change what it holds, a template definition's text included.
      fc.assert(
        fc.property(fc.constantFrom(...chunkIndexes), fc.nat(), fc.nat(), (victim, a, b) => {
          const lines = clean.byChunk.get(victim) ?? []
          const offsets = lines.map((l) => Number(l.split(':')[0]))
          const i = a % offsets.length
          const j = i + 1 + (b % (offsets.length - i))
          const from = offsets[i] as number
          const to = offsets[j] ?? new DataView(original.buffer, original.byteOffset).getUint32(4096 + victim * CHUNK + 48, true)
          const bytes = original.slice()
          const base = 4096 + victim * CHUNK
          bytes.fill(0, base + from, base + to)
          const damaged = exercise(bytes)
          const before = new Set(lines)
          const named = new Set(damaged.diagnostics.filter((d) => d.location.chunkIndex === victim && d.severity === 'error').map((d) => d.location.recordId))
          const got = damaged.byChunk.get(victim) ?? []
          for (const line of got) expect(before.has(line), line.slice(0, 80)).toBe(true)
          for (const line of lines.slice(j)) if (!got.includes(line)) expect(named.has(Number(line.split(':')[1])), line.slice(0, 40)).toBe(true)
          // Every other chunk as before: borrowing changes nothing outside the victim.
          for (const [index, records] of clean.byChunk) if (index !== victim) expect(damaged.byChunk.get(index)).toEqual(records)
        }),
        { seed: PROPERTY_SEED, numRuns: propertyRuns(25) },
      )
    }, propertyTimeout(propertyRuns(25), 3000))

    it(`${label}: damage to one chunk never loses the other chunks' records`, () => {
      const { original, clean, chunkIndexes } = cleanOf()
      fc.assert(
        fc.property(
          fc.constantFrom(...chunkIndexes),
          editsArb(1, 40),
          (victim, edits) => {
            const bytes = original.slice()
            for (const [at, value] of edits) bytes[4096 + victim * CHUNK + at] = value
            const damaged = exercise(bytes)
            for (const [index, records] of clean.byChunk) {
              if (index !== victim) expect(damaged.byChunk.get(index)).toEqual(records)
            }
            // What the undamaged file reports already (records an earlier use of a chunk left) aside.
            const before = new Set(clean.diagnostics.map((d) => JSON.stringify(d)))
            for (const d of damaged.diagnostics) {
              if (before.has(JSON.stringify(d))) continue
              if (d.location.chunkIndex !== undefined && d.code !== 'EVTX_FILE_HEADER_INCONSISTENT') expect(d.location.chunkIndex).toBe(victim)
              if (d.location.chunkOffset !== undefined) expect(d.location.chunkOffset).toBeLessThan(CHUNK)
            }
          },
        ),
        { seed: PROPERTY_SEED, numRuns: propertyRuns(25) },
      )
    }, propertyTimeout(propertyRuns(25), 3000))
  }
})
