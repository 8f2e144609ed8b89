/**
 * Windows-faithful XML, as `wevtutil qe /f:xml` and Event Viewer's export write it: single-quoted
 * attributes in template order, no whitespace between elements, `<X/>` for elements the BinXML
 * closes empty and `<X></X>` for elements whose content rendered to nothing, values formatted as
 * Windows formats them.
 *
 * The string API: the record is rendered into bytes by the compiled template programs
 * (render/xml-bytes.ts) and decoded once, which gives one flat string and keeps a single
 * rendering path; render/xml-walk.ts is the reference it is checked against.
 */
import type { Fragment } from '../binxml/nodes.js'
import type { EvtxRecord } from '../evtx/record.js'
import { DEFAULT_LIMITS } from '../limits.js'
import { ByteSink } from './byte-sink.js'
import { writeFragmentXml } from './xml-bytes.js'

export { renderByWalk } from './xml-walk.js'

// ignoreBOM: output that starts with U+FEFF (a fragment's text) keeps it.
const decoder = new TextDecoder('utf-8', { ignoreBOM: true })
/** Largest buffer kept between calls. */
const SHARED_KEEP = 1 << 20
let shared = new ByteSink(1 << 16)
let sharedInUse = false

/**
 * Renders a fragment (a record's document, or a nested BinXml value) as XML.
 * @throws {EvtxError} LIMIT_EXCEEDED when the output would exceed `maxLength` bytes of UTF-8
 */
export function renderFragmentXml(fragment: Fragment, maxLength = DEFAULT_LIMITS.maxRenderedLength): string {
  // One buffer serves every call; a (theoretical) nested call gets its own.
  const sink = sharedInUse ? new ByteSink(1024) : shared
  const owner = !sharedInUse
  sharedInUse = true
  try {
    sink.reset()
    writeFragmentXml(sink, fragment, maxLength)
    return decoder.decode(sink.view())
  } finally {
    if (owner) {
      sharedInUse = false
      // A rare huge record (up to maxRenderedLength) must not keep its buffer alive for good.
      if (shared.buf.length > SHARED_KEEP) shared = new ByteSink(1 << 16)
    }
  }
}

/**
 * The record's event as Windows renders it: one `<Event xmlns='…'>…</Event>`, no XML declaration,
 * no indentation.
 */
export function renderXml(record: EvtxRecord): string {
  return renderFragmentXml(record.fragment, record.limits.maxRenderedLength)
}
