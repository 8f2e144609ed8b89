/**
 * Records hidden inside the record before them (src/evtx/hidden-records.ts and the chunk walk):
 * chunks edited the way log-tampering tools edit them, the four checks that keep stray bytes from
 * being taken for a hidden record, scan mode, and the two real edited logs of the corpus.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { Diagnostic } from '../../src/diagnostics.js'
import { parseChunk } from '../../src/evtx/chunk.js'
import type { ParseOptions } from '../../src/evtx/options.js'
import type { EventPrefilter } from '../../src/evtx/prefilter.js'
import { readEvtx } from '../../src/evtx/read.js'
import { renderXml } from '../../src/render/xml.js'
import { chunkOf, fixCrcs, hide, setU32 } from '../helpers/hidden.js'
import { PROPERTY_SEED, propertyRuns, propertyTimeout } from '../helpers/properties.js'
import { corpusAvailable, corpusFiles, corpusPath } from '../helpers/corpus.js'

function read(bytes: Uint8Array, options: ParseOptions = {}) {
  const diagnostics: Diagnostic[] = []
  const records = [...parseChunk(bytes, 0, { ...options, onDiagnostic: (d) => diagnostics.push(d) })]
  return { records, ids: records.map((r) => r.recordId), diagnostics, hidden: diagnostics.filter((d) => d.code === 'EVTX_RECORD_HIDDEN') }
}

describe('records hidden inside the record before them', () => {
  const clean = chunkOf(6)
  const xmlOf = (id: number) => renderXml(read(clean.bytes).records.find((r) => r.recordId === id)!)

  it('reports a hidden record (id, size, offset, time) at its host, and reads it after the host only when asked', () => {
    const edited = hide(clean, 1, 1)
    const plain = read(edited)
    expect(plain.ids).toEqual([1, 2, 4, 5, 6])
    expect(plain.diagnostics).toHaveLength(1)
    const at = clean.offsets[2] as number
    const size = (clean.offsets[3] as number) - at
    expect(plain.hidden[0]).toMatchObject({ severity: 'warning', location: { chunkIndex: 0, chunkOffset: clean.offsets[1], recordId: 2 } })
    expect(plain.hidden[0]!.message).toContain(`holds record 3 (${size} bytes at chunk offset 0x${at.toString(16)}, written 2025-11-21T00:00:03.0000000Z)`)
    expect(plain.hidden[0]!.message).toContain('not read')

    const withHidden = read(edited, { readHiddenRecords: true })
    expect(withHidden.ids).toEqual([1, 2, 3, 4, 5, 6])
    expect(withHidden.hidden).toHaveLength(1)
    expect(withHidden.hidden[0]!.message).toContain('read after it')
    const three = withHidden.records[2]!
    expect({ offset: three.chunkOffset, size: three.size, hiddenIn: three.hiddenIn }).toEqual({ offset: at, size, hiddenIn: 2 })
    expect(withHidden.records.filter((r) => r.hiddenIn !== undefined)).toHaveLength(1)
    for (const id of [1, 2, 3, 4]) expect(renderXml(withHidden.records[id - 1]!)).toBe(xmlOf(id))
  })

  it('finds several records hidden in one host, in order, and a hidden last record', () => {
    const two = read(hide(clean, 1, 2), { readHiddenRecords: true })
    expect(two.ids).toEqual([1, 2, 3, 4, 5, 6])
    expect(two.hidden).toHaveLength(1)
    expect(two.hidden[0]!.message).toMatch(/holds record 3 .* and record 4 /)
    const last = read(hide(clean, 4, 1, true), { readHiddenRecords: true })
    expect(last.ids).toEqual([1, 2, 3, 4, 5, 6])
    expect(renderXml(last.records[5]!)).toBe(xmlOf(6))
  })

  it('keeps the ids as they are when the records after it were renumbered (two records then share one)', () => {
    const edited = hide(clean, 2, 1, true)
    expect(read(edited).ids).toEqual([1, 2, 3, 4, 5])
    expect(read(edited, { readHiddenRecords: true }).ids).toEqual([1, 2, 3, 4, 4, 5])
  })

  it('takes nothing for a hidden record unless all four checks agree, and reports the room as a grown size instead', () => {
    const oversized = (r: ReturnType<typeof read>) => r.diagnostics.filter((d) => d.code === 'EVTX_RECORD_OVERSIZED').map((d) => [d.location.recordId, d.message])
    // A host grown over zeros (a hidden record wiped): room, no record.
    const wiped = hide(clean, 1, 1)
    wiped.fill(0, (clean.offsets[2] as number) - 4, (clean.offsets[3] as number) - 4)
    fixCrcs(wiped)
    const wipedRead = read(wiped, { readHiddenRecords: true })
    expect(wipedRead).toMatchObject({ ids: [1, 2, 4, 5, 6], hidden: [] })
    expect(oversized(wipedRead)).toHaveLength(1)
    expect(oversized(wipedRead)[0]![0]).toBe(2)
    expect(oversized(wipedRead)[0]![1]).toMatch(/^record 2 \(\d+ bytes\) ends its document \d+ bytes before its size copy, and those bytes hold only zeros: its size was grown over them/)
    // The host's old size copy changed: the record after it does not follow the host's old end.
    const noOldSize = hide(clean, 1, 1)
    setU32(noOldSize, (clean.offsets[2] as number) - 4, 0)
    const noOldSizeRead = read(noOldSize, { readHiddenRecords: true })
    expect(noOldSizeRead).toMatchObject({ ids: [1, 2, 4, 5, 6], hidden: [] })
    expect(oversized(noOldSizeRead)[0]![1]).toContain('hold no whole record')
    // Wiped after the old size copy: the message gives the record's old size.
    const wipedAfterCopy = hide(clean, 1, 1)
    wipedAfterCopy.fill(0, clean.offsets[2] as number, (clean.offsets[3] as number) - 4)
    fixCrcs(wipedAfterCopy)
    expect(oversized(read(wipedAfterCopy))[0]![1]).toContain(`hold its old size copy (${(clean.offsets[2] as number) - (clean.offsets[1] as number)}), then only zeros`)
    // A size that runs past the host, and one below the minimum.
    for (const bad of [0x400, 8]) {
      const wrongSize = hide(clean, 1, 1)
      setU32(wrongSize, (clean.offsets[2] as number) + 4, bad)
      const r = read(wrongSize, { readHiddenRecords: true })
      expect(r).toMatchObject({ ids: [1, 2, 4, 5, 6], hidden: [] })
      expect(oversized(r)).toHaveLength(1)
    }
    // Two hidden, the first one's own size copy broken: the first alone ends neither at the host's end nor with its size copy.
    const brokenCopy = hide(clean, 1, 2)
    setU32(brokenCopy, (clean.offsets[3] as number) - 4, 1)
    expect(read(brokenCopy, { readHiddenRecords: true })).toMatchObject({ ids: [1, 2, 5, 6], hidden: [] })
    // Room after a record whose size copy disagrees is damage, reported as such, not a grown size:
    // the record's own size copy says where it ends, and the zeros after it are a record lost.
    const damaged = hide(clean, 1, 1)
    damaged.fill(0, clean.offsets[2] as number, clean.offsets[3] as number)
    const damagedRead = read(damaged)
    expect(damagedRead.diagnostics.map((d) => d.code)).toEqual(['EVTX_RECORD_SIZE_COPY_MISMATCH', 'EVTX_CHUNK_INCOMPLETE'])
    expect(damagedRead).toMatchObject({ ids: [1, 2, 4, 5, 6], hidden: [] })
    // An untouched chunk: never.
    expect(read(clean.bytes, { readHiddenRecords: true }).diagnostics).toEqual([])
  })

  it('in scan mode, a host whose event id is not wanted is still read for what it hides', () => {
    const ids = chunkOf(4, 1, (id) => (id === 3 ? 1058 : 7036))
    const edited = hide(ids, 1, 1)
    const prefilter: EventPrefilter = { eventIds: new Set([1058]), accept: () => true }
    const scan = read(edited, { prefilter })
    expect(scan.ids).toEqual([])
    expect(scan.hidden).toHaveLength(1)
    expect(read(edited, { prefilter, readHiddenRecords: true }).ids).toEqual([3])
    // Without the edit, the same scan skips every record unread.
    expect(read(ids.bytes, { prefilter }).ids).toEqual([3])
  })
})

describe('hidden records, as a property', () => {
  const runs = propertyRuns(100)
  it(
    'any run of records hidden in any host is found, named and, when asked, read back as it was written',
    () => {
      fc.assert(
        fc.property(
          fc.integer({ min: 2, max: 40 }).chain((n) => fc.tuple(fc.constant(n), fc.integer({ min: 0, max: n - 2 })).chain(([n, host]) => fc.tuple(fc.constant(n), fc.constant(host), fc.integer({ min: 1, max: n - 1 - host }), fc.boolean()))),
          ([n, host, count, renumber]) => {
            const chunk = chunkOf(n, 100)
            const original = read(chunk.bytes)
            const edited = hide(chunk, host, count, renumber)
            const hiddenIds = Array.from({ length: count }, (_, k) => 100 + host + 1 + k)
            const plain = read(edited)
            const shift = renumber ? count : 0
            expect(plain.ids).toEqual(original.ids.filter((id) => !hiddenIds.includes(id)).map((id) => (id > hiddenIds[count - 1]! ? id - shift : id)))
            expect(plain.diagnostics.map((d) => [d.code, d.location.recordId])).toEqual([['EVTX_RECORD_HIDDEN', 100 + host]])
            for (const id of hiddenIds) expect(plain.hidden[0]!.message).toContain(`record ${id} (`)
            const all = read(edited, { readHiddenRecords: true })
            // Every record back, in file order, each rendered as before the edit (ids aside, when renumbered).
            expect(all.records).toHaveLength(n)
            const strip = (xml: string) => xml.replace(/<EventRecordID>\d+<\/EventRecordID>/, '')
            expect(all.records.map((r) => strip(renderXml(r)))).toEqual(original.records.map((r) => strip(renderXml(r))))
          },
        ),
        { numRuns: runs, seed: PROPERTY_SEED },
      )
    },
    propertyTimeout(runs, 20),
  )
})

describe.skipIf(!corpusAvailable)('hidden records in the real corpus', () => {
  // Two real logs edited by such tools: 3gstudent's System2 (its last record hidden) and the
  // Security log evtx-rs keeps from eventlogedit's use (record 105 hidden, the later ones renumbered);
  // and 3gstudent's SetupNew, whose record 13 was grown over 408 bytes of zeros (a record wiped).
  const KNOWN: Record<string, [host: number, hidden: number]> = {
    '3gstudent__System2.evtx': [1914, 1915],
    'evtx-rs__post-Security.evtx': [104, 105],
  }

  it('finds exactly the known hidden records and the one grown record, and none in any other file', async () => {
    const found: Record<string, Array<[number, string]>> = {}
    const oversized: Record<string, Array<[number, string]>> = {}
    for (const name of corpusFiles()) {
      const hidden: Array<[number, string]> = []
      const grown: Array<[number, string]> = []
      try {
        for await (const _ of readEvtx(corpusPath(name), {
          onDiagnostic: (d) => {
            if (d.code === 'EVTX_RECORD_HIDDEN') hidden.push([d.location.recordId ?? -1, d.message])
            if (d.code === 'EVTX_RECORD_OVERSIZED') grown.push([d.location.recordId ?? -1, d.message])
          },
        }))
          void _
      } catch {
        // Files that are not EVTX at all are another test's subject.
      }
      if (hidden.length > 0) found[name] = hidden
      if (grown.length > 0) oversized[name] = grown
    }
    expect(Object.keys(found).sort()).toEqual(Object.keys(KNOWN).sort())
    expect(oversized).toEqual({ '3gstudent__SetupNew.evtx': [[13, expect.stringContaining('record 13 (816 bytes) ends its document 415 bytes before its size copy, and those bytes hold its old size copy (408), then only zeros')]] })
    for (const [name, [host, hidden]] of Object.entries(KNOWN)) {
      expect(found[name]).toHaveLength(1)
      expect(found[name]![0]![0]).toBe(host)
      expect(found[name]![0]![1]).toContain(`holds record ${hidden} (`)
    }
  })

  it('reads the hidden Security record (event 4616, the time changed) when asked', async () => {
    const ids: number[] = []
    let hiddenXml = ''
    for await (const r of readEvtx(corpusPath('evtx-rs__post-Security.evtx'), { readHiddenRecords: true })) {
      if (r.recordId === 105 && ids.at(-1) === 104) hiddenXml = renderXml(r)
      ids.push(r.recordId)
    }
    expect(ids.filter((id) => id === 105)).toHaveLength(2)
    expect(hiddenXml).toContain('<EventID>4616</EventID>')
    expect(hiddenXml).toContain("<TimeCreated SystemTime='2017-12-13T14:56:42.0800000Z'/>")
  })
})
