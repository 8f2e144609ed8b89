/**
 * Every built-in signal has at least one event it matches and one close look-alike it must not
 * match (same provider and event id where possible), so a careless edit of a rule file fails here.
 */
import { describe, expect, it } from 'vitest'
import type { NormalizedEvent } from '../../src/model/event.js'
import { builtinRules } from '../../src/rules/builtin/index.js'
import type { CompiledSignal } from '../../src/rules/compile.js'
import { at, broker2056, client1296, RCM_OP, rcm, rcm261, schannel } from '../helpers/events.js'

const t = at(0)
/** The event as an old build logs it: provider named by its legacy source name, no GUID. */
const legacy = (e: NormalizedEvent): NormalizedEvent => ({ ...e, provider: 'TermService', providerGuid: undefined })
const FIXTURES: Record<string, { match: NormalizedEvent[]; miss: NormalizedEvent[] }> = {
  'rcm-certificate-failure': {
    match: [rcm(1057, t, { status: 'Keyset does not exist' }), rcm(1058, t, { status: 'Object already exists', channel: RCM_OP }), rcm(1058, t), legacy(rcm(1058, t))],
    miss: [rcm(1056, t, { status: 'host' }), { ...rcm(1058, t), provider: 'Service Control Manager', providerGuid: '{555908d1-a6d7-4695-8e1e-26931d2012f4}' }],
  },
  'schannel-private-key': {
    // The error code compares as a number, however it is rendered (hex, unsigned or signed decimal).
    match: [schannel(36870, t, { Type: 'server', ErrorCode: '0x8009030d', ErrorStatus: '10001' }), schannel(36870, t, { Type: 'server', ErrorCode: '0x8009030d' }, true), schannel(36870, t, { Type: 'server', ErrorCode: '-2146893043', ErrorStatus: '10001' })],
    miss: [
      schannel(36870, t, { Type: 'client', ErrorCode: '0x8009030d', ErrorStatus: '10001' }),
      schannel(36870, t, { Type: 'server', ErrorCode: '0x8009030d', ErrorStatus: '10002' }),
      schannel(36870, t, { ErrorCode: '0x8009030d', ErrorStatus: '10001' }),
    ],
  },
  'schannel-certificate-chain': {
    match: [schannel(36872, t, { Type: 'server', ErrorCode: '0x80092012', CertFlags: '0x0' }), schannel(36872, t, {})],
    miss: [schannel(36872, t, { Type: 'client', ErrorCode: '0x80092012' })],
  },
  'rcm-new-self-signed-certificate': {
    match: [rcm(1056, t, { status: 'host', binary: 'AB'.repeat(20) }), legacy(rcm(1056, t, { status: 'host' }))],
    miss: [rcm(1056, t, { channel: 'Application' })],
  },
  'schannel-server-credential-10013': {
    match: [schannel(36871, t, { Type: 'server', ErrorState: '10013' }), schannel(36871, t, { Type: 'Server', ErrorState: '10013' }, true)],
    miss: [schannel(36871, t, { Type: 'client', ErrorState: '10013' }), schannel(36871, t, { ErrorState: '10013' })],
  },
  'rcm-connection-received': {
    match: [rcm261(t)],
    miss: [{ ...rcm261(t), channel: 'System' }],
  },
  'schannel-client-credential': {
    match: [schannel(36871, t, { Type: 'client', ErrorState: '10013' })],
    miss: [schannel(36871, t, { Type: 'server', ErrorState: '10013' })],
  },
  'schannel-server-credential-other': {
    match: [schannel(36871, t, { Type: 'server', ErrorState: '10011' })],
    miss: [schannel(36871, t, { Type: 'client', ErrorState: '10011' })],
  },
  'broker-database-logon-failed': {
    match: [broker2056(t)],
    miss: [broker2056(t, 'Some other failure.'), { ...broker2056(t), eventId: 2057 }],
  },
  'broker-client-rpc-not-ready': {
    match: [client1296(t)],
    miss: [client1296(t, 'The RPC server is unavailable.'), { ...client1296(t), provider: 'Microsoft-Windows-TerminalServices-RemoteConnectionManager', providerGuid: '{c76baa63-ae81-421c-b425-340b4b24157f}' }],
  },
  'broker-error-unrecognized': {
    match: [broker2056(t, 'Aanmelden bij de database is mislukt.')],
    miss: [{ ...broker2056(t), channel: 'System' }],
  },
  'broker-client-error-unrecognized': {
    match: [client1296(t, 'The RPC server is unavailable.')],
    miss: [{ ...client1296(t), channel: 'System' }],
  },
}

const signals: CompiledSignal[] = builtinRules().rules.flatMap((r) => [...r.signals])

describe('built-in signals', () => {
  it('each has fixtures', () => {
    expect(Object.keys(FIXTURES).sort()).toEqual(signals.map((s) => s.id).sort())
  })
  for (const s of signals) {
    it(`${s.id} matches its events and not their look-alikes`, () => {
      const f = FIXTURES[s.id]
      expect(f, s.id).toBeDefined()
      for (const e of f?.match ?? []) expect(s.test(e), JSON.stringify(e)).toBeDefined()
      for (const e of f?.miss ?? []) expect(s.test(e), JSON.stringify(e)).toBeUndefined()
    })
  }
})
