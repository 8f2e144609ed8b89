import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { selectValue } from '../../src/access/select.js'
import { SYSTEM_PATHS } from '../../src/access/system.js'
import { formatFiletime } from '../../src/binary/filetime.js'
import { recordTicks } from '../../src/cli/query-scan.js'
import { readEvtx } from '../../src/evtx/read.js'
import type { EvtxRecord } from '../../src/evtx/record.js'
import { parseEventTime } from '../../src/query/time.js'
import { CORPUS_SKIP_MESSAGE, corpusAvailable, corpusFiles, corpusPath } from '../helpers/corpus.js'
import { PROPERTY_SEED, propertyRuns } from '../helpers/properties.js'
import { sampleLogs } from '../helpers/samples.js'

const YEAR_10000_TICKS = 2_650_467_744_000_000_000n

/** What recordTicks answered before it read FILETIMEs directly: the rendered time read back. */
function ticksFromText(record: EvtxRecord): bigint {
  const text = selectValue(record, SYSTEM_PATHS.timeCreated)
  const t = text === undefined ? undefined : parseEventTime(text)
  return t ?? (BigInt(record.writtenHigh) << 32n) + BigInt(record.writtenLow)
}

describe('recordTicks', () => {
  it('rests on this: a FILETIME before the year 10000, rendered and read back, is itself', () => {
    expect(formatFiletime(0, 0)).toBe('1601-01-01T00:00:00.0000000Z')
    expect(parseEventTime(formatFiletime(Number((YEAR_10000_TICKS - 1n) & 0xffffffffn), Number((YEAR_10000_TICKS - 1n) >> 32n)))).toBe(YEAR_10000_TICKS - 1n)
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: YEAR_10000_TICKS - 1n }), (t) => {
        expect(parseEventTime(formatFiletime(Number(t & 0xffffffffn), Number(t >> 32n)))).toBe(t)
      }),
      { seed: PROPERTY_SEED, numRuns: propertyRuns(2000) },
    )
  })
})

/** Checks every record of the logs; returns how many there were. */
async function sameAsText(logs: ReadonlyArray<readonly [name: string, path: string]>): Promise<number> {
  let records = 0
  for (const [name, path] of logs) {
    for await (const r of readEvtx(path, { onDiagnostic: () => {}, reuseBuffers: true })) {
      records++
      const want = ticksFromText(r)
      if (recordTicks(r) !== want) expect.fail(`${name}, record ${r.recordId}: ${recordTicks(r)} against ${want}`)
    }
  }
  return records
}

describe('recordTicks on logs', () => {
  it('gives every record of the samples the time its rendered TimeCreated gives', async () => {
    expect(await sameAsText(sampleLogs())).toBeGreaterThan(100)
  })

  it.skipIf(!corpusAvailable)('gives every record of the corpus the time its rendered TimeCreated gives', async () => {
    expect(await sameAsText(corpusFiles().map((n) => [n, corpusPath(n)] as const))).toBeGreaterThan(40_000)
  })
})

if (!corpusAvailable) it.skip(CORPUS_SKIP_MESSAGE, () => undefined)
