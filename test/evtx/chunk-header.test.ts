/**
 * The chunk header: its fields as written, and the two checksums: the header's over bytes 0-120
 * and 128-512 (its own field and the flags left out), the data's from 512 to the free-space
 * offset, never past the chunk's 64 KiB whatever the offset says or the buffer holds.
 */
import { describe, expect, it } from 'vitest'
import { crc32 } from '../../src/binary/crc32.js'
import { EvtxError } from '../../src/errors.js'
import { computeChunkDataChecksum, computeChunkHeaderChecksum, readChunkHeader } from '../../src/evtx/chunk-header.js'
import { simpleChunk } from '../helpers/chunk-builder.js'

describe('readChunkHeader', () => {
  it('reads the fields as written, and both stored checksums match what is computed', () => {
    const chunk = simpleChunk(41, 3)
    const h = readChunkHeader(chunk)
    expect(h).toMatchObject({ firstRecordNumber: 41n, lastRecordNumber: 43n, firstRecordId: 41n, lastRecordId: 43n, headerSize: 128 })
    expect(h.stringTable).toHaveLength(64)
    expect(h.templateTable).toHaveLength(32)
    expect(h.headerChecksum).toBe(computeChunkHeaderChecksum(chunk))
    expect(h.dataChecksum).toBe(computeChunkDataChecksum(chunk, h.freeSpaceOffset))
  })

  it('refuses fewer than 512 bytes with a clear error', () => {
    expect(() => readChunkHeader(new Uint8Array(511))).toThrowError(EvtxError)
    expect(() => readChunkHeader(new Uint8Array(511))).toThrowError('chunk header needs 512 bytes, have 511')
  })
})

describe('chunk checksums', () => {
  it('leaves the header checksum field and the flags (bytes 120-127) out of the header sum', () => {
    const chunk = simpleChunk(1, 2)
    const before = computeChunkHeaderChecksum(chunk)
    chunk.set([1, 2, 3, 4, 5, 6, 7, 8], 120)
    expect(computeChunkHeaderChecksum(chunk)).toBe(before)
    chunk[128] = (chunk[128] ?? 0) ^ 1
    expect(computeChunkHeaderChecksum(chunk)).not.toBe(before)
  })

  it('sums the data from 512 to the free-space offset, at most to the end of the 64 KiB chunk', () => {
    const chunk = simpleChunk(1, 2)
    const free = readChunkHeader(chunk).freeSpaceOffset
    expect(computeChunkDataChecksum(chunk, free)).toBe(crc32(chunk, 512, free))
    // An offset before the data: nothing summed.
    expect(computeChunkDataChecksum(chunk, 100)).toBe(crc32(chunk, 512, 512))
    // An offset past the chunk, in a buffer that goes on (a batch of blocks): the chunk's end.
    const batch = new Uint8Array(0x20000).fill(0x5a)
    batch.set(chunk, 0)
    expect(computeChunkDataChecksum(batch, 0x1_8000)).toBe(crc32(chunk, 512, 0x10000))
    // A buffer cut short: its end.
    expect(computeChunkDataChecksum(chunk.subarray(0, 4096), 0x8000)).toBe(crc32(chunk, 512, 4096))
  })
})
