/**
 * The records we read after a broken record header or zeros in the middle of a chunk (which the
 * corpus's reference walk stops at) are records libevtx recovers too (`evtxexport -m recovered`),
 * with the same ids, providers, event ids and data. libevtx also carves the slack after a chunk's
 * last record, which we do not read: those are named here and are the only difference.
 */
import { describe, expect, it } from 'vitest'
import type { Diagnostic } from '../../src/diagnostics.js'
import { parseEvtx } from '../../src/evtx/parse.js'
import { corpusAvailable, corpusPath, readCorpusFile } from '../helpers/corpus.js'
import { libevtxOk, oursOf, peer } from '../helpers/peer-events.js'

const CASES = [
  // A record of size 0 (evtx PR #264) at 0x820 of chunk 0: 114 whole records follow it.
  { name: 'evtx-rs__sample-with-zero-data-size-event.evtx', ids: [4, 117], slack: [] as number[] },
  // Chunk 7 zero-filled from 0x2060 to 0x6002 (whole 4 KiB pages): 31 whole records follow.
  // libevtx also carves 50 older records (45641..45690) from slack after a chunk's last record.
  { name: 'evtx-rs__sample_with_a_bad_chunk_magic.evtx', ids: [47675, 47705], slack: [45641, 45690] },
]

describe.skipIf(!libevtxOk || !corpusAvailable)('records read past a broken record header or zeros', () => {
  it.each(CASES)('$name: are the records libevtx recovers, but for slack', ({ name, ids, slack }) => {
    const resumed = new Map<number, number>()
    const onDiagnostic = (d: Diagnostic) => {
      const m = /the walk resumes at the next record header, chunk offset 0x([0-9a-f]+)/.exec(d.message)
      if (m !== null && d.location.chunkIndex !== undefined) resumed.set(d.location.chunkIndex, Number.parseInt(m[1] as string, 16))
    }
    const records = [...parseEvtx(readCorpusFile(name), { onDiagnostic })]
    const recovered = oursOf(records.filter((r) => r.chunkOffset >= (resumed.get(r.chunkIndex) ?? Number.POSITIVE_INFINITY)))
    const [first, last] = ids as [number, number]
    expect(recovered.map((e) => e.id)).toEqual(Array.from({ length: last - first + 1 }, (_, k) => first + k))
    const fromLibevtx = peer('libevtx-recovered', corpusPath(name))
    const inSlack = (id: number) => slack.length === 2 && id >= (slack[0] as number) && id <= (slack[1] as number)
    expect(fromLibevtx.filter((e) => !inSlack(e.id))).toEqual(recovered)
    expect(fromLibevtx.filter((e) => inSlack(e.id))).toHaveLength(slack.length === 2 ? (slack[1] as number) - (slack[0] as number) + 1 : 0)
  })
})
if (!libevtxOk || !corpusAvailable) it.skip('recovered-records cross-check: needs libevtx (Debian libevtx-utils), /usr/bin/python3 and the shared corpus', () => {})
