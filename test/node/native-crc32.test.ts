import { describe, expect, it } from 'vitest'
import { crc32, crc32Implementation, tableCrc32 } from '../../src/binary/crc32.js'
import { readEvtxChunks } from '../../src/evtx/read.js'

describe('native CRC-32 on Node', () => {
  // One module state for the file: the first test sees the table code, as a fresh process does.
  it('is installed when a file is opened to validate its checksums, and gives the same verdicts', async () => {
    expect(crc32Implementation()).toBe('table')
    let plain = 0
    for await (const batch of readEvtxChunks('samples/s1-self-signed-certificate/System.evtx')) plain += batch.length
    expect(crc32Implementation()).toBe('table')
    let records = 0
    let badChunks = 0
    for await (const batch of readEvtxChunks('samples/s1-self-signed-certificate/System.evtx', {
      validateChecksums: true,
      onChunk: (c) => {
        if (c.status === 'bad-checksum') badChunks++
      },
    })) records += batch.length
    expect(crc32Implementation()).toBe('native')
    expect(records).toBeGreaterThan(0)
    expect(records).toBe(plain)
    expect(badChunks).toBe(0)
    const b = new Uint8Array(70_000).map((_, i) => (i * 2654435761) >>> 24)
    expect(crc32(b, 512, 65_536)).toBe(tableCrc32(b, 512, 65_536))
  })
})
