/**
 * Small formatting helpers shared by the report's builder and renderers: short event names, times
 * without fractions, counts with thousands separators, fact lists, input computer and status lines.
 */
import type { Evidence, Finding, Report, ReportInput } from './schema.js'

const SHORT_PROVIDERS: Readonly<Record<string, string>> = {
  'microsoft-windows-terminalservices-remoteconnectionmanager': 'RCM',
  termservice: 'RCM',
  schannel: 'Schannel',
  'microsoft-windows-terminalservices-sessionbroker': 'SessionBroker',
  'microsoft-windows-terminalservices-sessionbroker-client': 'SessionBroker-Client',
}

/** `RCM 1058`, `Schannel 36870`, `SessionBroker 2056`. */
export function eventName(e: Pick<Evidence, 'provider' | 'eventId'>): string {
  const p = e.provider ?? '?'
  return `${SHORT_PROVIDERS[p.toLowerCase()] ?? p.replace(/^Microsoft-Windows-/, '')} ${e.eventId}`
}

/** An ISO time to the second: `2024-05-01T08:15:02Z`. */
export function shortTime(iso: string | null): string {
  return iso === null ? '-' : iso.replace(/\.\d+Z$/, 'Z')
}

/**
 * A whole number with commas between thousands (`1,000`), as `toLocaleString('en-US')` gives it
 * but without loading ICU's locale data, which took 15–22 ms of a CLI run.
 */
export function withThousands(n: number): string {
  if (!Number.isSafeInteger(n)) return String(n)
  const digits = String(Math.abs(n))
  let s = digits.slice(0, ((digits.length - 1) % 3) + 1)
  for (let i = s.length; i < digits.length; i += 3) s += `,${digits.slice(i, i + 3)}`
  return n < 0 ? `-${s}` : s
}

/** The base name of a path (either separator). */
export function baseName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path
}

/** Longest evidence text the text and Markdown reports print (the JSON report keeps it whole). */
export const MAX_EVIDENCE_TEXT = 1000

/** `s`, or its first `max` characters and how many more there are (never half a surrogate pair). */
export function clipText(s: string, max: number): string {
  if (s.length <= max) return s
  const code = s.charCodeAt(max - 1)
  const end = code >= 0xd800 && code <= 0xdbff ? max - 1 : max
  return `${s.slice(0, end)}… (${withThousands(s.length - end)} more characters)`
}

/**
 * What an evidence record says: its message, else its insertion strings (`param1=NULL, …`),
 * clipped to {@link MAX_EVIDENCE_TEXT} characters (a crafted log can make one a few million).
 */
export function evidenceText(e: Evidence): string {
  if (e.message !== null) return clipText(e.message, MAX_EVIDENCE_TEXT)
  const parts = Object.entries(e.data).map(([k, v]) => `${k}=${v}`)
  return parts.length > 0 ? clipText(parts.join(', '), MAX_EVIDENCE_TEXT) : '(no data)'
}

/** Values of one fact shown in a report's facts line, and characters of each (the JSON report has all). */
export const MAX_FACT_VALUES = 10
export const MAX_FACT_TEXT = 200

/**
 * `statusCode: 0x80070005; certificateThumbprint: 1DFA…`. A crafted log can give a fact up to a
 * thousand distinct values (one per kept match) of up to 64 KiB each: the line shows the first
 * {@link MAX_FACT_VALUES}, each clipped to {@link MAX_FACT_TEXT} characters, and how many more.
 */
export function factsLine(f: Finding): string | undefined {
  const parts = Object.entries(f.facts).map(([name, fact]) => {
    const shown = fact.values.slice(0, MAX_FACT_VALUES).map((v) => clipText(String(v), MAX_FACT_TEXT))
    const more = fact.values.length - shown.length
    return `${name}: ${shown.join(', ')}${more > 0 ? ` (+${withThousands(more)} more)` : ''}`
  })
  return parts.length > 0 ? parts.join('; ') : undefined
}

/** `current (3 failure events in the 24h window, 5 in all)`. */
export function statusLine(f: Finding, report: Report): string {
  const w = report.analysis.window.duration
  if (f.status === 'current') return `current: ${f.countInWindow} failure event(s) in the ${w} window, ${f.count} in all`
  if (f.status === 'stale') return `stale: ${f.count} failure event(s), all before the ${w} window`
  return `resolved: ${f.count} failure event(s), then recovery at ${shortTime(f.recovery?.time ?? null)}`
}

/**
 * The computer an input's records name (most records), with how many others they name:
 * `rdsh01.contoso.local`, `rdcb-new (+1 more)`; `-` when they name none.
 */
export function inputComputer(i: ReportInput): string {
  const first = i.computers[0]
  if (first === undefined) return '-'
  return i.computers.length === 1 ? first.name : `${first.name} (+${i.computers.length - 1} more)`
}

/** One line on an input's health: `ok`, `damaged: 2 bad chunk(s), 3 error(s)`, `unreadable: …`. */
export function inputHealth(i: ReportInput): string {
  if (i.status === 'unreadable') return `unreadable: ${i.error ?? 'unknown error'}`
  const bits: string[] = []
  // Not "skipped": a block whose chunk header alone was lost has its whole records read.
  if (i.chunks.bad > 0) bits.push(`${i.chunks.bad} bad chunk(s)`)
  // A chunk cut off by the file's end is read up to the cut, not skipped.
  if (i.chunks.truncated > 0) bits.push(`${i.chunks.truncated} chunk(s) cut off (read up to the cut)`)
  const cut = i.diagnostics.byCode.EVTX_CHUNK_INCOMPLETE
  if (cut !== undefined) bits.push(`${cut} chunk(s) with zeros before their last record`)
  if (i.diagnostics.bySeverity.error > 0) bits.push(`${i.diagnostics.bySeverity.error} error(s)`)
  if (i.diagnostics.bySeverity.warning > 0) bits.push(`${i.diagnostics.bySeverity.warning} warning(s)`)
  if (i.diagnostics.byCode.EVTX_FILE_DIRTY !== undefined) bits.push('dirty header (all chunks read)')
  if (i.diagnostics.byCode.EVTX_FILE_INCOMPLETE !== undefined) bits.push('incomplete copy')
  if (i.diagnostics.byCode.EVTX_RECORD_HIDDEN !== undefined || i.diagnostics.byCode.EVTX_RECORD_OVERSIZED !== undefined) bits.push('records hidden by editing')
  if (i.error !== null) bits.push(`stopped: ${i.error}`)
  return bits.length === 0 ? i.status : `${i.status}: ${bits.join(', ')}`
}
