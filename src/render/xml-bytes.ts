/**
 * Windows-faithful XML written straight into bytes (UTF-8), for dumps and worker threads.
 *
 * Same compiled programs and same rules as render/xml.ts, but the output goes into a
 * {@link ByteSink}: template text is UTF-8-encoded once per template, numbers are written as
 * digits, and String values are transcoded from the chunk's UTF-16 into UTF-8 and escaped in one
 * pass. No JavaScript string is built for most of the output, so nothing has to be flattened and
 * encoded again on the way to stdout.
 */
import { type ContentNode, type Fragment, NodeKind } from '../binxml/nodes.js'
import type { CompiledTemplate } from '../binxml/template.js'
import type { ValueTable } from '../binxml/value-table.js'
import { ARRAY_BIT, ValueType } from '../binxml/value-types.js'
import { itemCount, scalarText, valueText } from '../binxml/values.js'
import type { EvtxRecord } from '../evtx/record.js'
import { isRenderBudgetError, renderBudgetError } from './budget.js'
import { writeScalarBytes } from './scalar-bytes.js'
import { ByteSink, Escape, PackedTexts } from './byte-sink.js'
import { END_REPEAT, REPEAT, SKIP_IF_NULL, TEXT, VALUE, type XmlProgram, xmlProgram } from './xml-program.js'
import { renderByWalk } from './xml-walk.js'

/** The program's text pieces as UTF-8, encoded once per template. */
function encodedTexts(template: CompiledTemplate, p: XmlProgram): PackedTexts {
  let e = template.caches.get('xml-bytes') as PackedTexts | undefined
  if (e === undefined) {
    e = PackedTexts.fromStrings(p.strings)
    template.caches.set('xml-bytes', e)
  }
  return e
}

/** Writes value `i` (array item `item`) escaped for text or an attribute. */
function writeValue(sink: ByteSink, vt: ValueTable, i: number, item: number, escape: Escape, limit: number): void {
  const type = vt.type(i)
  switch (type) {
    case ValueType.Null:
      return
    case ValueType.String:
      sink.utf16(vt.bytes, vt.view, vt.offset(i), vt.size(i) >>> 1, true, escape)
      return
    case ValueType.UInt8:
    case ValueType.UInt16:
    case ValueType.UInt32: {
      const size = vt.size(i)
      const at = vt.offset(i)
      const v = type === ValueType.UInt8 ? (size >= 1 ? vt.view.getUint8(at) : -1) : type === ValueType.UInt16 ? (size >= 2 ? vt.view.getUint16(at, true) : -1) : size >= 4 ? vt.view.getUint32(at, true) : -1
      if (v >= 0) sink.uint(v)
      return
    }
    case ValueType.BinXml: {
      if (escape === Escape.Attribute) return
      const nested = vt.nested(i)
      if (nested !== undefined) writeFragment(sink, nested, limit)
      return
    }
    case ValueType.AnsiString: {
      const at = vt.offset(i)
      if (!sink.asciiBytes(vt.bytes, at, at + vt.size(i), escape)) sink.text(valueText(vt, i, item), escape)
      return
    }
    default:
      if (type & ARRAY_BIT) sink.text(valueText(vt, i, item), escape)
      // Every other scalar renders as ASCII with no markup characters (digits, hex, GUID, time, SID).
      else if (!writeScalarBytes(sink, vt, type, vt.offset(i), vt.size(i))) sink.ascii(scalarText(vt, type, vt.offset(i), vt.size(i)))
  }
}

// The repeat stack, shared by every run (a nested run pushes and pops above the caller's entries):
// pairs (outer item, repeat count) in one typed array that only ever grows, so nothing is
// allocated per record.
let stack = new Int32Array(256)
let top = 0

function push(item: number, count: number): void {
  if (top + 2 > stack.length) {
    const next = new Int32Array(stack.length * 2)
    next.set(stack)
    stack = next
  }
  stack[top++] = item
  stack[top++] = count
}

function runProgram(sink: ByteSink, template: CompiledTemplate, vt: ValueTable, limit: number): void {
  const p = xmlProgram(template)
  const texts = encodedTexts(template, p)
  const ops = p.ops
  const end = ops.length / 3
  const base = top
  try {
    run(sink, p, texts, ops, end, vt, limit)
  } finally {
    top = base
  }
}

function run(sink: ByteSink, p: XmlProgram, texts: PackedTexts, ops: Int32Array, end: number, vt: ValueTable, limit: number): void {
  let item = -1
  let pc = 0
  while (pc < end) {
    const at = pc * 3
    const a = ops[at + 1] as number
    switch (ops[at]) {
      case TEXT:
        sink.packed(texts, a)
        pc++
        break
      case VALUE:
        if (sink.pos > limit) throw renderBudgetError(limit, 'bytes')
        if (ops[at + 2] === 1) writeValue(sink, vt, a, -1, Escape.Attribute, limit)
        else writeValue(sink, vt, a, item, Escape.Text, limit)
        pc++
        break
      case SKIP_IF_NULL:
        pc = vt.isNull(a) ? (ops[at + 2] as number) : pc + 1
        break
      case REPEAT: {
        let count = 1
        const candidates = p.repeatCandidates[a] as readonly number[]
        for (let k = 0; k < candidates.length; k++) {
          const i = candidates[k] as number
          if (vt.type(i) & ARRAY_BIT) {
            count = Math.max(1, itemCount(vt, i))
            break
          }
        }
        push(item, count)
        item = 0
        pc++
        break
      }
      case END_REPEAT:
        if (item + 1 < (stack[top - 1] as number)) {
          item++
          if (sink.pos > limit) throw renderBudgetError(limit, 'bytes')
          pc = a + 1
        } else {
          item = stack[top - 2] as number
          top -= 2
          pc++
        }
        break
      default:
        pc++
    }
  }
}

function writeFragment(sink: ByteSink, fragment: Fragment, limit: number): void {
  for (const n of fragment as ContentNode[]) {
    if (sink.pos > limit) throw renderBudgetError(limit, 'bytes')
    if (n.kind === NodeKind.TemplateInstance) runProgram(sink, n.template, n.values, limit)
    else sink.text(renderByWalk([n], limit), Escape.None)
  }
}

/**
 * Appends a fragment's XML to `sink` as UTF-8, within `maxLength` bytes.
 * @throws {EvtxError} LIMIT_EXCEEDED when it would take more
 */
export function writeFragmentXml(sink: ByteSink, fragment: Fragment, maxLength: number): void {
  const start = sink.pos
  try {
    writeFragment(sink, fragment, start + maxLength)
    // The checks on the way stop runaway output early; this one makes the limit exact.
    if (sink.pos - start > maxLength) throw renderBudgetError(maxLength, 'bytes')
  } catch (error) {
    sink.pos = start
    // The checks on the way compare positions in the sink: the message gives the record's limit.
    if (isRenderBudgetError(error)) throw renderBudgetError(maxLength, 'bytes')
    throw error
  }
}

/**
 * Appends the record's event, as Windows renders it, to `sink` as UTF-8 (no newline).
 * @throws {EvtxError} LIMIT_EXCEEDED when the record would render to more than its limit
 */
export function writeXml(record: EvtxRecord, sink: ByteSink): void {
  writeFragmentXml(sink, record.fragment, record.limits.maxRenderedLength)
}

/** The record's event as UTF-8 bytes. */
export function renderXmlBytes(record: EvtxRecord): Uint8Array {
  const sink = new ByteSink(1024)
  writeXml(record, sink)
  return sink.view()
}
