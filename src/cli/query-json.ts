/**
 * One event of `query --format json`, straight into bytes: `{"log":"…",` and then the record's
 * JSON line as `dump --format jsonl` writes it (render/record-line.ts), less its `{` and newline.
 * The same text as `JSON.stringify({ log, ...recordJson(record) })`, which it replaced (objects
 * and a string per event), except for a record whose rendering has a top-level key `log`: the
 * spread put its value in the first place, so such a record still takes that way.
 */
import { NodeKind } from '../binxml/nodes.js'
import type { Diagnostic } from '../diagnostics.js'
import { EvtxError } from '../errors.js'
import type { EvtxRecord } from '../evtx/record.js'
import { type ByteSink, Escape } from '../render/byte-sink.js'
import { recordJson, renderFailure, writeRecordLine } from '../render/record-line.js'

const OPEN_BRACE = 0x7b
const COMMA = 0x2c

/**
 * True when a top-level element of the record could render to the key `log`: one named so, or a
 * `Data` (its key can come from its Name attribute).
 */
function mayHaveLogKey(record: EvtxRecord): boolean {
  for (const n of record.fragment) {
    if (n.kind === NodeKind.Element && (n.name === 'log' || n.name === 'Data')) return true
    if (n.kind === NodeKind.TemplateInstance) {
      for (const m of n.template.fragment) if (m.kind === NodeKind.Element && (m.name === 'log' || m.name === 'Data')) return true
    }
  }
  return false
}

/**
 * Appends the event's JSON object (no separator, no newline) to `sink`; `logJson` is the log's
 * name as a JSON string. Returns false, with nothing written, when the record was reported.
 */
export function writeQueryJson(record: EvtxRecord, logJson: string, sink: ByteSink, onDiagnostic: (d: Diagnostic) => void): boolean {
  const start = sink.pos
  if (mayHaveLogKey(record)) {
    let text: string
    try {
      text = JSON.stringify({ log: JSON.parse(logJson) as string, ...recordJson(record) })
    } catch (error) {
      if (!(error instanceof EvtxError)) throw error
      onDiagnostic(renderFailure(record, error))
      return false
    }
    sink.text(text, Escape.None)
    return true
  }
  sink.ascii('{"log":')
  sink.text(logJson, Escape.None)
  const line = sink.pos
  if (!writeRecordLine(record, 'jsonl', sink, onDiagnostic, false)) {
    sink.pos = start
    return false
  }
  // The line's `{` becomes the comma after the log; its newline goes.
  if (sink.buf[line] !== OPEN_BRACE) throw new Error('a JSON line must start with {')
  sink.buf[line] = COMMA
  sink.pos--
  return true
}
