/**
 * Name references that point where no name can be: into the chunk header, or at an entry of
 * zeros. Both are refused (BINXML_BAD_NAME) rather than read as a name.
 */
import { describe, expect, it } from 'vitest'
import type { Diagnostic } from '../../src/diagnostics.js'
import { parseChunk } from '../../src/evtx/chunk.js'
import { ChunkWriter, finishChunk, record } from '../helpers/chunk-builder.js'

/** The diagnostics of a one-record chunk whose document is `<?/>` with its name at `nameOffset`. */
function nameAtDiagnostics(nameOffset: number): Diagnostic[] {
  const w = new ChunkWriter()
  const at = record(w, 1, 0n, (x) => x.raw([0x0f, 0x01, 0x01, 0x00]).u8(0x01).u32(5).u32(nameOffset).u8(0x03).u8(0x00))
  const diagnostics: Diagnostic[] = []
  const records = [...parseChunk(finishChunk(w, { firstId: 1, lastId: 1, lastRecordOffset: at }), 0, { onDiagnostic: (d) => diagnostics.push(d) })]
  expect(records).toEqual([])
  return diagnostics
}

describe('name references', () => {
  it('refuses a name offset inside the chunk header, even where the header bytes would read as a name', () => {
    // At 0x28 the entry's character count is the low half of the free-space offset (not zero).
    expect(nameAtDiagnostics(0x28)).toMatchObject([{ code: 'BINXML_BAD_NAME', message: expect.stringContaining("name offset 0x28 is outside the chunk's record data") }])
  })

  it('refuses a name entry of zeros (0 characters), as left where its record was lost', () => {
    expect(nameAtDiagnostics(0x8000)).toMatchObject([{ code: 'BINXML_BAD_NAME', message: expect.stringContaining('name at 0x8000 is empty') }])
  })
})
