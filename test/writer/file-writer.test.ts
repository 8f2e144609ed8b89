/**
 * The file header of a file with no records: only the header block, chunk numbers 0 and 0 (never
 * −1 as a u64), next record id 1, as a cleanly closed empty log has them. Also the header's minor
 * version and flags as given, each chunk's index and file offset, a record's fragment header, and
 * writeChunk's refusal of a record that does not fit.
 */
import { describe, expect, it } from 'vitest'
import { readFileHeader } from '../../src/evtx/file-header.js'
import { parseEvtx } from '../../src/evtx/parse.js'
import { renderXml } from '../../src/render/xml.js'
import { buildEvtx, doc, el, instance, sub, val, type WriterRecord, writeChunk } from '../../src/writer/index.js'

const template = { guid: '{00000000-0000-0000-0000-0000000000c1}', body: [el('Event', [], [sub(0, 0x01)])] }
function record(recordId: number, fragmentHeader = true): WriterRecord {
  return { recordId, written: 134_080_000_000_000_000n, document: doc([instance(template, [val.string(`r${recordId}`)])], fragmentHeader) }
}

describe('buildEvtx', () => {
  it('writes an empty log as a header block whose chunk numbers are 0', () => {
    const w = buildEvtx([])
    expect(w.bytes.length).toBe(4096)
    expect(w.header).toEqual({ firstChunkNumber: 0, lastChunkNumber: 0, nextRecordId: 1n, minorVersion: 2, chunkCount: 0, flags: 0 })
    const h = readFileHeader(w.bytes)
    expect([h.firstChunkNumber, h.lastChunkNumber, h.nextRecordId, h.chunkCount, h.checksumValid]).toEqual([0n, 0n, 1n, 0, true])
  })
  it('writes the minor version and flags it is given into the header', () => {
    const h = readFileHeader(buildEvtx([record(1)], { minorVersion: 1, fileFlags: 0x1 }).bytes)
    expect([h.majorVersion, h.minorVersion, h.dirty, h.checksumValid]).toEqual([3, 1, true, true])
  })
  it('gives each chunk its index and file offset', () => {
    const w = buildEvtx([1, 2, 3].map((id) => record(id)), { maxRecords: 1 })
    expect(w.chunks.map((c) => [c.index, c.fileOffset])).toEqual([[0, 4096], [1, 4096 + 65536], [2, 4096 + 2 * 65536]])
    expect(w.chunks.map((c) => w.bytes[c.fileOffset])).toEqual([0x45, 0x45, 0x45]) // "ElfChnk"
  })
  it('gives a record a fragment header even when its document was built without one', () => {
    const a = buildEvtx([record(1, false)]).bytes
    expect(a).toEqual(buildEvtx([record(1)]).bytes)
    expect([...parseEvtx(a)].map((r) => renderXml(r))).toEqual(['<Event>r1</Event>'])
  })
  it('writeChunk refuses records that do not all fit', () => {
    expect(() => writeChunk([record(1), record(2)], { maxRecords: 1 })).toThrow(/record 2 does not fit in the chunk after 1 records/)
  })
})

