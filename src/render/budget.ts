/**
 * The output budget of one rendering. A hostile record can ask for a large element to be repeated
 * for every item of an array, or a large template to be instantiated many times (a template
 * whose body names one BinXml value a thousand times, that value an instance of a template naming
 * a long string a thousand times: a few KiB of record, a billion characters of text); renderers
 * count what they produce and stop with LIMIT_EXCEEDED instead of exhausting memory.
 *
 * XML counts its output bytes. The tree, JSON and payload readers count characters of text
 * (element names, attribute names and values, texts) plus a little per node, checked before
 * the text is built, so that no rendering builds a string or an object larger than about
 * `limits.maxRenderedLength` characters (JSON escaping can at most sextuple that in the output).
 */
import { EvtxError, EvtxErrorCode } from '../errors.js'

const budgetErrors = new WeakSet<EvtxError>()

export function renderBudgetError(limit: number, unit: string): EvtxError {
  const error = new EvtxError(EvtxErrorCode.LimitExceeded, `rendering this record would exceed ${limit} ${unit} (limits.maxRenderedLength)`)
  budgetErrors.add(error)
  return error
}

/** True for an error {@link renderBudgetError} made (other limits share its code). */
export function isRenderBudgetError(error: unknown): boolean {
  return error instanceof EvtxError && budgetErrors.has(error)
}

/** The unit the tree, JSON and payload budgets count in. */
export const BUDGET_UNIT = 'characters'

/** Budget of one element: its name and the punctuation around it. */
export function elementCost(name: string): number {
  return 4 + name.length
}

/** Budget of one attribute with its value. */
export function attributeCost(name: string, value: string): number {
  return 4 + name.length + value.length
}

/** Budget of one text of `length` characters. */
export function textCost(length: number): number {
  return 1 + length
}
