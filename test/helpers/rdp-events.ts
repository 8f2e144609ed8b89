/**
 * Small synthetic events shaped like the ones the RDP scenarios involve (classic RCM events with
 * unnamed data, Schannel with named data, SessionBroker-Client with UserData), for query tests.
 */
import { type BuiltEvent, systemEvent } from './evtx-builder.js'

export const RCM = 'Microsoft-Windows-TerminalServices-RemoteConnectionManager'
export const BROKER = 'Microsoft-Windows-TerminalServices-SessionBroker'
export const BROKER_CLIENT = 'Microsoft-Windows-TerminalServices-SessionBroker-Client'

export function rcm1058(time: string, status = 'Access is denied.'): BuiltEvent {
  return systemEvent({ provider: RCM, eventSourceName: 'TermService', eventId: 1058, qualifiers: 49152, level: 2, keywords: 0x80000000000000n, time, channel: 'System', data: [{ t: 'string', v: status }] })
}

export function schannel(eventId: number, time: string, data: Array<readonly [string, { t: 'string'; v: string } | { t: 'uint32' | 'hex32'; v: number }]>): BuiltEvent {
  return systemEvent({ provider: 'Schannel', guid: '{1f678132-5938-4686-9fdc-c8ff68f15c85}', eventId, level: 2, time, channel: 'System', userId: 'S-1-5-18', data })
}

export function broker2056(time: string): BuiltEvent {
  return systemEvent({
    provider: BROKER, guid: '{d1737620-6a25-4bef-b07b-aac3df44efc9}', eventId: 2056, level: 2, task: 109, keywords: 0x4000000000000000n, time,
    channel: 'Microsoft-Windows-TerminalServices-SessionBroker/Operational', userId: 'S-1-5-20',
    data: [{ t: 'string', v: 'NULL' }, { t: 'string', v: 'NULL' }, { t: 'string', v: 'Logon to the database failed.' }],
  })
}

export function brokerClient1296(time: string): BuiltEvent {
  return systemEvent({
    provider: BROKER_CLIENT, guid: '{2184b5c9-1c83-4304-9c58-a9e76f718993}', eventId: 1296, level: 2, task: 104, keywords: 0x4000000000000000n, time,
    channel: 'Microsoft-Windows-TerminalServices-SessionBroker-Client/Operational', userId: 'S-1-5-20',
    userData: { name: 'EventXML', fields: [['param1', { t: 'string', v: 'CONTOSO' }], ['param2', { t: 'string', v: 'alice' }], ['param3', { t: 'string', v: 'Remote Desktop Connection Broker is not ready for RPC communication.' }]] },
  })
}

/** Eventlog 104 in System: the log `cleared` was cleared by DOMAIN\user. */
export function logCleared104(time: string, cleared: string, user = 'alice', domain = 'CONTOSO'): BuiltEvent {
  return systemEvent({
    provider: 'Microsoft-Windows-Eventlog', guid: '{fc65ddd8-d6ef-4962-83d5-6e5cfe9ce148}', eventId: 104, level: 4, task: 104, time, channel: 'System', userId: 'S-1-5-21-1-2-3-1001',
    userData: { name: 'LogFileCleared', fields: [['SubjectUserName', { t: 'string', v: user }], ['SubjectDomainName', { t: 'string', v: domain }], ['Channel', { t: 'string', v: cleared }], ['BackupPath', { t: 'string', v: '' }]] },
  })
}
