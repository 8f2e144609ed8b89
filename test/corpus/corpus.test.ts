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

describe.skipIf(!corpusAvailable)('real-log corpus', () => {
  for (const name of corpusFiles()) {
    it(`renders every record of ${name} as expected`, () => {
      const bytes = readCorpusFile(name)
      const fullBlocks = Math.floor((bytes.length - 4096) / 0x10000)
      const expected = expectedRecords(name)
      const diagnostics: Diagnostic[] = []
      const got = [...parseEvtx(bytes, { onDiagnostic: (d) => diagnostics.push(d) })]
      const inFullBlocks = got.filter((r) => r.chunkIndex < fullBlocks)
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
