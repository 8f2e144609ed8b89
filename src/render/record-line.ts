/**
 * One record as one output line (XML or JSON), the unit `dump` writes and the parallel renderer
 * sends back. A record too large to render (LIMIT_EXCEEDED) becomes a diagnostic, like any other
 * broken record, unless the caller is strict.
 */
import type { Diagnostic } from '../diagnostics.js'
import { EvtxError } from '../errors.js'
import type { EvtxRecord } from '../evtx/record.js'
import { renderJson } from './json.js'
import { writeJsonRecord } from './json-bytes.js'
import { ByteSink, Escape } from './byte-sink.js'
import { renderXml } from './xml.js'
import { writeXml } from './xml-bytes.js'

export type LineFormat = 'xml' | 'jsonl'

/** JSON form of a record for dumps: its place in the file, then the event (docs/json.md). */
export function recordJson(record: EvtxRecord): Record<string, unknown> {
  return {
    record: {
      id: record.recordId,
      writtenTime: record.writtenTime,
      chunkIndex: record.chunkIndex,
      fileOffset: record.fileOffset,
      ...(record.hiddenIn !== undefined ? { hiddenIn: record.hiddenIn } : {}),
      ...(record.leftover ? { leftover: true } : {}),
    },
    ...renderJson(record),
  }
}

/**
 * Appends the record's line and a newline to `sink` as UTF-8; returns false when the record was
 * reported instead (nothing is written then).
 */
export function writeRecordLine(
  record: EvtxRecord,
  format: LineFormat,
  sink: ByteSink,
  onDiagnostic: (d: Diagnostic) => void,
  strict: boolean,
): boolean {
  const start = sink.pos
  try {
    if (format === 'xml') writeXml(record, sink)
    // Compiled JSON programs where they model the record, else the reference renderer.
    else if (!writeJsonRecord(record, sink)) sink.text(JSON.stringify(recordJson(record)), Escape.None)
    sink.byte(0x0a)
    return true
  } catch (error) {
    sink.pos = start
    if (!(error instanceof EvtxError) || strict) throw error
    onDiagnostic(renderFailure(record, error))
    return false
  }
}

/** The diagnostic for a record that could not be rendered (its location, the error's code and text). */
export function renderFailure(record: EvtxRecord, error: EvtxError): Diagnostic {
  return {
    code: error.code,
    severity: 'error',
    message: error.message,
    location: { fileOffset: record.fileOffset, chunkIndex: record.chunkIndex, chunkOffset: record.chunkOffset, recordId: record.recordId },
  }
}

// ignoreBOM: a line is JSON text and never starts with U+FEFF, but nothing is dropped either way.
const decoder = new TextDecoder('utf-8', { ignoreBOM: true })
/** Largest buffer kept between calls. */
const LINE_SINK_KEEP = 1 << 20
let lineSink = new ByteSink(1 << 12)

/**
 * The record's JSON line as a string: the compiled programs' bytes decoded (exact: JSON text has
 * no unpaired surrogates), or the reference's JSON for a record they do not model.
 */
function jsonLine(record: EvtxRecord): string {
  const sink = lineSink
  sink.reset()
  if (!writeJsonRecord(record, sink)) return JSON.stringify(recordJson(record))
  const line = decoder.decode(sink.view())
  // A rare huge record must not keep its buffer alive for good.
  if (sink.buf.length > LINE_SINK_KEEP) lineSink = new ByteSink(1 << 12)
  return line
}

/** The record's line without its newline, or undefined when it was reported instead. */
export function renderRecordLine(
  record: EvtxRecord,
  format: LineFormat,
  onDiagnostic: (d: Diagnostic) => void,
  strict: boolean,
): string | undefined {
  try {
    return format === 'xml' ? renderXml(record) : jsonLine(record)
  } catch (error) {
    if (!(error instanceof EvtxError) || strict) throw error
    onDiagnostic(renderFailure(record, error))
    return undefined
  }
}
