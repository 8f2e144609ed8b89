/** applyDamage (src/writer/damage.ts): each broken shape touches exactly the bytes it names, on a copy, and refuses chunks the file lacks. */
import { describe, expect, it } from 'vitest'
import { readChunkHeader } from '../../src/evtx/chunk-header.js'
import { readFileHeader } from '../../src/evtx/file-header.js'
import { applyDamage, buildEvtx, doc, el, instance, sub, val } from '../../src/writer/index.js'

const template = { guid: '{00000000-0000-0000-0000-0000000000d1}', body: [el('Event', [], [sub(0, 0x01)])] }
const file = buildEvtx([1, 2].map((recordId) => ({ recordId, written: 134_080_000_000_000_000n, document: doc([instance(template, [val.string('x')])]) })), { maxRecords: 1 }).bytes
const CHUNK1 = 4096 + 65536

/** Offsets where `a` and `b` differ. */
function changed(a: Uint8Array, b: Uint8Array): number[] {
  const out: number[] = []
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) out.push(i)
  return out
}

describe('applyDamage', () => {
  it('flips exactly the stored CRC it names', () => {
    const fileCrc = applyDamage(file, { kind: 'bad-file-header-crc' })
    expect(changed(file, fileCrc).every((i) => i >= 124 && i < 128)).toBe(true)
    expect(readFileHeader(fileCrc).storedChecksum).toBe(~readFileHeader(file).storedChecksum >>> 0)
    const dataCrc = applyDamage(file, { kind: 'bad-data-crc', chunk: 1 })
    expect(changed(file, dataCrc).every((i) => i >= CHUNK1 + 52 && i < CHUNK1 + 56)).toBe(true)
    const h = readChunkHeader(file.subarray(CHUNK1))
    expect(readChunkHeader(dataCrc.subarray(CHUNK1)).dataChecksum).toBe(~h.dataChecksum >>> 0)
    expect(readChunkHeader(applyDamage(file, { kind: 'bad-header-crc', chunk: 1 }).subarray(CHUNK1)).headerChecksum).toBe(~h.headerChecksum >>> 0)
  })
  it("zeros the whole chunk, and overwrites the first record's signature", () => {
    const zeroed = applyDamage(file, { kind: 'zero-chunk', chunk: 0 })
    expect(changed(file, zeroed).at(-1)).toBeLessThan(CHUNK1)
    expect(zeroed.subarray(4096, CHUNK1).every((b) => b === 0)).toBe(true)
    const bad = applyDamage(file, { kind: 'bad-record', chunk: 1 })
    expect(changed(file, bad)).toEqual([CHUNK1 + 512, CHUNK1 + 513, CHUNK1 + 514, CHUNK1 + 515])
  })
  it('cuts a copy to between nothing and the whole file, leaving the original whole', () => {
    expect(applyDamage(file, { kind: 'truncate', length: -1 }).length).toBe(0)
    expect(applyDamage(file, { kind: 'truncate', length: file.length + 10 })).toEqual(file)
    expect(applyDamage(file, { kind: 'truncate', length: 100 }).length).toBe(100)
    expect(file.length).toBe(4096 + 2 * 65536)
  })
  it('refuses a chunk the file does not have, and a stale header that declares none', () => {
    expect(() => applyDamage(file, { kind: 'zero-chunk', chunk: -1 })).toThrow(RangeError)
    expect(() => applyDamage(file, { kind: 'bad-record', chunk: 2 })).toThrow(RangeError)
    expect(() => applyDamage(file, { kind: 'stale-header', visibleChunks: 0 })).toThrow(/at least one chunk/)
  })
})
