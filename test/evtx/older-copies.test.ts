/** The one diagnostic that names the older copies in a block whose chunk header was lost. */
import { describe, expect, it } from 'vitest'
import { OlderCopies } from '../../src/evtx/older-copies.js'

describe('OlderCopies', () => {
  it('names one copy, its id, offset and holder', () => {
    const c = new OlderCopies()
    c.add(17, 0x2a0, 3)
    expect(c.count).toBe(1)
    expect(c.describe()).toBe('of the records after the zeros, 1 (id 17, chunk offset 0x2a0) repeats an id chunk 3 already holds: an older copy left in unused space, not read as its own')
  })

  it('names many copies by their lowest and highest id, first and last offset, and up to three holders', () => {
    const c = new OlderCopies()
    c.add(20, 0x200, 2)
    c.add(12, 0x280, 1)
    c.add(15, 0x300, 2)
    expect(c.count).toBe(3)
    expect(c.describe()).toBe('of the records after the zeros, 3 (ids 12..20, chunk offsets 0x200..0x300) repeat ids chunks 1 and 2 already hold: older copies left in unused space, not read as its own')
    c.add(30, 0x380, 0)
    expect(c.describe()).toContain('repeat ids chunks 0, 1 and 2 already hold')
    c.add(40, 0x400, 9)
    c.add(41, 0x480, 7)
    expect(c.describe()).toContain('(ids 12..41, chunk offsets 0x200..0x480) repeat ids chunks 0, 1, 2 and 2 more already hold')
  })

  it('orders holders by number, not as text', () => {
    const c = new OlderCopies()
    c.add(5, 0x200, 10)
    c.add(6, 0x280, 9)
    expect(c.describe()).toContain('repeat ids chunks 9 and 10 already hold')
  })
})
