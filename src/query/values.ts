/**
 * How Windows compares an event's field with a literal (MS-EVEN6 §2.2.15.2, "Filter XPath 1.0
 * Extensions"). A literal is typed by its syntax: a number (`1058`, or `0x…` as UINT64), or a
 * quoted string, which is a time when it reads as one (`'2026-11-20T08:00:00.000Z'`), a GUID
 * (`'{1f678132-…}'`), a SID (`'S-1-5-18'`), and otherwise text. The field is converted to the
 * literal's type: a field that cannot be converted to a time, GUID or SID never compares true;
 * numbers and text follow XPath 1.0 (`=`/`!=` on text compare the strings exactly; `<` and the
 * like compare numbers; a field that is not a number compares as NaN, so only `!=` holds).
 * Integers compare exactly (64-bit keywords), other numbers as doubles.
 */
import type { CompareOp } from './ast.js'
import { parseEventTime } from './time.js'

export interface Num {
  readonly value: number
  /** The exact integer, when the number is one. */
  readonly int: bigint | undefined
}

export type Literal =
  | { readonly type: 'string'; readonly text: string }
  | { readonly type: 'time'; readonly text: string; readonly ticks: bigint }
  | { readonly type: 'guid' | 'sid'; readonly text: string; readonly norm: string }
  | { readonly type: 'number'; readonly text: string; readonly num: Num }

const NaN_NUM: Num = { value: Number.NaN, int: undefined }
const DECIMAL_RE = /^\s*-?(?:\d+(?:\.\d*)?|\.\d+)\s*$/
const HEX_RE = /^\s*0[xX][0-9A-Fa-f]+\s*$/
const GUID_RE = /^\{?([0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12})\}?$/
const SID_RE = /^[Ss]-1-\d+(?:-\d+)*$/

/** A field's text as a number: decimal as XPath reads it, or `0x` hexadecimal (UINT64, HexInt32). */
export function parseNumber(text: string): Num | undefined {
  if (HEX_RE.test(text)) {
    const int = BigInt(text.trim())
    return { value: Number(int), int }
  }
  if (!DECIMAL_RE.test(text)) return undefined
  const t = text.trim()
  const value = Number(t)
  const int = /^-?\d+\.?0*$/.test(t) ? BigInt(t.replace(/\..*$/, '')) : undefined
  return { value: Object.is(value, -0) ? 0 : value, int }
}

export function numberLiteral(text: string): Literal {
  return { type: 'number', text, num: parseNumber(text) ?? NaN_NUM }
}

/** A quoted literal, typed by its syntax. */
export function stringLiteral(text: string): Literal {
  const ticks = parseEventTime(text)
  if (ticks !== undefined) return { type: 'time', text, ticks }
  const guid = GUID_RE.exec(text)
  if (guid) return { type: 'guid', text, norm: (guid[1] as string).toLowerCase() }
  if (SID_RE.test(text)) return { type: 'sid', text, norm: text.toUpperCase() }
  return { type: 'string', text }
}

function order<T extends number | bigint | string>(a: T, op: CompareOp, b: T): boolean {
  switch (op) {
    case '=':
      return a === b
    case '!=':
      return a !== b
    case '<':
      return a < b
    case '<=':
      return a <= b
    case '>':
      return a > b
    case '>=':
      return a >= b
  }
}

/** XPath number comparison, exact when both sides are integers. NaN compares false except `!=`. */
export function compareNumbers(a: Num, op: CompareOp, b: Num): boolean {
  if (a.int !== undefined && b.int !== undefined) return order(a.int, op, b.int)
  if (Number.isNaN(a.value) || Number.isNaN(b.value)) return op === '!='
  return order(a.value, op, b.value)
}

/** XPath's number() of a string: NaN when it is not a number. */
export function toNum(text: string): Num {
  return parseNumber(text) ?? NaN_NUM
}

/** The field's rendered text `field` compared with `literal` as Windows compares them. */
export function compareField(field: string, op: CompareOp, literal: Literal): boolean {
  switch (literal.type) {
    case 'string':
      if (op === '=') return field === literal.text
      if (op === '!=') return field !== literal.text
      return compareNumbers(toNum(field), op, toNum(literal.text))
    case 'number':
      return compareNumbers(toNum(field), op, literal.num)
    case 'time': {
      const t = parseEventTime(field)
      return t !== undefined && order(t, op, literal.ticks)
    }
    case 'guid': {
      const m = GUID_RE.exec(field)
      return m !== null && order((m[1] as string).toLowerCase(), op, literal.norm)
    }
    case 'sid':
      return SID_RE.test(field) && order(field.toUpperCase(), op, literal.norm)
  }
}

/** The text as an unsigned 64-bit bit field for band(): decimal or `0x` hexadecimal integers. */
export function toBits(text: string): bigint | undefined {
  const n = parseNumber(text)
  return n?.int === undefined ? undefined : BigInt.asUintN(64, n.int)
}
