/**
 * Location paths a query evaluates node by node (src/query/paths.ts): the nodes a step keeps from
 * all its parents together stay within the record's render budget.
 */
import { describe, expect, it } from 'vitest'
import { EvtxError } from '../../src/errors.js'
import type { EvtxRecord } from '../../src/evtx/record.js'
import { compileQuery } from '../../src/query/compile.js'
import { isRenderBudgetError } from '../../src/render/budget.js'
import { arrayValue, element, repeatedValueRecord } from '../helpers/repeated-values.js'
import { thrown } from '../helpers/thrown.js'

/**
 * Record 2's `<System>` names value 0 `copies` times; value 0 is a BinXml instance of
 * `<A><B>%0</B></A>` whose value is a UInt8 array of `items` items: `copies` A elements, each
 * with `items` B children.
 */
function fanOut(copies: number, items: number): EvtxRecord {
  return repeatedValueRecord((x) => element(x, 'A', () => element(x, 'B', () => arrayValue(x))), copies, items)
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
