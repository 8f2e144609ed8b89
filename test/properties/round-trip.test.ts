/**
 * Property (a): arbitrary event trees and values → write → parse → the same events.
 * The expected XML comes from test/writer/expected-xml.ts (rendered from the input model), not
 * from the parser's renderer, and the chunk headers must describe exactly the records written.
 */
import { test } from '@fast-check/vitest'
import { describe, expect } from 'vitest'
import type { Diagnostic } from '../../src/diagnostics.js'
import { parseEvtx } from '../../src/evtx/parse.js'
import { readChunkHeader } from '../../src/evtx/chunk-header.js'
import { readFileHeader } from '../../src/evtx/file-header.js'
import { renderXml } from '../../src/render/xml.js'
import { buildEvtx, toTicks } from '../../src/writer/index.js'
import { eventsArb, writeOptions, type EventsCase } from '../writer/arbitraries.js'
import { renderDocument } from '../writer/expected-xml.js'
import { PROPERTY_TIMEOUT, propertyParams } from './settings.js'

/** Writes, parses and compares; returns nothing, throws on the first difference. */
export function checkRoundTrip(c: EventsCase): void {
  const written = buildEvtx(c.records, writeOptions(c))
  const diagnostics: Diagnostic[] = []
  const parsed = [...parseEvtx(written.bytes, { validateChecksums: true, onDiagnostic: (d) => diagnostics.push(d) })]
  expect(diagnostics).toEqual([])
  expect(parsed.length).toBe(c.records.length)
  parsed.forEach((r, i) => {
    const input = c.records[i]
    if (input === undefined) throw new Error('more records than written')
    expect(BigInt(r.recordId)).toBe(BigInt(input.recordId))
    expect((BigInt(r.writtenHigh >>> 0) << 32n) | BigInt(r.writtenLow >>> 0)).toBe(toTicks(input.written))
    expect(renderXml(r)).toBe(renderDocument(input.document))
  })
  const header = readFileHeader(written.bytes)
  expect(header.checksumValid).toBe(true)
  expect(header.chunkCount).toBe(written.chunks.length)
  for (const chunk of written.chunks) {
    const h = readChunkHeader(written.bytes.subarray(chunk.fileOffset, chunk.fileOffset + 0x10000))
    expect([h.firstRecordId, h.lastRecordId, h.lastRecordNumber - h.firstRecordNumber + 1n]).toEqual([chunk.firstRecordId, chunk.lastRecordId, BigInt(chunk.recordCount)])
    expect(h.freeSpaceOffset).toBeLessThanOrEqual(c.fillLimit)
  }
}

describe('writer round trip (property a)', () => {
  test.prop([eventsArb], propertyParams)('arbitrary events survive write → parse unchanged', (c) => {
    checkRoundTrip(c)
  }, PROPERTY_TIMEOUT)
})

