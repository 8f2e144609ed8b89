import { describe, expect, it } from 'vitest'
import { startsLikeZip } from '../../src/archive/zip-signature.js'
import { buildZip } from '../helpers/zip-writer.js'

describe('startsLikeZip', () => {
  it('knows an archive by its local header or, when empty, its end record', () => {
    expect(startsLikeZip(buildZip({ entries: [{ name: 'System.evtx', data: new Uint8Array(8) }] }))).toBe(true)
    expect(startsLikeZip(buildZip({ entries: [] }))).toBe(true)
  })
  it('knows nothing else: another PK record, a shorter start, an event log', () => {
    for (const bytes of [Uint8Array.of(0x50, 0x4b, 1, 2), Uint8Array.of(0x50, 0x4b, 3), new TextEncoder().encode('ElfFile\0'), new Uint8Array(0)]) expect(startsLikeZip(bytes)).toBe(false)
  })
})
