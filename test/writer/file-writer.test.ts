/**
 * The file header of a file with no records: only the header block, chunk numbers 0 and 0 (never
 * −1 as a u64), next record id 1, as a cleanly closed empty log has them.
 */
import { describe, expect, it } from 'vitest'
import { readFileHeader } from '../../src/evtx/file-header.js'
import { buildEvtx } from '../../src/writer/index.js'

describe('buildEvtx', () => {
  it('writes an empty log as a header block whose chunk numbers are 0', () => {
    const w = buildEvtx([])
    expect(w.bytes.length).toBe(4096)
    expect(w.header).toEqual({ firstChunkNumber: 0, lastChunkNumber: 0, nextRecordId: 1n, minorVersion: 2, chunkCount: 0, flags: 0 })
    const h = readFileHeader(w.bytes)
    expect([h.firstChunkNumber, h.lastChunkNumber, h.nextRecordId, h.chunkCount, h.checksumValid]).toEqual([0n, 0n, 1n, 0, true])
  })
})
