/**
 * Report fixtures for the script generator, shaped like the three scenarios of the Azure article
 * (Windows' real event layouts: classic RCM events with one unnamed Data, Schannel with named
 * fields, SessionBroker with three insertion strings).
 */
import type { RemediationEvidence, RemediationFinding, RemediationInput } from '../../src/remediation/input.js'

const SYSTEM = 'C:\\case\\Logs\\System.evtx'
const BROKER = 'C:\\case\\Logs\\Microsoft-Windows-TerminalServices-SessionBroker%4Operational.evtx'
const CLIENT = 'C:\\case\\Logs\\Microsoft-Windows-TerminalServices-SessionBroker-Client%4Operational.evtx'

export function evidence(over: Partial<RemediationEvidence> = {}): RemediationEvidence {
  return {
    file: SYSTEM,
    recordId: 4711,
    time: '2026-11-20T08:15:02.1234567Z',
    provider: 'Microsoft-Windows-TerminalServices-RemoteConnectionManager',
    eventId: 1058,
    channel: 'System',
    computer: 'vm-rdp-01.contoso.local',
    fields: [['Data[1]', 'Access is denied.']],
    ...over,
  }
}

export const S1_FINDING: RemediationFinding = {
  ruleId: 's1-rcm-self-signed-certificate',
  scenario: 'S1',
  status: 'current',
  confidence: 'high',
  title: 'TermService cannot create or replace its self-signed certificate',
  firstSeen: '2026-11-20T08:15:02.1234567Z',
  lastSeen: '2026-11-20T09:40:11.0000000Z',
  count: 3,
  evidence: [
    evidence(),
    evidence({ recordId: 4712, eventId: 1057, fields: [['Data[1]', 'Keyset does not exist']], time: '2026-11-20T08:15:03.0000000Z' }),
    evidence({
      recordId: 4790,
      eventId: 36870,
      provider: 'Schannel',
      time: '2026-11-20T09:40:11.0000000Z',
      fields: [['Type', 'server'], ['ErrorCode', '0x8009030D'], ['ErrorStatus', '10001']],
    }),
  ],
}

export const S2_FINDING: RemediationFinding = {
  ruleId: 's2-schannel-server-credential',
  scenario: 'S2',
  status: 'current',
  confidence: 'medium',
  count: 2,
  evidence: [
    evidence({ recordId: 9001, eventId: 36871, provider: 'Schannel', fields: [['Type', 'server'], ['ErrorState', '10013']] }),
    evidence({ recordId: 9002, eventId: 36874, provider: 'Schannel', fields: [['Protocol', 'TLS 1.0']] }),
  ],
}

export const S3_FINDING: RemediationFinding = {
  ruleId: 's3-connection-broker-database',
  scenario: 'S3',
  status: 'current',
  confidence: 'high',
  count: 2,
  evidence: [
    evidence({ file: BROKER, recordId: 77, eventId: 2056, provider: 'Microsoft-Windows-TerminalServices-SessionBroker', channel: 'Microsoft-Windows-TerminalServices-SessionBroker/Operational', fields: [['param1', 'NULL'], ['param2', 'NULL'], ['param3', 'Logon to the database failed.']] }),
    evidence({ file: CLIENT, recordId: 78, eventId: 1296, provider: 'Microsoft-Windows-TerminalServices-SessionBroker-Client', channel: 'Microsoft-Windows-TerminalServices-SessionBroker-Client/Operational', fields: [['param1', 'CONTOSO'], ['param2', 'alice'], ['param3', 'Remote Desktop Connection Broker is not ready for RPC communication.']] }),
  ],
}

export function report(findings: readonly RemediationFinding[], over: Partial<RemediationInput> = {}): RemediationInput {
  return {
    toolVersion: '0.1.0',
    inputs: [
      { path: SYSTEM, channel: 'System', records: 1520 },
      { path: BROKER, channel: 'Microsoft-Windows-TerminalServices-SessionBroker/Operational', records: 12 },
    ],
    findings,
    ...over,
  }
}

export const FIXTURE_REPORTS = {
  s1: report([S1_FINDING]),
  s2: report([S2_FINDING]),
  s3: report([S3_FINDING]),
  all: report([S1_FINDING, S2_FINDING, S3_FINDING]),
  none: report([]),
} as const
