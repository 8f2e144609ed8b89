/**
 * Every reader of a parsed record, run on one record, each within its budget: the XML and JSON
 * renderings, the tree, the System fields, the analyzer's payload (from the nodes and from the
 * tree, which must agree) and the normalized event, and dump's JSON line, which must be the
 * reference renderer's byte for byte. The property tests on hostile bytes run it on every record
 * they get back.
 */
import { expect } from 'vitest'
import { readSystem } from '../../src/access/system.js'
import { EvtxError } from '../../src/errors.js'
import type { EvtxRecord } from '../../src/evtx/record.js'
import { normalizeRecord, readPayload } from '../../src/model/from-record.js'
import { payloadFromNodes } from '../../src/model/payload-nodes.js'
import { ByteSink } from '../../src/render/byte-sink.js'
import { renderJson } from '../../src/render/json.js'
import { recordJson, writeRecordLine } from '../../src/render/record-line.js'
import { recordPayloadTree, recordToTree } from '../../src/render/tree.js'
import { renderXml } from '../../src/render/xml.js'

const CHUNK = 0x10000

/** The rendering budget the hostile tests parse with. */
export const HOSTILE_LIMITS = { maxRenderedLength: 4 << 20 }

const decoder = new TextDecoder()

/**
 * The JSON line dump writes (compiled programs, straight into bytes) is the reference renderer's
 * line, byte for byte; when the reference finds the record too large, the line is reported, not
 * written.
 */
function sameJsonLine(r: EvtxRecord): void {
  const sink = new ByteSink(64)
  const written = writeRecordLine(r, 'jsonl', sink, () => undefined, false)
  let reference: string | undefined
  try {
    reference = JSON.stringify(recordJson(r))
  } catch (error) {
    if (!(error instanceof EvtxError) || error.code !== 'LIMIT_EXCEEDED') throw error
  }
  if (reference === undefined) {
    if (written) throw new Error(`record ${r.recordId}: a JSON line was written for a record the reference finds too large`)
  } else if (!written || decoder.decode(sink.view()) !== `${reference}\n`) {
    throw new Error(`record ${r.recordId}: the JSON line differs from the reference`)
  }
}

/** Runs every reader on `r`; returns its XML, or '<too large>' when a reader finds it over budget. */
export function renderAll(r: EvtxRecord): string {
  sameJsonLine(r)
  try {
    const xml = renderXml(r)
    if (xml.length > HOSTILE_LIMITS.maxRenderedLength + CHUNK) throw new Error(`rendering of ${xml.length} characters escaped the budget`)
    recordToTree(r)
    // JSON counts characters before it builds them; escaping can at most sextuple a character and
    // an element's punctuation is within six times what it counts.
    const json = JSON.stringify(renderJson(r))
    if (json.length > 6 * HOSTILE_LIMITS.maxRenderedLength + 1024) throw new Error(`JSON of ${json.length} characters escaped the budget`)
    readSystem(r)
    samePayload(r)
    normalizeRecord(r)
    return xml
  } catch (error) {
    if (error instanceof EvtxError && error.code === 'LIMIT_EXCEEDED') return '<too large>'
    throw error
  }
}

const TOO_LARGE = Symbol('too large')

function withinLimit<T>(read: () => T): T | typeof TOO_LARGE {
  try {
    return read()
  } catch (error) {
    if (error instanceof EvtxError && error.code === 'LIMIT_EXCEEDED') return TOO_LARGE
    throw error
  }
}

/**
 * The analyzer's payload reader gives what the tree gives. The two count their work differently,
 * so near the limit one may give up where the other does not; otherwise they agree.
 */
function samePayload(r: EvtxRecord): void {
  const fromNodes = withinLimit(() => payloadFromNodes(r))
  const fromTree = withinLimit(() => readPayload(recordPayloadTree(r)))
  if (fromNodes !== TOO_LARGE && fromNodes !== undefined && fromTree !== TOO_LARGE) expect(fromNodes).toStrictEqual(fromTree)
}
