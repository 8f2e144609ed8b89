import { describe, expect, it } from 'vitest'
import type { LogFile } from '../../src/cli/query-logs.js'
import { MatchList, type MatchOrder, mergeMatches } from '../../src/cli/query-scan.js'

const log = (name: string): LogFile => ({ path: `/${name}`, display: name, channel: name })
const list = (l: LogFile, matches: readonly (readonly [recordId: number, ticks: number])[]): MatchList => {
  const m = new MatchList(l)
  for (const [id, t] of matches) m.push(id, 0x1000 + 0x200 + id, BigInt(t))
  return m
}
const labels = (o: MatchOrder): string[] =>
  [...o.items].map((item, k) => {
    const l = o.lists[o.listOf[k] as number] as MatchList
    return `${l.log.display}${l.recordId(item)}`
  })

describe('MatchList', () => {
  it('keeps every match, past its first allocation, with its offset and time', () => {
    const m = new MatchList(log('a'))
    for (let i = 0; i < 1000; i++) m.push(i + 1, 0x1200 + 8 * i, 132_000_000_000_000_000n + BigInt(i))
    expect(m.length).toBe(1000)
    expect([m.recordId(0), m.fileOffset(0), m.ticks(0)]).toEqual([1, 0x1200, 132_000_000_000_000_000n])
    expect([m.recordId(999), m.fileOffset(999), m.ticks(999)]).toEqual([1000, 0x1200 + 8 * 999, 132_000_000_000_000_999n])
  })

  it('orders by record id, file order among equal ids', () => {
    const m = list(log('a'), [[5, 0], [2, 0], [5, 1], [1, 0], [2, 1]])
    expect([...m.inRecordOrder()]).toEqual([3, 1, 4, 0, 2])
    expect([...list(log('b'), [[1, 0], [2, 0], [3, 0]]).inRecordOrder()]).toEqual([0, 1, 2])
  })

  it('keeps times outside 64-bit ticks at the ends instead of wrapping them', () => {
    const m = new MatchList(log('a'))
    m.push(1, 0, -5n)
    m.push(2, 0, 1n << 70n)
    expect([m.ticks(0), m.ticks(1)]).toEqual([0n, (1n << 64n) - 1n])
  })
})

describe('mergeMatches', () => {
  it("keeps one log's events in record order, whatever their times", () => {
    expect(labels(mergeMatches([list(log('a'), [[3, 1], [1, 5], [2, 9]])]))).toEqual(['a1', 'a2', 'a3'])
  })

  it('merges several logs by time, oldest first, earlier logs first on ties', () => {
    const [a, b, c] = [log('a'), log('b'), log('c')]
    const merged = mergeMatches([list(a, [[1, 10], [2, 30]]), list(c, []), list(b, [[7, 10], [8, 20]])])
    expect(labels(merged)).toEqual(['a1', 'b7', 'b8', 'a2'])
  })

  it('gives an empty order for no matches', () => {
    const merged = mergeMatches([list(log('a'), [])])
    expect([merged.items.length, merged.listOf.length, merged.lists.length]).toEqual([0, 0, 0])
  })
})
