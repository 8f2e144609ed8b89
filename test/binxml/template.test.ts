/**
 * Template definitions as loaded from a chunk: which ones count as lost to zeros.
 */
import { describe, expect, it } from 'vitest'
import type { Diagnostic } from '../../src/diagnostics.js'
import { parseChunk } from '../../src/evtx/chunk.js'
import { renderXml } from '../../src/render/xml.js'
import { element, templateChunk } from '../helpers/chunk-builder.js'

describe('a lost template definition', () => {
  it('is one whose whole header is zeros: a first definition under the all-zero GUID declares a body, and is read', () => {
    // Its `next` link and GUID are zeros; only its data size is not.
    const chunk = templateChunk('{00000000-0000-0000-0000-000000000000}', (w) => element(w, 'Event', () => {}, { inTemplate: true }), [[]])
    const diagnostics: Diagnostic[] = []
    const records = [...parseChunk(chunk, 0, { onDiagnostic: (d) => diagnostics.push(d) })]
    expect(diagnostics).toEqual([])
    expect(records.map((r) => renderXml(r))).toEqual(['<Event></Event>'])
  })
})
