import { gzipSync } from 'node:zlib'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { EvtxError, EvtxErrorCode } from '../../src/errors.js'
import { readFileHeader } from '../../src/evtx/file-header.js'
import { describeForeignFormat } from '../../src/evtx/foreign-formats.js'
import { parseEvtx } from '../../src/evtx/parse.js'
import { buildEvtx } from '../helpers/evtx-builder.js'
import { PROPERTY_SEED, propertyRuns } from '../helpers/properties.js'
import { rcm1058 } from '../helpers/rdp-events.js'

/** `head` then zeros, 4096 bytes in all (a header block's worth). */
function block(head: ArrayLike<number>, at = 0): Uint8Array {
  const bytes = new Uint8Array(4096)
  bytes.set(Array.from(head), at)
  return bytes
}

const ascii = (text: string) => new TextEncoder().encode(text)
const utf16le = (text: string) => new Uint8Array(Buffer.from(text, 'utf16le'))

describe('describeForeignFormat', () => {
  const log = buildEvtx([rcm1058('2026-11-20T08:00:00Z', 'Access is denied.')])
  const cases: Array<[string, Uint8Array, RegExp]> = [
    ['a gzipped log', gzipSync(log), /^gzip-compressed data: decompress it first$/],
    ['a ZIP archive', block(ascii('PK\x03\x04\x14\x00')), /^a ZIP archive: extract the \.evtx files/],
    ['an empty ZIP archive', block(ascii('PK\x05\x06')), /^a ZIP archive/],
    ['a 7-Zip archive', block([0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c]), /^a 7-Zip archive/],
    ['a cabinet', block(ascii('MSCF')), /^a cabinet \(\.cab\) archive/],
    ['xz', block([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]), /^xz-compressed/],
    ['bzip2', block(ascii('BZh9')), /^bzip2-compressed/],
    ['zstd', block([0x28, 0xb5, 0x2f, 0xfd]), /^zstd-compressed/],
    ['an .evt log', block([0x30, 0, 0, 0, ...ascii('LfLe')]), /\.evt\), the format before EVTX/],
    ['a bare chunk', log.subarray(4096), /^an EVTX chunk without the 4096-byte file header/],
    ['an XML export', block(ascii('<?xml version="1.0" encoding="UTF-8"?>\r\n<Events>')), /^events exported as XML .*wevtutil epl$/],
    ['an XML export with a byte-order mark', block([0xef, 0xbb, 0xbf, ...ascii('<Events><Event xmlns=')]), /^events exported as XML/],
    ['a UTF-16 XML export', block([0xff, 0xfe, ...utf16le('<Event xmlns=')]), /^events exported as XML/],
    ['a VHDX', block(ascii('vhdxfile')), /^a VHDX disk image: mount it read-only/],
    ['a dynamic VHD', block(ascii('conectix')), /^a VHD disk image/],
    ['an NTFS volume', block([0xeb, 0x52, 0x90, ...ascii('NTFS    ')]), /^an NTFS volume image/],
    ['a partitioned disk', block([0x55, 0xaa], 510), /^a disk image \(it starts with a partition table\)/],
  ]
  it.each(cases)('names %s', (_, bytes, description) => {
    expect(describeForeignFormat(bytes)).toMatch(description)
  })

  it('names nothing for an EVTX file, zeros, text or a few bytes', () => {
    expect(describeForeignFormat(log)).toBeUndefined()
    expect(describeForeignFormat(new Uint8Array(4096))).toBeUndefined()
    expect(describeForeignFormat(ascii('hello world, this is not a log'))).toBeUndefined()
    expect(describeForeignFormat(new Uint8Array([0x1f]))).toBeUndefined()
    expect(describeForeignFormat(new Uint8Array(0))).toBeUndefined()
  })

  it('never throws, on any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (bytes) => {
        const got = describeForeignFormat(bytes)
        expect(got === undefined || got.length > 0).toBe(true)
      }),
      { seed: PROPERTY_SEED, numRuns: propertyRuns(200) },
    )
  })
})

describe('the bad-signature error', () => {
  it('says what the file looks like, when it is known', () => {
    const gz = gzipSync(buildEvtx([rcm1058('2026-11-20T08:00:00Z', 'Access is denied.')]))
    let error: unknown
    try {
      readFileHeader(block(gz.subarray(0, 4096)))
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(EvtxError)
    expect((error as EvtxError).code).toBe(EvtxErrorCode.FileBadMagic)
    expect((error as EvtxError).message).toMatch(/^not an EVTX file: signature is 1f 8b [0-9a-f ]+, expected "ElfFile\\0"; it looks like gzip-compressed data: decompress it first$/)
    // Through the reader too, and nothing added for unknown bytes.
    expect(() => [...parseEvtx(block(ascii('PK\x03\x04')))]).toThrowError(/; it looks like a ZIP archive: extract the \.evtx files/)
    expect(() => [...parseEvtx(block(ascii('hello world')))]).toThrowError(/expected "ElfFile\\0"$/)
  })
})
