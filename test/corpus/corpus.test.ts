/**
 * The shared real-log corpus: every record listed in expected/<file>.jsonl.gz is yielded, in
 * order, with the expected canonical event and written time; every record listed as an error is
 * reported as an error diagnostic at the same place. Extra records are allowed only in a
 * truncated final block, which the expected walk does not read (plaso__System2.evtx).
 */
import { describe, expect, it } from 'vitest'
import type { Diagnostic } from '../../src/diagnostics.js'
import { parseEvtx } from '../../src/evtx/parse.js'
import { recordToTree } from '../../src/render/tree.js'
import { canonical } from '../helpers/canonical.js'
import { CORPUS_SKIP_MESSAGE, corpusAvailable, corpusFiles, expectedRecords, readCorpusFile } from '../helpers/corpus.js'

/** Records the reference walk does not read and we do, per corpus file (libevtx recovers them too). */
const RESUMED: Record<string, number> = {
  'evtx-rs__sample-with-zero-data-size-event.evtx': 114,
  'evtx-rs__sample_with_a_bad_chunk_magic.evtx': 31,
}

/** The chunk offset where the walk resumed after a broken record header or zeros, per chunk. */
function resumePoints(diagnostics: readonly Diagnostic[]): Map<number, number> {
  const out = new Map<number, number>()
  for (const d of diagnostics) {
    const m = /the walk resumes at the next record header, chunk offset 0x([0-9a-f]+)/.exec(d.message)
    if (m !== null && d.location.chunkIndex !== undefined && !out.has(d.location.chunkIndex)) out.set(d.location.chunkIndex, Number.parseInt(m[1] as string, 16))
  }
  return out
}

describe.skipIf(!corpusAvailable)('real-log corpus', () => {
  for (const name of corpusFiles()) {
    it(`renders every record of ${name} as expected`, () => {
      const bytes = readCorpusFile(name)
      const fullBlocks = Math.floor((bytes.length - 4096) / 0x10000)
      const expected = expectedRecords(name)
      const diagnostics: Diagnostic[] = []
      const got = [...parseEvtx(bytes, { onDiagnostic: (d) => diagnostics.push(d) })]
      // The corpus lists what the reference walk reads: it stops a chunk at a broken record header
      // or at zeros. We read on from the next whole record header (chunk-gaps.ts), which the
      // diagnostics announce; those records are checked against libevtx's recovered records in
      // test/cross-check/recovered.test.ts, and here they must be exactly the ones announced.
      const resumes = resumePoints(diagnostics)
      const resumed = got.filter((r) => r.chunkOffset >= (resumes.get(r.chunkIndex) ?? Number.POSITIVE_INFINITY))
      expect(resumed.length, `${name}: records read after a broken record header or zeros`).toBe(RESUMED[name] ?? 0)
      const inFullBlocks = got.filter((r) => r.chunkIndex < fullBlocks && !resumed.includes(r))
      const expectedOk = expected.filter((e) => e.event !== undefined)
      expect(inFullBlocks.map((r) => `${r.chunkIndex}:${r.chunkOffset}:${r.recordId}`)).toEqual(expectedOk.map((e) => `${e.chunk}:${e.offset}:${e.id}`))
      for (let i = 0; i < expectedOk.length; i++) {
        const e = expectedOk[i]!
        const r = inFullBlocks[i]!
        expect(canonical(recordToTree(r)), `${name} record ${e.id} at ${e.chunk}:${e.offset}`).toEqual(e.event)
        if (e.written) expect(r.writtenTime).toBe(e.written)
      }
      // A broken record is reported with its id (the offset is where reading failed inside it);
      // a broken record header with the offset of the header.
      const errors = diagnostics.filter((d) => d.severity === 'error')
      for (const e of expected.filter((x) => x.error !== undefined)) {
        const found = errors.some((d) =>
          d.location.chunkIndex === e.chunk && (e.id !== undefined ? d.location.recordId === e.id : d.location.chunkOffset === e.offset),
        )
        expect(found, `${name}: expected an error at ${e.chunk}:${e.offset} (${e.error})`).toBe(true)
      }
      for (const r of got.filter((x) => x.chunkIndex >= fullBlocks)) {
        expect(recordToTree(r).name).toBe('Event')
      }
    })
  }
})

if (!corpusAvailable) it.skip(CORPUS_SKIP_MESSAGE, () => undefined)
