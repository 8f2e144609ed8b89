/**
 * Providers and channels the sample events come from: names, GUIDs and envelope styles as they
 * appear in real logs (../shared/docs/rdp-domain.md sections C and H; corpus dumps). Classic
 * providers keep their GUID text as registered (TermService's is uppercase in real System logs).
 */
import type { ProviderInfo } from './envelope.js'

export const Channel = {
  System: 'System',
  RcmOperational: 'Microsoft-Windows-TerminalServices-RemoteConnectionManager/Operational',
  LsmOperational: 'Microsoft-Windows-TerminalServices-LocalSessionManager/Operational',
  SessionBrokerOperational: 'Microsoft-Windows-TerminalServices-SessionBroker/Operational',
  SessionBrokerClientOperational: 'Microsoft-Windows-TerminalServices-SessionBroker-Client/Operational',
} as const

/** RemoteConnectionManager's classic (System log) events, logged under the TermService source. */
export const RcmClassic: ProviderInfo = {
  name: 'Microsoft-Windows-TerminalServices-RemoteConnectionManager',
  guid: '{C76BAA63-AE81-421C-B425-340B4B24157F}',
  eventSourceName: 'TermService',
  style: 'classic',
}

/** RemoteConnectionManager's manifest events (Operational channel). */
export const RcmManifest: ProviderInfo = {
  name: 'Microsoft-Windows-TerminalServices-RemoteConnectionManager',
  guid: '{c76baa63-ae81-421c-b425-340b4b24157f}',
  style: 'manifest',
}

export const LocalSessionManager: ProviderInfo = {
  name: 'Microsoft-Windows-TerminalServices-LocalSessionManager',
  guid: '{5d896912-022d-40aa-a3a8-4fa5515c76d7}',
  style: 'manifest',
}

export const Schannel: ProviderInfo = { name: 'Schannel', guid: '{1f678132-5938-4686-9fdc-c8ff68f15c85}', style: 'manifest' }

export const SessionBroker: ProviderInfo = {
  name: 'Microsoft-Windows-TerminalServices-SessionBroker',
  guid: '{d1737620-6a25-4bef-b07b-aac3df44efc9}',
  style: 'manifest',
}

export const SessionBrokerClient: ProviderInfo = {
  name: 'Microsoft-Windows-TerminalServices-SessionBroker-Client',
  guid: '{2184b5c9-1c83-4304-9c58-a9e76f718993}',
  style: 'manifest',
}

export const ServiceControlManager: ProviderInfo = {
  name: 'Service Control Manager',
  guid: '{555908d1-a6d7-4695-8e1e-26931d2012f4}',
  eventSourceName: 'Service Control Manager',
  style: 'classic',
}

export const EventLog: ProviderInfo = { name: 'EventLog', style: 'eventlog' }

export const KernelGeneral: ProviderInfo = { name: 'Microsoft-Windows-Kernel-General', guid: '{a68ca8b7-004f-d7b6-a698-07e2de0f1f5d}', style: 'manifest' }

export const KernelPower: ProviderInfo = { name: 'Microsoft-Windows-Kernel-Power', guid: '{331c3b3a-2005-44c2-ac5e-77220c37d6b4}', style: 'manifest' }

export const TimeService: ProviderInfo = { name: 'Microsoft-Windows-Time-Service', guid: '{06edcfeb-0fd0-4e53-acca-a6f8bbf81bcb}', style: 'manifest' }

/** Well-known SIDs. */
export const Sid = { LocalSystem: 'S-1-5-18', LocalService: 'S-1-5-19', NetworkService: 'S-1-5-20' } as const

/** Keywords seen in real logs. */
export const Keywords = {
  /** "Classic" (events logged through ReportEvent). */
  Classic: 0x80000000000000n,
  /** Service Control Manager's: Classic plus the System channel bit. */
  ScmClassic: 0x8080000000000000n,
  /** The System channel bit of manifest providers. */
  System: 0x8000000000000000n,
  /** TerminalServices providers' Operational channel bit. */
  TsOperational: 0x1000000000000000n,
} as const

export const Level = { Critical: 1, Error: 2, Warning: 3, Information: 4 } as const

/** Classic Qualifiers: the severity bits of the message id. */
export const Qualifiers = { Information: 16384, Warning: 32768, Error: 49152 } as const
