/**
 * The file header: its fields as written, the flags it knows (unknown bits kept only in
 * `rawFlags`), the checksum over its first 120 bytes (valid whatever is stored when the header
 * says it keeps none), and the errors for a block too small or not an EVTX header.
 */
import { describe, expect, it } from 'vitest'
import { crc32 } from '../../src/binary/crc32.js'
import { EvtxError } from '../../src/errors.js'
import { readFileHeader } from '../../src/evtx/file-header.js'
import { fileHeader } from '../helpers/chunk-builder.js'

/** A header block with `flags`, and its stored checksum recomputed or set to `checksum`. */
function header(flags: number, checksum?: number): Uint8Array {
  const b = fileHeader({ chunkCount: 3, nextRecordId: 91, flags })
  new DataView(b.buffer).setUint32(124, checksum ?? crc32(b, 0, 120), true)
  return b
}

function thrown(f: () => unknown): EvtxError {
  try {
    f()
  } catch (error) {
    if (error instanceof EvtxError) return error
    throw error
  }
  throw new Error('nothing was thrown')
}

describe('readFileHeader', () => {
  it('reads the fields as written', () => {
    const h = readFileHeader(header(0))
    expect(h).toMatchObject({ firstChunkNumber: 0n, lastChunkNumber: 2n, nextRecordId: 91n, headerSize: 128, minorVersion: 1, majorVersion: 3, headerBlockSize: 4096, chunkCount: 3 })
    expect(h).toMatchObject({ rawFlags: 0, flags: 0, dirty: false, full: false, noCrc32: false, checksumValid: true })
    expect(h.computedChecksum).toBe(h.storedChecksum)
  })

  it('keeps unknown flag bits out of `flags` (they are garbage in real files) but in `rawFlags`', () => {
    const h = readFileHeader(header(0x1 | 0x2 | 0x10 | 0x8000_0000))
    expect(h.rawFlags).toBe(0x8000_0013)
    expect(h.flags).toBe(0x3)
    expect(h).toMatchObject({ dirty: true, full: true, noCrc32: false })
  })

  it('checks the stored checksum, unless the header says it keeps none', () => {
    const bad = readFileHeader(header(0x1, 0x1234_5678))
    expect(bad.checksumValid).toBe(false)
    expect(bad.storedChecksum).toBe(0x1234_5678)
    const unchecked = readFileHeader(header(0x4, 0x1234_5678))
    expect(unchecked.noCrc32).toBe(true)
    expect(unchecked.checksumValid).toBe(true)
    // Bytes 120-127 (flags and checksum) are outside the sum: only the flag decides here.
    expect(readFileHeader(header(0x4)).computedChecksum).toBe(unchecked.computedChecksum)
  })

  it('names a block too small, and a signature that is not EVTX (printable or in hex)', () => {
    const small = thrown(() => readFileHeader(new Uint8Array(127)))
    expect(small.code).toBe('EVTX_FILE_TOO_SMALL')
    expect(small.message).toBe('file header needs 128 bytes, have 127')
    expect(small.location).toEqual({ fileOffset: 0 })
    const text = header(0)
    text.set(new TextEncoder().encode('ElfChnk\0'), 0)
    expect(thrown(() => readFileHeader(text)).message).toMatch(/^not an EVTX file: signature is "ElfChnk\\0", expected "ElfFile\\0"/)
    const binary = header(0)
    binary.set([0x01, 0xff, 0, 0, 0, 0, 0, 0], 0)
    const e = thrown(() => readFileHeader(binary))
    expect(e.code).toBe('EVTX_FILE_BAD_MAGIC')
    expect(e.message).toMatch(/^not an EVTX file: signature is 01 ff 00 00 00 00 00 00, expected/)
  })
})
