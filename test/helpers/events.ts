/**
 * Builders for normalized events shaped like Windows' real ones (../shared/docs/rdp-domain.md
 * C and H): classic RCM events with unnamed Data and Binary, Schannel manifest events with named
 * fields in the older and the newer (CallerProcessId first) layout, SessionBroker events with
 * their insertion strings. Rule tests run on these; they never need an .evtx file.
 */
import { type EventLike, makeEvent, type NormalizedEvent } from '../../src/model/event.js'

export const RCM = 'Microsoft-Windows-TerminalServices-RemoteConnectionManager'
export const RCM_GUID = '{C76BAA63-AE81-421C-B425-340B4B24157F}'
export const SCHANNEL_GUID = '{1f678132-5938-4686-9fdc-c8ff68f15c85}'
export const SB = 'Microsoft-Windows-TerminalServices-SessionBroker'
export const SBC = 'Microsoft-Windows-TerminalServices-SessionBroker-Client'
export const SB_OP = `${SB}/Operational`
export const SBC_OP = `${SBC}/Operational`
export const RCM_OP = `${RCM}/Operational`

let nextRecordId = 1000

/** `2026-11-20T09:00:00Z` plus minutes. */
export function at(minutes: number, base = '2026-11-20T09:00:00Z'): string {
  return new Date(Date.parse(base) + minutes * 60_000).toISOString().replace(/\.(\d{3})Z$/, '.$10000Z')
}

function event(partial: EventLike): NormalizedEvent {
  return makeEvent({ computer: 'rdsh01.contoso.local', recordId: nextRecordId++, ...partial })
}

/** A classic RemoteConnectionManager event (1056/1057/1058) in System. */
export function rcm(eventId: number, time: string, data: { status?: string; binary?: string; channel?: string } = {}): NormalizedEvent {
  return event({
    provider: RCM,
    providerGuid: RCM_GUID,
    eventSourceName: 'TermService',
    eventId,
    qualifiers: 49152,
    channel: data.channel ?? 'System',
    timeCreated: time,
    unnamedData: data.status === undefined ? [] : [data.status],
    ...(data.binary === undefined ? {} : { binaryHex: data.binary }),
  })
}

/** A Schannel event with named fields; `newer` puts CallerProcessId/CallerProcessImageName first. */
export function schannel(eventId: number, time: string, fields: Record<string, string>, newer = false): NormalizedEvent {
  const data = newer ? { CallerProcessId: '712', CallerProcessImageName: 'C:\\Windows\\System32\\lsass.exe', ...fields } : fields
  return event({ provider: 'Schannel', providerGuid: SCHANNEL_GUID, eventId, channel: 'System', timeCreated: time, data })
}

/** RCM Operational 261 (UserData/EventXML/listenerName). */
export function rcm261(time: string): NormalizedEvent {
  return event({ provider: RCM, providerGuid: RCM_GUID, eventId: 261, channel: RCM_OP, timeCreated: time, userData: { element: 'EventXML', fields: { listenerName: 'RDP-Tcp' } } })
}

/** SessionBroker 2056 with the article's insertion strings (or another error text). */
export function broker2056(time: string, text = 'Logon to the database failed.'): NormalizedEvent {
  return event({ provider: SB, providerGuid: '{D1737620-6A25-4BEF-B07B-AAC3DF44EFC9}', eventId: 2056, channel: SB_OP, timeCreated: time, unnamedData: ['NULL', 'NULL', text] })
}

/** SessionBroker-Client 1296 (UserData/EventXML/param1..3). */
export function client1296(time: string, text = 'Remote Desktop Connection Broker is not ready for RPC communication.'): NormalizedEvent {
  return event({
    provider: SBC,
    providerGuid: '{2184B5C9-1C83-4304-9C58-A9E76F718993}',
    eventId: 1296,
    channel: SBC_OP,
    timeCreated: time,
    userData: { element: 'EventXML', fields: { param1: 'CONTOSO', param2: 'alice', param3: text } },
  })
}
