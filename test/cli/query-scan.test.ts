import { describe, expect, it } from 'vitest'
import type { LogFile } from '../../src/cli/query-logs.js'
import { type Match, mergeMatches } from '../../src/cli/query-scan.js'
import type { EvtxRecord } from '../../src/evtx/record.js'

const log = (name: string): LogFile => ({ path: `/${name}`, display: name, channel: name })
const match = (l: LogFile, recordId: number, ticks: number): Match => ({ log: l, record: { recordId } as EvtxRecord, ticks: BigInt(ticks) })

describe('mergeMatches', () => {
  it("keeps one log's events in record order, whatever their times", () => {
    const a = log('a')
    expect(mergeMatches([[match(a, 3, 1), match(a, 1, 5), match(a, 2, 9)]]).map((m) => m.record.recordId)).toEqual([1, 2, 3])
  })

  it('merges several logs by time, oldest first, earlier logs first on ties', () => {
    const [a, b] = [log('a'), log('b')]
    const merged = mergeMatches([[match(a, 1, 10), match(a, 2, 30)], [], [match(b, 7, 10), match(b, 8, 20)]])
    expect(merged.map((m) => `${m.log.display}${m.record.recordId}`)).toEqual(['a1', 'b7', 'b8', 'a2'])
  })
})
