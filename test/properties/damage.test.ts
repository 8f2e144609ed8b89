/**
 * Property (c): damage to one chunk → every other chunk's records are still returned, and a
 * diagnostic names the damaged chunk (an all-zero chunk is unused space, not an error: the
 * reader reports it through onChunk as 'empty'). Also: a header lost together with the first
 * chunks (zeroed) → every chunk after the zeros is read, with the one header error.
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
