/**
 * One event of `query --format json`, straight into bytes: `{"log":"…",` and then the record's
 * JSON line as `dump --format jsonl` writes it (render/record-line.ts), less its `{` and newline.
 * The same text as `JSON.stringify({ log, ...recordJson(record) })`, which it replaced (objects
 * and a string per event), except for a record whose rendering has a top-level key `log`: the
 * spread put its value in the first place, so such a record still takes that way.
 */
import { type ContentNode, NodeKind } from '../binxml/nodes.js'
import type { Diagnostic } from '../diagnostics.js'
import { EvtxError } from '../errors.js'
import type { EvtxRecord } from '../evtx/record.js'
import { type ByteSink, Escape } from '../render/byte-sink.js'
import { recordJson, renderFailure, writeRecordLine } from '../render/record-line.js'

const OPEN_BRACE = 0x7b
const COMMA = 0x2c

/** True when `n` renders to one element whose key cannot be `log` (a `Data` takes its Name). */
function plainTopElement(n: ContentNode): boolean {
  return n.kind === NodeKind.Element && n.name !== 'log' && n.name !== 'Data'
}

/**
 * True unless every top-level node of the record is such an element, or a template instance whose
 * top-level nodes all are. The parser admits nothing else at the top of a record or a template
 * today; anything else would take the old way rather than risk a second `log` key.
 */
function mayHaveLogKey(record: EvtxRecord): boolean {
  for (const n of record.fragment) {
    if (n.kind === NodeKind.TemplateInstance) {
      for (const m of n.template.fragment) if (!plainTopElement(m)) return true
    } else if (!plainTopElement(n)) return true
  }
  return false
}

/** A log's name as query's JSON writes it, with its JSON text made once per log. */
export interface QueryJsonLog {
  readonly name: string
  readonly json: string
}

/** The log's name and its JSON string. */
export function queryJsonLog(name: string): QueryJsonLog {
  return { name, json: JSON.stringify(name) }
}

/**
 * Appends the event's JSON object (no separator, no newline) to `sink`. Returns false, with
 * nothing written, when the record was reported.
 */
export function writeQueryJson(record: EvtxRecord, log: QueryJsonLog, sink: ByteSink, onDiagnostic: (d: Diagnostic) => void): boolean {
  const start = sink.pos
  if (mayHaveLogKey(record)) {
    let text: string
    try {
      text = JSON.stringify({ log: log.name, ...recordJson(record) })
    } catch (error) {
      if (!(error instanceof EvtxError)) throw error
      onDiagnostic(renderFailure(record, error))
      return false
    }
    sink.text(text, Escape.None)
    return true
  }
  sink.ascii('{"log":')
  sink.text(log.json, Escape.None)
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
