/**
 * Location paths a query evaluates node by node (src/query/paths.ts): the nodes a step keeps from
 * all its parents together stay within the record's render budget.
 */
import { describe, expect, it } from 'vitest'
import { EvtxError } from '../../src/errors.js'
import { parseChunk } from '../../src/evtx/chunk.js'
import type { EvtxRecord } from '../../src/evtx/record.js'
import { compileQuery } from '../../src/query/compile.js'
import { isRenderBudgetError } from '../../src/render/budget.js'
import { ChunkWriter, finishChunk, instanceRecord, instanceValue, openElement, substitution, v } from '../helpers/chunk-builder.js'
import { thrown } from '../helpers/thrown.js'

const INNER = '{d4d4d4d4-2222-3333-4444-555555555555}'
const OUTER = '{d3d3d3d3-2222-3333-4444-555555555555}'

/**
 * Record 2's `<System>` names value 0 `copies` times; value 0 is a BinXml instance of
 * `<A><B>%0</B></A>` whose value is a UInt8 array of `items` items: `copies` A elements, each
 * with `items` B children (record 1 defines the inner template).
 */
function fanOut(copies: number, items: number): EvtxRecord {
  const w = new ChunkWriter()
  const defined = new Map<string, number>()
  const inner = (x: ChunkWriter) => {
    const closeA = openElement(x, 'A', { inTemplate: true })
    x.u8(0x02)
    const closeB = openElement(x, 'B', { inTemplate: true })
    x.u8(0x02)
    substitution(x, 0, 0x84)
    x.u8(0x04)
    closeB()
    x.u8(0x04)
    closeA()
  }
  instanceRecord(w, 1, INNER, inner, [v.raw(0x84, [7])], defined)
  const outer = (x: ChunkWriter) => {
    const closeEvent = openElement(x, 'Event', { inTemplate: true })
    x.u8(0x02)
    const closeSystem = openElement(x, 'System', { inTemplate: true })
    x.u8(0x02)
    for (let k = 0; k < copies; k++) substitution(x, 0, 0x21)
    x.u8(0x04)
    closeSystem()
    x.u8(0x04)
    closeEvent()
  }
  const last = instanceRecord(w, 2, OUTER, outer, [instanceValue(INNER, defined, [v.raw(0x84, new Array(items).fill(7))])], defined)
  return [...parseChunk(finishChunk(w, { firstId: 1, lastId: 2, lastRecordOffset: last }))][1] as EvtxRecord
}

// `*` and `A[B]` are no static path (a predicate it cannot fold), so `A` and `B` are evaluated
// node by node, from each parent, with no static guard that walks the whole path first.
const QUERY = '*[*/A[B]/B=7]'

describe('query paths evaluated node by node', () => {
  it('select every node of a step from every parent when they fit', () => {
    expect(compileQuery(QUERY).matches(fanOut(3, 4))).toBe(true)
    expect(compileQuery('*[*/A[B]/B=8]').matches(fanOut(3, 4))).toBe(false)
  })

  it('stop with the render budget error when a step keeps more nodes from all its parents than the budget allows, each parent within it', () => {
    // 1,500 A elements of 2,000 B children each: 3 million nodes, each parent's 2,000 well within 4 Mi.
    const error = thrown(() => compileQuery(QUERY).matches(fanOut(1500, 2000)), EvtxError)
    expect(error.code).toBe('LIMIT_EXCEEDED')
    expect(isRenderBudgetError(error)).toBe(true)
  })
})
