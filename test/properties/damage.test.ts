/**
 * Property (c): damage to one chunk → every other chunk's records are still returned, and a
 * diagnostic names the damaged chunk (an all-zero chunk is unused space, not an error: the
 * reader reports it through onChunk as 'empty'). Also: a header lost together with the first
 * chunks (zeroed) → every chunk after the zeros is read, with the one header error. And: a
 * broken record header (signature or size) in the middle of a chunk → only that record is lost,
 * the walk resumes at the next whole record header (src/evtx/chunk-gaps.ts).
 */
import { fc, test } from '@fast-check/vitest'
import { describe, expect } from 'vitest'
import type { Diagnostic } from '../../src/diagnostics.js'
import type { ChunkInfo } from '../../src/evtx/options.js'
import { parseEvtx } from '../../src/evtx/parse.js'
import { renderXml } from '../../src/render/xml.js'
import { applyDamage, buildEvtx, type Damage } from '../../src/writer/index.js'
import { eventsArb } from '../writer/arbitraries.js'
import { PROPERTY_TIMEOUT, propertyParams } from './settings.js'

const CHUNK_KINDS = ['zero-chunk', 'bad-chunk-magic', 'bad-header-crc', 'bad-data-crc', 'bad-record', 'truncate'] as const

function read(bytes: Uint8Array) {
  const diagnostics: Diagnostic[] = []
  const chunks: ChunkInfo[] = []
  const records = [...parseEvtx(bytes, { validateChecksums: true, onDiagnostic: (d) => diagnostics.push(d), onChunk: (c) => chunks.push(c) })].map((r) => ({
    chunk: r.chunkIndex,
    id: r.recordId,
    xml: renderXml(r),
  }))
  return { records, diagnostics, chunks }
}

export function checkDamage(bytes: Uint8Array, chunkCount: number, kind: (typeof CHUNK_KINDS)[number], target: number, cutAt: number): void {
  const clean = read(bytes)
  const damage: Damage =
    kind === 'truncate'
      ? { kind, length: 4096 + (chunkCount - 1) * 0x10000 + cutAt }
      : { kind, chunk: target }
  const damagedChunk = kind === 'truncate' ? chunkCount - 1 : target
  const got = read(applyDamage(bytes, damage))
  expect(got.records.filter((r) => r.chunk !== damagedChunk)).toEqual(clean.records.filter((r) => r.chunk !== damagedChunk))
  const named = got.diagnostics.some((d) => d.location.chunkIndex === damagedChunk)
  const empty = got.chunks.some((c) => c.index === damagedChunk && c.status === 'empty')
  expect(named || (kind === 'zero-chunk' && empty)).toBe(true)
}

describe('damage isolation (property c)', () => {
  test.prop([eventsArb, fc.integer({ min: 1, max: 4 }), fc.constantFrom(...CHUNK_KINDS), fc.nat(), fc.integer({ min: 1, max: 0xffff })], propertyParams)(
    'damage to one chunk loses only that chunk and is reported',
    (c, perChunk, kind, pick, cutAt) => {
      const written = buildEvtx(c.records, { fillLimit: c.fillLimit, maxRecords: perChunk })
      const n = written.chunks.length
      fc.pre(n >= 2)
      checkDamage(written.bytes, n, kind, pick % n, cutAt)
    },
    PROPERTY_TIMEOUT,
  )

  test.prop([eventsArb, fc.integer({ min: 2, max: 6 }), fc.nat(), fc.constantFrom('signature', 'size 0', 'size 27', 'size past the chunk')], propertyParams)(
    'a broken record header loses only that record, reported with its offset',
    (c, perChunk, pick, how) => {
      const written = buildEvtx(c.records, { fillLimit: c.fillLimit, maxRecords: perChunk })
      const clean = [...parseEvtx(written.bytes)]
      fc.pre(clean.length >= 1)
      const victim = clean[pick % clean.length] as (typeof clean)[number]
      const bytes = written.bytes.slice()
      const at = 4096 + victim.chunkIndex * 0x10000 + victim.chunkOffset
      const view = new DataView(bytes.buffer)
      if (how === 'signature') bytes[at] = 0x2b
      else view.setUint32(at + 4, how === 'size 0' ? 0 : how === 'size 27' ? 27 : 0x20000, true)
      // Without checksum validation (the default): the damaged chunk's data CRC fails.
      const diagnostics: Diagnostic[] = []
      const got = { records: [...parseEvtx(bytes, { onDiagnostic: (d) => diagnostics.push(d) })].map((r) => ({ chunk: r.chunkIndex, id: r.recordId, xml: renderXml(r) })), diagnostics }
      const expected = clean.filter((r) => r !== victim).map((r) => ({ chunk: r.chunkIndex, id: r.recordId, xml: renderXml(r) }))
      expect(got.records).toEqual(expected)
      const errors = got.diagnostics.filter((d) => d.severity === 'error')
      expect(errors).toHaveLength(1)
      expect(errors[0]?.location).toMatchObject({ chunkIndex: victim.chunkIndex, chunkOffset: victim.chunkOffset })
      // The last record of its chunk has no record after it: the rest of the chunk (nothing) is skipped.
      const next = clean.find((r) => r.chunkIndex === victim.chunkIndex && r.chunkOffset > victim.chunkOffset)
      expect(errors[0]?.message).toContain(next === undefined ? `rest of chunk ${victim.chunkIndex} skipped` : `resumes at the next record header, chunk offset 0x${next.chunkOffset.toString(16)} (record ${next.recordId})`)
    },
    PROPERTY_TIMEOUT,
  )

  test.prop([eventsArb, fc.integer({ min: 2, max: 8 }), fc.nat(), fc.nat(), fc.nat()], propertyParams)(
    'zeros over whole records in a chunk: those are named lost, every other record is read as before or reported by id',
    (c, perChunk, pickChunk, pickFrom, pickLength) => {
      const written = buildEvtx(c.records, { fillLimit: c.fillLimit, maxRecords: perChunk })
      const clean = [...parseEvtx(written.bytes)]
      const chunk = clean.length === 0 ? 0 : (clean[pickChunk % clean.length] as (typeof clean)[number]).chunkIndex
      const inChunk = clean.filter((r) => r.chunkIndex === chunk)
      fc.pre(inChunk.length >= 2)
      // Records from..to-1 zeroed (to may be the chunk's end); at least one kept before or after.
      const from = pickFrom % inChunk.length
      const to = Math.min(inChunk.length, from + 1 + (pickLength % inChunk.length))
      fc.pre(from > 0 || to < inChunk.length)
      const base = 4096 + chunk * 0x10000
      const bytes = written.bytes.slice()
      const first = inChunk[from] as (typeof clean)[number]
      const end = to < inChunk.length ? (inChunk[to] as (typeof clean)[number]).chunkOffset : first.chunkOffset + inChunk.slice(from).reduce((n, r) => n + r.size, 0)
      bytes.fill(0, base + first.chunkOffset, base + end)
      const diagnostics: Diagnostic[] = []
      const got = [...parseEvtx(bytes, { onDiagnostic: (d) => diagnostics.push(d) })]
      const lost = inChunk.slice(from, to)
      const warning = diagnostics.filter((d) => d.code === 'EVTX_CHUNK_INCOMPLETE')
      expect(warning).toHaveLength(1)
      expect(warning[0]?.location).toMatchObject({ chunkIndex: chunk, chunkOffset: first.chunkOffset })
      const lastLost = (lost.at(-1) as (typeof clean)[number]).recordId
      expect(warning[0]?.message).toContain(to < inChunk.length ? `records ${first.recordId}..${lastLost} are lost` : `records ${first.recordId}..`)
      // Every other record: read and rendered as before, or (its template was defined by a lost
      // record) reported with its id. None is read that was lost, none vanishes unreported.
      const gotById = new Map(got.map((r) => [`${r.chunkIndex}:${r.recordId}`, renderXml(r)]))
      const reported = new Set(diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.location.chunkIndex}:${d.location.recordId}`))
      for (const r of clean) {
        const key = `${r.chunkIndex}:${r.recordId}`
        if (lost.includes(r)) expect(gotById.has(key)).toBe(false)
        else if (gotById.has(key)) expect(gotById.get(key)).toBe(renderXml(r))
        else expect(reported.has(key), `record ${key} neither read nor reported`).toBe(true)
      }
      expect(got.length).toBeLessThanOrEqual(clean.length - lost.length)
    },
    PROPERTY_TIMEOUT,
  )

  test.prop([eventsArb, fc.integer({ min: 1, max: 4 }), fc.nat()], propertyParams)(
    'a header lost with the chunks after it: the chunks that follow the zeros are all read, with one error',
    (c, perChunk, pick) => {
      const written = buildEvtx(c.records, { fillLimit: c.fillLimit, maxRecords: perChunk })
      const n = written.chunks.length
      fc.pre(n >= 2)
      // The header block and the first `lost` chunks zeroed, as a copy that lost its first sectors.
      const lost = pick % n
      const bytes = written.bytes.slice()
      bytes.fill(0, 0, 4096 + lost * 0x10000)
      const clean = read(written.bytes)
      const got = read(bytes)
      expect(got.records).toEqual(clean.records.filter((r) => r.chunk >= lost))
      expect(got.diagnostics.map((d) => d.code)).toEqual(['EVTX_FILE_BAD_MAGIC'])
    },
    PROPERTY_TIMEOUT,
  )
})
