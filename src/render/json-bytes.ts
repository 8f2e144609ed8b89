/**
 * JSON lines written straight into bytes (UTF-8) by compiled JSON programs, for dumps and worker
 * threads.
 *
 * The same JSON as `JSON.stringify(recordJson(record))` (render/record-line.ts), byte for byte,
 * without building the event's objects or its JSON string: a record's template and value types
 * pick a program (render/json-program.ts), whose static text is copied and whose values are
 * written from the chunk (String values transcoded from UTF-16 and escaped in one pass, numbers
 * as digits). A payload without a template (plain elements) is written by the reference renderer
 * in place. A record the programs do not model is left to the caller, with nothing written.
 */
import { type Fragment, NodeKind } from '../binxml/nodes.js'
import type { ValueTable } from '../binxml/value-table.js'
import { ARRAY_BIT, ValueType } from '../binxml/value-types.js'
import { itemCount, scalarText, smallInteger, valueJson, valueText } from '../binxml/values.js'
import { EvtxError } from '../errors.js'
import type { EvtxRecord } from '../evtx/record.js'
import { type ByteSink, Escape } from './byte-sink.js'
import {
  J_CONCAT,
  J_HASH_TEXT,
  J_NESTED,
  J_REPEAT,
  J_TEXT,
  J_TYPED,
  J_VTEXT,
  type JsonProgram,
  jsonProgram,
  type NestedSlot,
  type TextSource,
} from './json-program.js'
import { fragmentMembers } from './json.js'
import { writeFiletime, writeScalarBytes } from './scalar-bytes.js'

const QUOTE = 0x22

/**
 * Render budget used by the record being written: an upper bound of what render/json.ts counts
 * (render/budget.ts). A value's text is at most 8 characters per byte of its data plus 32 (an
 * Int8 array is 5, `-128,` per byte; a Real32 array 6; a FILETIME 3.5; hex 2; UTF-16 one half),
 * so it counts that here. Past the record's limit the program stops at once (nothing it wrote is
 * kept) and the reference renderer decides, counting exactly.
 */
let budget = 0
let budgetLimit = 0

/** Thrown (and caught in {@link writeJsonRecord}) when the budget passes the limit. */
const OVER_BUDGET = Symbol('over the render budget')

function charge(n: number): void {
  budget += n
  if (budget > budgetLimit) throw OVER_BUDGET
}

function valueCost(vt: ValueTable, i: number): number {
  return 32 + 8 * vt.size(i)
}

/** A typed JavaScript value as JSON.stringify writes it. */
function writeJsonValue(sink: ByteSink, v: string | number | boolean | null): void {
  if (typeof v === 'string') {
    sink.byte(QUOTE)
    sink.jsonText(v)
    sink.byte(QUOTE)
  } else if (typeof v === 'number') {
    if (!Number.isFinite(v)) sink.ascii('null')
    else if (Number.isSafeInteger(v) && v >= 0) sink.uint(v)
    else sink.ascii(`${v}`)
  } else sink.ascii(v === null ? 'null' : v ? 'true' : 'false')
}

/** Value `i`'s text (render/walk.ts `valueText`), escaped for the inside of a JSON string. */
function writeValueText(sink: ByteSink, vt: ValueTable, i: number): void {
  const type = vt.type(i)
  switch (type) {
    case ValueType.Null:
      return
    case ValueType.String:
      sink.utf16(vt.bytes, vt.view, vt.offset(i), vt.size(i) >>> 1, true, Escape.Json)
      return
    case ValueType.UInt8:
    case ValueType.UInt16:
    case ValueType.UInt32: {
      const v = smallInt(vt, type, i)
      if (v !== null) sink.uint(v)
      return
    }
    case ValueType.AnsiString: {
      const at = vt.offset(i)
      if (!sink.asciiBytes(vt.bytes, at, at + vt.size(i), Escape.Json)) sink.jsonText(valueText(vt, i, -1))
      return
    }
    default:
      if (type & ARRAY_BIT) sink.jsonText(valueText(vt, i, -1))
      // The other scalars are ASCII with nothing to escape (digits, hex, GUIDs, times, SIDs).
      else if (!writeScalarBytes(sink, vt, type, vt.offset(i), vt.size(i))) sink.jsonText(scalarText(vt, type, vt.offset(i), vt.size(i)))
  }
}

/** An 8-, 16- or 32-bit integer value, or null when its data is too short. */
function smallInt(vt: ValueTable, type: number, i: number): number | null {
  return smallInteger(vt.view, type, vt.offset(i), vt.size(i))
}

/** Value `i` (array item `item`) as an element's typed value (render/json.ts: `valueJson`). */
function writeTyped(sink: ByteSink, vt: ValueTable, i: number, item: number): void {
  const type = vt.type(i)
  // Int8 (0x03) to UInt32 (0x08): a number, or null when the data is too short.
  if (type >= ValueType.Int8 && type <= ValueType.UInt32) {
    const v = smallInt(vt, type, i)
    if (v === null) sink.ascii('null')
    else if (v >= 0) sink.uint(v)
    else sink.ascii(`${v}`)
    return
  }
  switch (type) {
    case ValueType.Null:
    case ValueType.Bool:
    case ValueType.Real32:
    case ValueType.Real64:
      writeJsonValue(sink, valueJson(vt, i, -1))
      return
    default:
      if (type & ARRAY_BIT) writeJsonValue(sink, valueJson(vt, i, item))
      else {
        // Everything else is its text, as a string.
        sink.byte(QUOTE)
        writeValueText(sink, vt, i)
        sink.byte(QUOTE)
      }
  }
}

/** The text of several parts (render/json.ts joins them), or null when it is empty. */
function concatText(vt: ValueTable, parts: TextSource, item: number): string | null {
  let s = ''
  for (const p of parts) {
    if (typeof p === 'string') s += p
    else {
      charge(valueCost(vt, p.index))
      s += valueText(vt, p.index, p.item ? item : -1)
    }
  }
  return s === '' ? null : s
}

/** `,"#text":` and the text when render/json.ts keeps it (not null, not blank). */
function writeHashText(sink: ByteSink, vt: ValueTable, parts: TextSource, item: number): void {
  const only = parts[0]
  let v: string | number | boolean | null
  if (parts.length === 1 && only !== undefined && typeof only !== 'string') {
    charge(valueCost(vt, only.index))
    v = valueJson(vt, only.index, only.item ? item : -1)
  } else v = concatText(vt, parts, item)
  if (v === null || (typeof v === 'string' && v.trim() === '')) return
  sink.ascii(',"#text":')
  writeJsonValue(sink, v)
}

/**
 * Writes the members a BinXml value gives (`"key":value`, after a comma when one is due): one
 * template instance by its program, anything else (elements without a template) by the reference
 * renderer. False when that is not one or more members with keys of their own.
 */
function writeNested(sink: ByteSink, program: JsonProgram, slot: number, vt: ValueTable): boolean {
  const s = program.nested[slot]
  if (s === undefined) return false
  const fragment = vt.nested(s.index)
  if (fragment === undefined) return false
  const only = fragment.length === 1 ? fragment[0] : undefined
  if (only !== undefined && only.kind === NodeKind.TemplateInstance) {
    const inner = jsonProgram(only.template, only.values)
    if (inner !== undefined) {
      if (inner.unnamedData || s.taken.has(inner.key)) return false
      if (s.comma) sink.byte(0x2c)
      sink.packed(inner.texts, inner.keyPiece)
      charge(inner.cost)
      return run(sink, inner, only.values, 0, inner.ops.length / 3, -1)
    }
  }
  return writeMembers(sink, s, fragment)
}

/**
 * A payload's members from the reference renderer, when they are members of their own: at least
 * one, keys distinct from each other and from their siblings', none that an object would treat
 * specially, and no `Data` (an unnamed one would join the parent's `Data` array instead).
 */
function writeMembers(sink: ByteSink, s: NestedSlot, fragment: Fragment): boolean {
  let result: ReturnType<typeof fragmentMembers>
  try {
    result = fragmentMembers(fragment, budgetLimit - budget)
  } catch (error) {
    // Over the budget: the reference renderer reports it for the whole record.
    if (error instanceof EvtxError) return false
    throw error
  }
  const { members, size } = result
  charge(size)
  if (members.length === 0) return false
  const keys = new Set<string>()
  for (const [key] of members) {
    if (key === 'Data' || key === '__proto__' || /^\d+$/.test(key) || s.taken.has(key) || keys.has(key)) return false
    keys.add(key)
  }
  members.forEach(([key, value], i) => {
    if (i > 0 || s.comma) sink.byte(0x2c)
    // JSON.stringify escapes unpaired surrogates, so its text encodes to valid UTF-8 as is.
    sink.text(`${JSON.stringify(key)}:${JSON.stringify(value)}`, Escape.None)
  })
  return true
}

/**
 * Writes the operations' repetitions of a repeated element (render/walk.ts: once per item, at
 * least once, and at item -1 when once); false when a nested value is not modelled.
 */
function repeat(sink: ByteSink, program: JsonProgram, slot: number, vt: ValueTable, from: number): boolean {
  const s = program.repeats[slot]
  if (s === undefined) return false
  const count = Math.max(1, itemCount(vt, s.index))
  charge((count - 1) * s.cost)
  if (count === 1) return run(sink, program, vt, from, s.end, -1)
  if (!s.list) sink.byte(0x5b)
  for (let item = 0; item < count; item++) {
    if (item > 0) sink.byte(0x2c)
    if (!run(sink, program, vt, from, s.end, item)) return false
  }
  if (!s.list) sink.byte(0x5d)
  return true
}

/**
 * Runs operations `[from, to)` of a program for one instance's values, at array item `item` of
 * the repeated element they belong to; false when a nested value is not modelled.
 */
function run(sink: ByteSink, program: JsonProgram, vt: ValueTable, from: number, to: number, item: number): boolean {
  const ops = program.ops
  const texts = program.texts
  for (let k = from; k < to; k++) {
    const a = ops[3 * k + 1] as number
    switch (ops[3 * k]) {
      case J_TEXT:
        sink.packed(texts, a)
        break
      case J_TYPED:
        charge(valueCost(vt, a))
        writeTyped(sink, vt, a, ops[3 * k + 2] === 1 ? item : -1)
        break
      case J_VTEXT:
        charge(valueCost(vt, a))
        writeValueText(sink, vt, a)
        break
      case J_CONCAT:
        writeJsonValue(sink, concatText(vt, program.sources[a] as TextSource, item))
        break
      case J_NESTED:
        if (!writeNested(sink, program, a, vt)) return false
        break
      case J_HASH_TEXT:
        writeHashText(sink, vt, program.sources[a] as TextSource, item)
        break
      case J_REPEAT: {
        if (!repeat(sink, program, a, vt, k + 1)) return false
        k = (program.repeats[a] as { end: number }).end - 1
        break
      }
      default:
        return false
    }
  }
  return true
}

/**
 * Writes the record's JSON line (without the newline) as `JSON.stringify(recordJson(record))`
 * would; returns false, with `sink.pos` where it was, when the record is not modelled (or might
 * exceed its render budget), so the caller renders it the reference way.
 */
export function writeJsonRecord(record: EvtxRecord, sink: ByteSink): boolean {
  const fragment = record.fragment
  const only = fragment.length === 1 ? fragment[0] : undefined
  if (only === undefined || only.kind !== NodeKind.TemplateInstance) return false
  const program = jsonProgram(only.template, only.values)
  // A top-level `record` element would replace the record's place in the file.
  if (program === undefined || program.key === 'record') return false
  const start = sink.pos
  budget = 0
  budgetLimit = record.limits.maxRenderedLength
  sink.ascii('{"record":{"id":')
  writeJsonValue(sink, record.recordId)
  // The written time as digits (ASCII, nothing to escape), without its string.
  sink.ascii(',"writtenTime":"')
  writeFiletime(sink, record.writtenLow, record.writtenHigh)
  sink.ascii('","chunkIndex":')
  writeJsonValue(sink, record.chunkIndex)
  sink.ascii(',"fileOffset":')
  writeJsonValue(sink, record.fileOffset)
  if (record.hiddenIn !== undefined) {
    sink.ascii(',"hiddenIn":')
    writeJsonValue(sink, record.hiddenIn)
  }
  if (record.leftover) sink.ascii(',"leftover":true')
  sink.ascii('},')
  sink.packed(program.texts, program.keyPiece)
  let written: boolean
  try {
    charge(program.cost)
    written = run(sink, program, only.values, 0, program.ops.length / 3, -1)
  } catch (error) {
    if (error !== OVER_BUDGET) throw error
    written = false
  }
  if (!written) {
    sink.pos = start
    return false
  }
  sink.byte(0x7d)
  return true
}
