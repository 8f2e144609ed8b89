import { describe, expect, it } from 'vitest'
import { childNodes, eventNode, nodeText, pathExists, selectNodes } from '../../src/access/nodes.js'
import { parseFieldPath, selectElements } from '../../src/access/path.js'
import { selectValue, selectValues } from '../../src/access/select.js'
import { isRenderBudgetError } from '../../src/render/budget.js'
import type { EvtxRecord } from '../../src/evtx/record.js'
import type { Limits } from '../../src/limits.js'
import { arrayValue, element, repeatedValueRecord } from '../helpers/repeated-values.js'
import { thrown } from '../helpers/thrown.js'
import { EvtxError } from '../../src/errors.js'

/**
 * Record 2's `<System>` names value 0 `copies` times; value 0 is a BinXml instance of
 * `<EventID>%0</EventID>` whose value is a UInt8 array of `items` items, so `System/EventID`
 * names copies × items elements.
 */
function multiplied(copies: number, items: number, limits?: Partial<Limits>): EvtxRecord {
  return repeatedValueRecord((x) => element(x, 'EventID', () => arrayValue(x)), copies, items, limits)
}

describe('path lookups within the render budget', () => {
  it('resolves a multiplied path when it fits: every element occurrence, in order', () => {
    const r = multiplied(3, 4)
    expect(selectValues(r, 'System/EventID')).toEqual(new Array(12).fill('7'))
    expect(selectNodes(r, 'System/EventID').map((n) => n.item)).toEqual([0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3])
  })

  it('stops a path naming hundreds of thousands of elements with the render budget error, before keeping them', () => {
    // 20 copies of a 30,000-item array: 600,000 EventID elements, past 4 Mi characters at 11 each.
    const r = multiplied(20, 30_000)
    const error = thrown(() => selectValue(r, 'System/EventID'), EvtxError)
    expect(error).toMatchObject({ code: 'LIMIT_EXCEEDED' })
    expect(isRenderBudgetError(error)).toBe(true)
    // The text under <System> joins them all: stopped too.
    const system = childNodes(eventNode(r) as NonNullable<ReturnType<typeof eventNode>>, 'System')[0]
    expect(system).toBeDefined()
    expect(isRenderBudgetError(thrown(() => nodeText(system!), EvtxError))).toBe(true)
    // Node lookups and wildcards alike (a record with a lower limit: quicker to exhaust).
    const small = multiplied(20, 3000, { maxRenderedLength: 100_000 })
    for (const lookup of [() => selectNodes(small, 'System/EventID'), () => selectNodes(small, 'System/*'), () => pathExists(small, 'System/EventID/@x')]) {
      expect(isRenderBudgetError(thrown(lookup, EvtxError))).toBe(true)
    }
  })

  it("counts against the record's own limits.maxRenderedLength", () => {
    // 10 × 100 = 1,000 elements: well within the default, past a limit of 5,000 characters.
    expect(selectValue(multiplied(10, 100), 'System/EventID')).toBe('7')
    const small = multiplied(10, 100, { maxRenderedLength: 5000 })
    expect(isRenderBudgetError(thrown(() => selectValue(small, 'System/EventID'), EvtxError))).toBe(true)
    expect(isRenderBudgetError(thrown(() => selectElements(small.fragment, parseFieldPath('System/EventID'), 5000), EvtxError))).toBe(true)
    expect(selectElements(small.fragment, parseFieldPath('System/EventID'), 50_000)).toHaveLength(1000)
  })
})
