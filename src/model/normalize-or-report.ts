/**
 * `normalizeRecord` for readers that must go on: a record whose event cannot be read (its payload
 * passes the render limit, limits.maxRenderedLength) becomes a diagnostic with its place in the
 * file, and the file's other records are read as usual. Strict readers get the error thrown.
 */
import type { Diagnostic } from '../diagnostics.js'
import { EvtxError } from '../errors.js'
import type { EvtxRecord } from '../evtx/record.js'
import { renderFailure } from '../render/record-line.js'
import type { NormalizedEvent } from './event.js'
import { normalizeRecord } from './from-record.js'

/** The record's event, or undefined when it was reported instead. */
export function normalizeOrReport(
  record: EvtxRecord,
  fallbackChannel: string | undefined,
  onDiagnostic: (d: Diagnostic) => void,
  strict: boolean,
): NormalizedEvent | undefined {
  try {
    return normalizeRecord(record, fallbackChannel)
  } catch (error) {
    if (!(error instanceof EvtxError) || strict) throw error
    onDiagnostic(renderFailure(record, error))
    return undefined
  }
}
