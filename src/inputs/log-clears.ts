/**
 * Logs that were cleared. When any event log is cleared, Windows writes Eventlog 104 to the System
 * log (its UserData names the log and the account that cleared it); when the Security log is, 1102
 * to the Security log itself. A cleared log holds nothing from before the clear, so a scenario not
 * found in it may still have happened before then: the analysis reads these two events whatever
 * the rules want, and the report says so.
 */
import type { NormalizedEvent } from '../model/event.js'
import type { WantedEvent } from '../rules/compile.js'

const EVENTLOG = 'Microsoft-Windows-Eventlog'
const EVENTLOG_GUID = '{fc65ddd8-d6ef-4962-83d5-6e5cfe9ce148}'

/** The two events a scan decodes besides what the rules want. */
export const LOG_CLEAR_EVENTS: readonly WantedEvent[] = [104, 1102].map((eventId) => ({ providerNames: [EVENTLOG], providerGuids: [EVENTLOG_GUID], eventId }))

/** One clear of one log, as the event that records it tells. */
export interface LogClear {
  /** The log that was cleared (`System`, `Microsoft-Windows-TerminalServices-…/Operational`). */
  readonly channel: string
  /** When, as Windows renders it, and in Unix milliseconds (null when the event has no time). */
  readonly time: string | null
  readonly timeMs: number | null
  /** `DOMAIN\user`, or the name alone, or null when the event names no account. */
  readonly account: string | null
  /** The event that tells: its record id and event id (104 or 1102). */
  readonly recordId: number | null
  readonly eventId: 104 | 1102
}

/** The clear an event records, or undefined when it is not Eventlog 104 or 1102 (or names no log). */
export function logClearOf(event: NormalizedEvent): LogClear | undefined {
  const byName = event.provider !== undefined && event.provider.toLowerCase() === EVENTLOG.toLowerCase()
  if (!byName && event.providerGuid !== EVENTLOG_GUID) return undefined
  if (event.eventId !== 104 && event.eventId !== 1102) return undefined
  const fields = event.userData?.fields ?? {}
  // 1102 is written to the log it is about (Security) and names no channel; 104 names the log.
  const channel = event.eventId === 1102 ? (event.channel ?? 'Security') : fields.Channel?.trim()
  if (channel === undefined || channel === '') return undefined
  const user = fields.SubjectUserName?.trim()
  const domain = fields.SubjectDomainName?.trim()
  const account = user === undefined || user === '' ? null : domain === undefined || domain === '' ? user : `${domain}\\${user}`
  return { channel, time: event.timeCreated ?? null, timeMs: event.timeCreatedMs ?? null, account, recordId: event.recordId ?? null, eventId: event.eventId }
}

/**
 * One input note for a clear, e.g. `the log System was cleared at 2021-02-12T12:32:31.0354251Z by
 * WINDOMAIN\vagrant (Eventlog 104, record 15392): it holds nothing from before then`. (The
 * conclusion says what that means for the scenarios, when it is a log they read.)
 */
export function describeLogClear(clear: LogClear): string {
  const by = clear.account === null ? '' : ` by ${clear.account}`
  const record = clear.recordId === null ? '' : `, record ${clear.recordId}`
  return `the log ${clear.channel} was cleared at ${clear.time ?? 'an unknown time'}${by} (Eventlog ${clear.eventId}${record}): it holds nothing from before then`
}
