import { describe, expect, it } from 'vitest'
import { formatSid } from '../../src/binary/sid.js'

function sid(revision: number, authority: number[], subs: number[], count = subs.length): Uint8Array {
  const b = new Uint8Array(8 + 4 * subs.length)
  b[0] = revision
  b[1] = count
  b.set(authority, 2)
  const v = new DataView(b.buffer)
  subs.forEach((s, i) => v.setUint32(8 + 4 * i, s, true))
  return b
}

describe('SID', () => {
  it('renders well-known and domain SIDs', () => {
    expect(formatSid(sid(1, [0, 0, 0, 0, 0, 5], [18]), 0, 12)).toBe('S-1-5-18')
    const dom = sid(1, [0, 0, 0, 0, 0, 5], [21, 4155168598, 3527253067, 2058671051, 1001])
    expect(formatSid(dom, 0, dom.length)).toBe('S-1-5-21-4155168598-3527253067-2058671051-1001')
  })

  it('reads the authority big-endian and writes a 48-bit one in hex', () => {
    expect(formatSid(sid(1, [0, 0, 0, 0, 1, 0], [1]), 0, 12)).toBe('S-1-256-1')
    expect(formatSid(sid(1, [1, 2, 3, 4, 5, 6], [1]), 0, 12)).toBe('S-1-0x010203040506-1')
  })

  it('renders a SID without sub-authorities (8 bytes)', () => {
    expect(formatSid(sid(1, [0, 0, 0, 0, 0, 5], []), 0, 8)).toBe('S-1-5')
  })

  it('allows more than 15 sub-authorities', () => {
    const subs = Array.from({ length: 20 }, (_, i) => i)
    expect(formatSid(sid(1, [0, 0, 0, 0, 0, 5], subs), 0, 88)).toBe(`S-1-5-${subs.join('-')}`)
  })

  it('renders the sub-authorities a truncated SID still holds', () => {
    const b = sid(1, [0, 0, 0, 0, 0, 5], [21, 7, 9], 5)
    expect(formatSid(b, 0, b.length)).toBe('S-1-5-21-7-9')
    expect(formatSid(b, 0, 6)).toBeUndefined()
    // Cut in the middle of the second sub-authority: only the whole first one.
    expect(formatSid(b, 0, 14)).toBe('S-1-5-21')
  })
})
