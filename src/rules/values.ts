/**
 * Reading and normalizing field values for rules: field references, numbers as Windows renders
 * them (decimal, `0x` hex, negative Int32 for HRESULTs), and captured facts validated by kind.
 *
 * Facts are what later tools (the remediation script generator) may build on, so every kind but
 * `text` is checked against a strict pattern here, and values that fail it are dropped.
 */
import { type EventLike, eventValues, systemFieldText } from '../model/event.js'
import type { FactKind, FieldRef } from './schema.js'

export interface FieldValue {
  /** Where the value came from: `Type`, `Data[1]`, `Binary`, `Computer`… */
  readonly label: string
  readonly value: string
}

/** A field the object has as its own (never an inherited member such as `constructor`). */
function own(fields: Readonly<Record<string, string>> | undefined, name: string): string | undefined {
  return fields !== undefined && Object.hasOwn(fields, name) ? fields[name] : undefined
}

/** The values a field reference selects in an event (zero or one, several for `any`). */
export function resolveField(event: EventLike, ref: FieldRef): FieldValue[] {
  if ('name' in ref) {
    const v = own(event.data, ref.name) ?? own(event.userData?.fields, ref.name)
    return v === undefined ? [] : [{ label: ref.name, value: v }]
  }
  if ('position' in ref) {
    const v = event.unnamedData?.[ref.position - 1]
    return v === undefined ? [] : [{ label: `Data[${ref.position}]`, value: v }]
  }
  if ('binary' in ref) return event.binaryHex === undefined ? [] : [{ label: 'Binary', value: event.binaryHex }]
  if ('any' in ref) return eventValues(event).filter((v) => v.label !== 'Binary')
  const v = systemFieldText(event, ref.system)
  return v === undefined ? [] : [{ label: ref.system, value: v }]
}

/** A short label for a field reference (docs and reports). */
export function describeFieldRef(ref: FieldRef): string {
  if ('name' in ref) return ref.name
  if ('position' in ref) return `Data[${ref.position}]`
  if ('binary' in ref) return 'Binary'
  if ('any' in ref) return 'any value'
  return ref.system
}

/**
 * A number as rendered by Windows (`10013`, `0x8009030d`, `-2146893043`), as an unsigned value
 * when it is a negative 32-bit integer (HRESULTs logged as Int32); undefined when not a number.
 */
export function parseNumeric(text: string | number): number | undefined {
  if (typeof text === 'number') return Number.isSafeInteger(text) ? (text < 0 && text >= -0x8000_0000 ? text + 0x1_0000_0000 : text) : undefined
  const t = text.trim()
  let n: number
  if (/^0[xX][0-9a-fA-F]{1,13}$/.test(t)) n = Number.parseInt(t.slice(2), 16)
  else if (/^-?\d{1,16}$/.test(t)) n = Number(t)
  else return undefined
  if (!Number.isSafeInteger(n)) return undefined
  return n < 0 && n >= -0x8000_0000 ? n + 0x1_0000_0000 : n
}

/**
 * Status texts that RCM classic events carry as plain text, with the status codes they stand for
 * (winerror.h; ../shared/docs/rdp-domain.md A.5). Keys are lowercase, without a final period.
 */
const KNOWN_STATUS_TEXTS: Readonly<Record<string, number>> = {
  'access is denied': 0x8007_0005,
  'object already exists': 0x8009_000f,
  'keyset does not exist': 0x8009_0016,
  'the credentials supplied to the package were not recognized': 0x8009_030d,
}

const HOSTNAME = /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/

/**
 * The text without its final periods and white space, in linear time: `/[.\s]+$/` retries from
 * every period of a long run that does not end the text, quadratic on a hostile value.
 */
function withoutFinalPeriods(text: string): string {
  let end = text.length
  while (end > 0 && /[.\s]/.test(text.charAt(end - 1))) end--
  return text.slice(0, end)
}

/** `0x` + eight uppercase hex digits. */
export function formatHresult(n: number): string {
  return `0x${(n >>> 0).toString(16).toUpperCase().padStart(8, '0')}`
}

/** A captured value normalized to its kind, or undefined when it does not fit the kind. */
export function normalizeFact(kind: FactKind, raw: string): string | number | undefined {
  const text = raw.trim()
  if (text === '') return undefined
  switch (kind) {
    case 'text':
      return text
    case 'integer': {
      const n = parseNumeric(text)
      return n === undefined ? undefined : n
    }
    case 'hresult': {
      const n = parseNumeric(text) ?? parseNumeric(/\b0x[0-9a-fA-F]{8}\b/.exec(text)?.[0] ?? '')
      if (n !== undefined && n <= 0xffff_ffff) return formatHresult(n)
      const known = KNOWN_STATUS_TEXTS[withoutFinalPeriods(text).toLowerCase()]
      return known === undefined ? undefined : formatHresult(known)
    }
    case 'thumbprint': {
      const hex = text.replace(/[\s:]/g, '').toUpperCase()
      return /^[0-9A-F]{40}$/.test(hex) ? hex : undefined
    }
    case 'hostname':
      return HOSTNAME.test(text) ? text : undefined
  }
}
