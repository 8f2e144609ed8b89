/**
 * `recordPayloadTree` builds the element tree without the System child; it must equal the full
 * tree (which the corpus test checks against the expected renderings) minus that child, on
 * every real record and every sample record.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseChunk } from '../../src/evtx/chunk.js'
import { parseEvtx } from '../../src/evtx/parse.js'
import { recordPayloadTree, recordToTree } from '../../src/render/tree.js'
import { attribute, attributedElement, element, substitution, templateChunk, text, v } from '../helpers/chunk-builder.js'
import { oddRecords } from '../helpers/odd-template.js'
import { CORPUS_SKIP_MESSAGE, corpusAvailable, corpusFiles, readCorpusFile } from '../helpers/corpus.js'

function checkAll(name: string, bytes: Uint8Array): { records: number; payloads: number } {
  let records = 0
  let payloads = 0
  for (const r of parseEvtx(bytes)) {
    const full = recordToTree(r)
    const expected = { ...full, children: full.children.filter((c) => typeof c === 'string' || c.name !== 'System') }
    const got = recordPayloadTree(r)
    expect(got, `${name} record ${r.recordId}`).toStrictEqual(expected)
    records++
    if (got.children.some((c) => typeof c !== 'string')) payloads++
  }
  return { records, payloads }
}

const samplesDir = join(import.meta.dirname, '../../samples')

describe('recordPayloadTree', () => {
  it('equals the full tree without System for dropped payloads and an Event repeated by an array value', () => {
    const records = oddRecords()
    for (const r of records) {
      const full = recordToTree(r)
      expect(recordPayloadTree(r)).toStrictEqual({ ...full, children: full.children.filter((c) => typeof c === 'string' || c.name !== 'System') })
    }
    expect(records.map((r) => recordPayloadTree(r).children.length)).toEqual([1, 1, 2, 1])
  })
  it('leaves out a System element that has attributes', () => {
    // `<Event><System Name='x'>%0</System><EventData>y</EventData></Event>`
    const T = { inTemplate: true }
    const chunk = templateChunk(
      '{0c0c0c0c-0000-0000-0000-000000000001}',
      (w) =>
        element(
          w,
          'Event',
          (x) => {
            attributedElement(
              x,
              'System',
              (y) => {
                attribute(y, 'Name', false)
                text(y, 'x')
              },
              (y) => substitution(y, 0, 0x01),
              T,
            )
            element(x, 'EventData', (y) => text(y, 'y'), T)
          },
          T,
        ),
      [[v.str('s')]],
    )
    const [r] = [...parseChunk(chunk, 0, { onDiagnostic: () => undefined })]
    if (r === undefined) throw new Error('record not read')
    expect(recordPayloadTree(r)).toStrictEqual({ name: 'Event', attributes: {}, children: [{ name: 'EventData', attributes: {}, children: ['y'] }] })
  })
  it('equals the full tree without System on every sample record', () => {
    let records = 0
    for (const dir of readdirSync(samplesDir, { withFileTypes: true }).filter((d) => d.isDirectory())) {
      for (const f of readdirSync(join(samplesDir, dir.name)).filter((x) => x.endsWith('.evtx'))) {
        records += checkAll(`${dir.name}/${f}`, new Uint8Array(readFileSync(join(samplesDir, dir.name, f)))).records
      }
    }
    expect(records).toBeGreaterThan(100)
  })
  it.skipIf(!corpusAvailable)('equals the full tree without System on every corpus record', () => {
    let records = 0
    let payloads = 0
    for (const name of corpusFiles()) {
      const c = checkAll(name, readCorpusFile(name))
      records += c.records
      payloads += c.payloads
    }
    expect(records).toBeGreaterThan(50_000)
    expect(payloads).toBeGreaterThan(40_000)
  })
})
if (!corpusAvailable) it.skip(CORPUS_SKIP_MESSAGE, () => undefined)
