/**
 * The output budget of one rendering. A hostile record can ask for a large element to be repeated
 * for every item of an array, or a large template to be instantiated many times; renderers count
 * what they produce and stop with LIMIT_EXCEEDED instead of exhausting memory.
 */
import { EvtxError, EvtxErrorCode } from '../errors.js'

export function renderBudgetError(limit: number, unit: string): EvtxError {
  return new EvtxError(EvtxErrorCode.LimitExceeded, `rendering this record would exceed ${limit} ${unit} (limits.maxRenderedLength)`)
}
