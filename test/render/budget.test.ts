/**
 * The render budget (src/render/budget.ts): a record asking for a billion characters through
 * nested templates is refused with LIMIT_EXCEEDED by every renderer, before it builds such a
 * string (V8 throws a RangeError past 2^29 characters, which escaped as an internal error), and
 * the records around it are read and rendered as usual.
 */
import { describe, expect, it } from 'vitest'
import { analyze } from '../../src/analyze.js'
import { NodeKind } from '../../src/binxml/nodes.js'
import { ByteSink } from '../../src/render/byte-sink.js'
import { EvtxError } from '../../src/errors.js'
import { parseEvtx } from '../../src/evtx/parse.js'
import type { EvtxRecord } from '../../src/evtx/record.js'
import { normalizeRecord, readPayload } from '../../src/model/from-record.js'
import { payloadFromNodes } from '../../src/model/payload-nodes.js'
import { renderJson } from '../../src/render/json.js'
import { recordJson, writeRecordLine } from '../../src/render/record-line.js'
import { recordPayloadTree, recordToTree } from '../../src/render/tree.js'
import { attributeValue } from '../../src/render/walk.js'
import { renderXml } from '../../src/render/xml.js'
import { type BombKind, bombChunk, flatAttributeChunk } from '../helpers/bombs.js'
import { concat, fileHeader, simpleChunk } from '../helpers/chunk-builder.js'

const KINDS: readonly BombKind[] = ['text', 'elements', 'attribute', 'data']

function bombFile(kind: BombKind, k?: number, length?: number): Uint8Array {
  return concat(fileHeader({ chunkCount: 3, nextRecordId: 16 }), simpleChunk(1, 3), bombChunk(kind, 10, k, length), simpleChunk(13, 3))
}

function records(bytes: Uint8Array): EvtxRecord[] {
  return [...parseEvtx(bytes)]
}

function limitCode(run: () => unknown): string | undefined {
  try {
    run()
    return undefined
  } catch (error) {
    if (error instanceof EvtxError) return error.code
    throw error
  }
}

describe('render budget', () => {
  for (const kind of KINDS) {
    it(`refuses a record asking for a billion characters (${kind}) in every renderer, and reads the rest`, () => {
      const all = records(bombFile(kind))
      expect(all.map((r) => r.recordId)).toEqual([1, 2, 3, 10, 11, 12, 13, 14, 15])
      const bomb = all.find((r) => r.recordId === 12) as EvtxRecord
      for (const [name, render] of [
        ['xml', () => renderXml(bomb)],
        ['json', () => renderJson(bomb)],
        ['record json', () => recordJson(bomb)],
        ['tree', () => recordToTree(bomb)],
        ['payload tree', () => readPayload(recordPayloadTree(bomb))],
      ] as const) {
        expect(limitCode(render), name).toBe('LIMIT_EXCEEDED')
      }
      // The JSON and XML lines dump writes report it instead.
      for (const format of ['jsonl', 'xml'] as const) {
        const reported: string[] = []
        const sink = new ByteSink(64)
        expect(writeRecordLine(bomb, format, sink, (d) => reported.push(d.code), false)).toBe(false)
        expect(reported).toEqual(['LIMIT_EXCEEDED'])
        expect(sink.pos).toBe(0)
      }
      // The analyzer's payload reader refuses the event whose Data holds it.
      if (kind === 'data') expect(limitCode(() => payloadFromNodes(bomb))).toBe('LIMIT_EXCEEDED')
      // Every other record renders.
      for (const r of all) if (r !== bomb) expect(renderJson(r)).toBeTypeOf('object')
    })
  }

  it('stops an attribute that names a long value thousands of times before the string is built', () => {
    // 7,000 substitutions of a 9,000-character value into one attribute: 63 million characters.
    const [bomb] = records(concat(fileHeader({ chunkCount: 1, nextRecordId: 2 }), flatAttributeChunk(7000, 9000)))
    const top = bomb?.fragment[0]
    const attr = top?.kind === NodeKind.TemplateInstance ? top.template.root?.attrs[0] : undefined
    if (bomb === undefined || top?.kind !== NodeKind.TemplateInstance || attr === undefined) throw new Error('no attribute')
    // Refused where the attribute's text is joined, before any renderer sees it.
    for (const render of [() => attributeValue(attr, top.values), () => renderXml(bomb), () => renderJson(bomb), () => recordToTree(bomb)]) {
      expect(limitCode(render)).toBe('LIMIT_EXCEEDED')
    }
  })

  it('lets analyze report the event it cannot read and read the others', async () => {
    const report = await analyze({ name: 'System.evtx', bytes: bombFile('data') }, { now: '2025-11-21T01:00:00Z' })
    const input = report.inputs[0]
    expect(input?.error).toBeNull()
    expect(input?.records).toBe(9)
    expect(input?.diagnostics.items.map((d) => [d.code, d.location?.recordId])).toEqual([['LIMIT_EXCEEDED', 12]])
  })

  it('normalizes the bomb-free records of such a file as usual', () => {
    const all = records(bombFile('data'))
    const events = all.filter((r) => r.recordId !== 12).map((r) => normalizeRecord(r))
    expect(events.map((e) => e.recordId)).toEqual([1, 2, 3, 10, 11, 13, 14, 15])
  })
})
