/**
 * The id ranges of walked chunks: which earlier chunk holds an id, with ranges wider than a chunk
 * can hold left out and lookups bounded whatever a file holds.
 */
import { describe, expect, it } from 'vitest'
import { HeldIds, MAX_IDS_PER_CHUNK } from '../../src/evtx/held-ids.js'

describe('HeldIds', () => {
  it('names the earlier chunk whose range spans an id, at both ends and across buckets', () => {
    const held = new HeldIds()
    held.add(0, 1, 40)
    held.add(1, 4090, 4100)
    expect(held.holderOf(1, 5)).toBe(0)
    expect(held.holderOf(40, 5)).toBe(0)
    expect(held.holderOf(41, 5)).toBeUndefined()
    expect(held.holderOf(0, 5)).toBeUndefined()
    for (const id of [4090, 4095, 4096, 4100]) expect(held.holderOf(id, 5)).toBe(1)
    expect(held.holderOf(4101, 5)).toBeUndefined()
    expect(held.holderOf(4089, 5)).toBeUndefined()
  })

  it('counts only chunks before the asking one', () => {
    const held = new HeldIds()
    held.add(3, 100, 200)
    expect(held.holderOf(150, 4)).toBe(3)
    expect(held.holderOf(150, 3)).toBeUndefined()
    expect(held.holderOf(150, 0)).toBeUndefined()
  })

  it('keeps no range wider than a chunk can hold, none reversed, none past 2^53 - 1', () => {
    const held = new HeldIds()
    held.add(0, 1000, 1000 + MAX_IDS_PER_CHUNK - 1)
    expect(held.holderOf(1000 + MAX_IDS_PER_CHUNK - 1, 9)).toBe(0)
    held.add(1, 10_000, 10_000 + MAX_IDS_PER_CHUNK)
    expect(held.holderOf(10_001, 9)).toBeUndefined()
    held.add(2, 500, 400)
    expect(held.holderOf(450, 9)).toBeUndefined()
    held.add(3, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY)
    held.add(4, 2 ** 53 - 1, 2 ** 53)
    expect(held.holderOf(2 ** 53 - 1, 9)).toBeUndefined()
    expect(MAX_IDS_PER_CHUNK).toBe(2322)
  })

  it('keeps at most 64 ranges per 4096 ids: a file of identical ranges cannot slow a lookup', () => {
    const held = new HeldIds()
    for (let k = 0; k < 10_000; k++) held.add(k, 5000, 5100)
    expect(held.holderOf(5050, 10_000)).toBe(0)
    // Chunk 10,000's range came after its bucket was full: not kept.
    held.add(10_000, 5200, 5300)
    expect(held.holderOf(5250, 20_000)).toBeUndefined()
    expect(held.holderOf(9000, 20_000)).toBeUndefined()
  })
})
