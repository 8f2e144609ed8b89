import { describe, expect, it } from 'vitest'
import { MAX_RUNS, MatchPlan } from '../../src/cli/query-plan.js'

/** File offset of the record `at` bytes into chunk `chunk`. */
const offset = (chunk: number, at: number) => 0x1000 + chunk * 0x10000 + at

describe('MatchPlan', () => {
  it('keeps each match as its place in its chunk, counted per chunk, in ascending runs', () => {
    const plan = new MatchPlan()
    // Chunk 0: ids 5, 6; chunk 2: 7, then 1 (the log wrapped); chunk 3: 1 again (equal ids stay in one run), 2.
    const matches: Array<[number, number, number]> = [[5, 0, 0x200], [6, 0, 0x2f8], [7, 2, 0x200], [1, 2, 0xfff8], [1, 3, 0x200], [2, 3, 0x300]]
    for (const [id, chunk, at] of matches) plan.push(id, offset(chunk, at))
    expect(plan.ordered).toBe(true)
    expect(plan.length).toBe(6)
    expect(plan.runs()).toEqual([{ start: 0, end: 3 }, { start: 3, end: 6 }])
    expect(Array.from({ length: plan.chunkTotal }, (_, i) => [plan.chunkAt(i), plan.countAt(i)])).toEqual([[0, 2], [2, 2], [3, 2]])
    expect(matches.map((_, m) => plan.placeOf(m))).toEqual(matches.map(([, , at]) => at))
  })

  it('has no runs when nothing matched', () => {
    const plan = new MatchPlan()
    expect([plan.ordered, plan.length, plan.runs(), plan.chunkTotal]).toEqual([true, 0, [], 0])
  })

  it(`follows at most ${MAX_RUNS} runs, and gives up on more`, () => {
    const plan = new MatchPlan()
    for (let r = 0; r < MAX_RUNS; r++) {
      plan.push(100 - r, offset(r, 0x200))
      plan.push(101 - r, offset(r, 0x300))
    }
    expect([plan.ordered, plan.runs().length]).toEqual([true, MAX_RUNS])
    plan.push(1, offset(MAX_RUNS, 0x200))
    expect(plan.ordered).toBe(false)
  })

  it('gives up on matches that do not come in file order, or come before the first chunk', () => {
    const plan = new MatchPlan()
    plan.push(1, offset(1, 0x200))
    plan.push(2, offset(0, 0x200))
    expect(plan.ordered).toBe(false)
    const twice = new MatchPlan()
    twice.push(1, offset(0, 0x200))
    twice.push(2, offset(0, 0x200))
    expect(twice.ordered).toBe(false)
    const early = new MatchPlan()
    early.push(1, 0x200)
    expect(early.ordered).toBe(false)
  })

  it('keeps every place as its first segment grows to 2^16, and past it', () => {
    const plan = new MatchPlan()
    const n = (1 << 16) + 5
    for (let m = 0; m < n; m++) plan.push(m, offset(Math.floor(m / 100), 0x200 + 8 * (m % 100)))
    expect([plan.length, plan.chunkTotal, plan.countAt(plan.chunkTotal - 1), plan.placeOf(n - 1)]).toEqual([n, Math.ceil(n / 100), n % 100, 0x200 + 8 * ((n - 1) % 100)])
    let wrong = 0
    for (let m = 0; m < n; m++) if (plan.placeOf(m) !== 0x200 + 8 * (m % 100)) wrong++
    expect(wrong).toBe(0)
  })
})
