/**
 * Events laid out as `wevtutil qe /f:text` prints them:
 *
 *   Event[0]:
 *     Log Name: System
 *     Source: Microsoft-Windows-TerminalServices-RemoteConnectionManager
 *     Date: 2026-11-20T08:15:02.1234567Z
 *     Event ID: 1058
 *     Task: None
 *     Level: Error
 *     Opcode: Info
 *     Keyword: Classic
 *     User: N/A
 *     User Name: N/A
 *     Computer: vm01.contoso.test
 *     Description:
 *   The RD Session Host Server has failed to replace …
 *
 * Offline there is no machine to ask, so: the date is the event's UTC SystemTime (as Windows 11's
 * wevtutil prints it; older builds print local time), task/level/opcode/keyword names are the
 * standard ones and those of the built-in catalog, user names are known only for well-known SIDs,
 * and descriptions come from the built-in message catalog (Event Viewer's "description cannot be
 * found" notice with the insertion strings otherwise).
 */
import { readSystem } from '../access/system.js'
import { insertionStrings } from '../catalog/insertion-strings.js'
import { missingDescription, renderMessage } from '../catalog/messages.js'
import { taskName } from '../catalog/providers.js'
import { keywordNames, levelName, opcodeName, wellKnownAccount } from '../catalog/standard-names.js'
import type { EvtxRecord } from '../evtx/record.js'
import { visibleText } from '../report/visible.js'

/** The event's description: the catalog's text, or Event Viewer's notice with the insertion strings. */
export function describeRecord(record: EvtxRecord, provider: string, eventId: number): string {
  const { values, names } = insertionStrings(record)
  return renderMessage(provider, eventId, values, names) ?? missingDescription(provider, eventId, values)
}

/** One event in wevtutil's text layout, numbered `index`, ending with a blank line. */
export function formatEventText(record: EvtxRecord, index: number): string {
  const s = readSystem(record)
  const provider = s.provider ?? s.eventSourceName ?? 'N/A'
  const keywords = keywordNames(s.keywords)
  // Values from the log with their control characters shown as escapes (report/visible.ts);
  // the description keeps its line breaks, as wevtutil prints them.
  const v = (text: string) => visibleText(text)
  const lines = [
    `Event[${index}]:`,
    `  Log Name: ${v(s.channel ?? 'N/A')}`,
    `  Source: ${v(provider)}`,
    `  Date: ${s.timeCreated ?? 'N/A'}`,
    `  Event ID: ${s.eventId ?? 'N/A'}`,
    `  Task: ${taskName(s.provider, s.task)}`,
    `  Level: ${levelName(s.level)}`,
    `  Opcode: ${opcodeName(s.opcode)}`,
    `  Keyword: ${keywords.length > 0 ? keywords.join(',') : 'N/A'}`,
    `  User: ${v(s.userId ?? 'N/A')}`,
    `  User Name: ${wellKnownAccount(s.userId) ?? 'N/A'}`,
    `  Computer: ${v(s.computer ?? 'N/A')}`,
    '  Description: ',
    s.eventId === undefined ? 'N/A' : visibleText(describeRecord(record, provider, s.eventId), true),
  ]
  return `${lines.join('\n')}\n\n`
}
