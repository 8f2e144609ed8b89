/**
 * The sample cases: each a VM's exported logs around one situation, with what a correct
 * analysis concludes. Everything is derived from fixed times and seeds, so the bytes are the
 * same on every run. The newest record of every case is near 2026-11-20T14:00Z; "current" means
 * inside the 24 hours before the newest record of the case's logs.
 */
import { applyDamage, buildEvtx } from '../../src/writer/index.js'
import * as E from '../../src/writer/templates/index.js'
import { bootSequence, Pid, routineActivity } from './background.js'
import { at, LogBuilder, minutes } from './log-builder.js'

export type Verdict = 'current' | 'stale' | 'resolved' | 'absent'

export interface CaseInfo {
  readonly title: string
  readonly description: string
  readonly expected: { readonly S1: Verdict; readonly S2: Verdict; readonly S3: Verdict }
  readonly notes: string
}

export interface SampleCase {
  readonly name: string
  readonly info: CaseInfo
  /** File name → bytes. */
  readonly files: ReadonlyMap<string, Uint8Array>
}

const FILE = {
  System: 'System.evtx',
  Rcm: 'Microsoft-Windows-TerminalServices-RemoteConnectionManager%4Operational.evtx',
  Lsm: 'Microsoft-Windows-TerminalServices-LocalSessionManager%4Operational.evtx',
  Broker: 'Microsoft-Windows-TerminalServices-SessionBroker%4Operational.evtx',
  BrokerClient: 'Microsoft-Windows-TerminalServices-SessionBroker-Client%4Operational.evtx',
} as const

const BUILD_2022 = 20348
const START = at('2026-11-19T05:40:00Z')
const END = at('2026-11-20T14:00:00Z')

/** The logs of one VM, seeded per case. */
class Vm {
  readonly system: LogBuilder
  readonly rcm: LogBuilder
  readonly lsm: LogBuilder
  readonly broker: LogBuilder
  readonly brokerClient: LogBuilder

  constructor(computer: string, seed: number) {
    this.system = new LogBuilder({ computer, channel: E.Channel.System }, 48_211, seed)
    this.rcm = new LogBuilder({ computer, channel: E.Channel.RcmOperational }, 3_902, seed + 1)
    this.lsm = new LogBuilder({ computer, channel: E.Channel.LsmOperational }, 1_377, seed + 2)
    this.broker = new LogBuilder({ computer, channel: E.Channel.SessionBrokerOperational }, 612, seed + 3)
    this.brokerClient = new LogBuilder({ computer, channel: E.Channel.SessionBrokerClientOperational }, 2_045, seed + 4)
  }

  /** Boot at START, routine activity until END. */
  ordinaryDay(extraServices: ReadonlyArray<[string, string]> = [], perHour?: number): void {
    bootSequence(this.system, START, BUILD_2022, extraServices)
    routineActivity(this.system, START + minutes(3), END, START, perHour)
  }

  /** A user connecting successfully at `t`: listener, authentication, session logon and later disconnect. */
  goodConnection(t: bigint, user: string, address: string, session: number): void {
    const activityId = this.rcm.activityId()
    this.rcm.add(t, Pid.TermService, (c) => E.rcm261(c), { activityId })
    this.rcm.add(t + minutes(0.05), Pid.TermService, (c) => E.rcm1149(c, user, 'CONTOSO', address), { activityId })
    this.lsm.add(t + minutes(0.1), Pid.Lsm, (c) => E.lsmSession(c, 21, `CONTOSO\\${user}`, session, address))
    this.lsm.add(t + minutes(47), Pid.Lsm, (c) => E.lsmSession(c, 24, `CONTOSO\\${user}`, session, address))
  }

  /** Connection attempts that reach the listener but fail in TLS: 261 only, plus `schannel(t)` in System. */
  failedConnections(from: bigint, to: bigint, everyMinutes: number, schannel: (t: bigint) => void): void {
    for (let t = from; t < to; t += minutes(everyMinutes * (0.5 + this.rcm.rng()))) {
      this.rcm.add(t, Pid.TermService, (c) => E.rcm261(c), { activityId: this.rcm.activityId() })
      schannel(t + minutes(0.01))
    }
  }

  /** Scenario 1 at `from`: TermService cannot create/replace its certificate; every connection then fails with 36870. */
  certificateFailure(from: bigint, to: bigint, withRcmOperational = true): void {
    const s = this.system
    s.add(from, Pid.Services, (c) => E.scm7036(c, 'Remote Desktop Services', 'TermService', true))
    s.add(from + minutes(0.1), 0, (c) => E.rcm1058(c, 'Access is denied.'))
    s.add(from + minutes(0.12), 0, (c) => E.rcm1057(c, 'Keyset does not exist'))
    const schannel = (t: bigint) => s.add(t, Pid.Lsass, (c) => E.schannel36870(c, { layout: 'older' }, 'server', 0x8009030d, 10001))
    if (withRcmOperational) this.failedConnections(from + minutes(2), to, 25, schannel)
    else for (let t = from + minutes(2); t < to; t += minutes(25)) schannel(t)
    s.add(from + minutes(3), Pid.Lsass, (c) => E.schannel36872(c, { layout: 'older' }, 'server', 0x8009030d, 0, new Uint8Array(0)))
  }

  /** Scenario 2 from `from`: no TLS version enabled for the server credential (newer Schannel layout). */
  tlsFailure(from: bigint, to: bigint): void {
    const caller = { layout: 'newer' as const, callerProcessId: Pid.TermService, callerProcessImageName: 'C:\\Windows\\System32\\svchost.exe' }
    this.failedConnections(from, to, 20, (t) => this.system.add(t, Pid.Lsass, (c) => E.schannel36871(c, caller, 'server', 10013)))
  }

  /** Scenario 3 from `from`: the broker's database logon fails; clients see 1296. */
  brokerFailure(from: bigint, to: bigint): void {
    this.system.add(from, Pid.Services, (c) => E.scm7036(c, 'Remote Desktop Connection Broker', 'Tssdis', true))
    for (let t = from + minutes(0.2); t < to; t += minutes(30 * (0.5 + this.broker.rng()))) {
      this.broker.add(t, Pid.Tssdis, (c) => E.sessionBroker2056(c))
      this.brokerClient.add(t + minutes(0.3), Pid.TermService, (c) => E.sessionBrokerClient1296(c, 'CONTOSO', 'jdoe'))
    }
  }

  routineConnections(from: bigint, to: bigint, users: readonly string[]): void {
    let session = 2
    for (let t = from; t < to; t += minutes(90 + 120 * this.rcm.rng())) {
      const user = users[Math.floor(this.rcm.rng() * users.length)] as string
      this.goodConnection(t, user, `10.20.${1 + Math.floor(this.rcm.rng() * 4)}.${10 + Math.floor(this.rcm.rng() * 200)}`, session++)
    }
  }

  file(log: LogBuilder, options: { minorVersion?: 1 | 2 } = {}): Uint8Array {
    return buildEvtx(log.records(), options).bytes
  }
}

const USERS = ['jdoe', 'asmith', 'mgarcia', 'svc-backup']

function files(entries: Array<[string, Uint8Array]>): ReadonlyMap<string, Uint8Array> {
  return new Map(entries)
}

function s1(): SampleCase {
  const vm = new Vm('rdsh01.contoso.local', 101)
  vm.ordinaryDay()
  vm.routineConnections(START + minutes(120), at('2026-11-20T08:30:00Z'), USERS)
  vm.certificateFailure(at('2026-11-20T09:12:00Z'), END)
  return {
    name: 's1-self-signed-certificate',
    info: {
      title: 'Scenario 1: the RDP self-signed certificate cannot be created or renewed',
      description: 'TermService restarts at 09:12 and fails to replace its expired self-signed certificate (RCM 1058 "Access is denied.") and to create a new one (RCM 1057 "Keyset does not exist"). From then on every connection reaches the listener (RCM Operational 261) and fails in TLS: Schannel 36870, Type server, ErrorCode 0x8009030d, ErrorStatus 10001, and one 36872.',
      expected: { S1: 'current', S2: 'absent', S3: 'absent' },
      notes: 'Fix: MachineKeys ACLs / renew the certificate. Users connected normally until 08:30. No 1149 after 09:12: authentication never starts.',
    },
    files: files([[FILE.System, vm.file(vm.system)], [FILE.Rcm, vm.file(vm.rcm)]]),
  }
}

function s2(): SampleCase {
  const vm = new Vm('rdsh02.contoso.local', 202)
  vm.ordinaryDay()
  vm.routineConnections(START + minutes(90), at('2026-11-20T07:00:00Z'), USERS)
  vm.system.add(at('2026-11-20T07:41:00Z'), Pid.Services, (c) => E.scm7036(c, 'Remote Desktop Services', 'TermService', true))
  vm.tlsFailure(at('2026-11-20T07:45:00Z'), END)
  return {
    name: 's2-tls-disabled',
    info: {
      title: 'Scenario 2: no TLS protocol enabled for the RDP server credential',
      description: 'After a policy change and a TermService restart at 07:41, every connection fails with Schannel 36871, Type server, ErrorState 10013 (newer Schannel layout: CallerProcessId and CallerProcessImageName first).',
      expected: { S1: 'absent', S2: 'current', S3: 'absent' },
      notes: 'Fix: enable TLS 1.2 for the server (Enabled=1, DisabledByDefault=0) under SCHANNEL\\Protocols.',
    },
    files: files([[FILE.System, vm.file(vm.system)], [FILE.Rcm, vm.file(vm.rcm)]]),
  }
}

function s3(): SampleCase {
  const vm = new Vm('rdcb01.contoso.local', 303)
  vm.ordinaryDay([['Windows Internal Database', 'MSSQL$MICROSOFT##WID']])
  vm.brokerFailure(START + minutes(2), END)
  return {
    name: 's3-connection-broker',
    info: {
      title: 'Scenario 3: the RD Connection Broker cannot log on to its database',
      description: 'Since boot the broker logs SessionBroker 2056 ("NULL", "NULL", "Logon to the database failed.") and clients log SessionBroker-Client 1296 ("Remote Desktop Connection Broker is not ready for RPC communication.").',
      expected: { S1: 'absent', S2: 'absent', S3: 'current' },
      notes: 'Typical after the broker was renamed. Guidance only: reinstall the RD Connection Broker role and WID. The System log shows nothing wrong.',
    },
    files: files([[FILE.System, vm.file(vm.system)], [FILE.Broker, vm.file(vm.broker)], [FILE.BrokerClient, vm.file(vm.brokerClient)]]),
  }
}

function healthy(): SampleCase {
  const vm = new Vm('rdsh03.contoso.local', 404)
  vm.ordinaryDay()
  vm.routineConnections(START + minutes(60), END - minutes(50), USERS)
  return {
    name: 'healthy-vm',
    info: {
      title: 'A healthy VM',
      description: 'A day and a half of ordinary System activity and successful RDP logons (RCM 261 and 1149, LSM 21 and 24).',
      expected: { S1: 'absent', S2: 'absent', S3: 'absent' },
      notes: 'Nothing to fix.',
    },
    files: files([[FILE.System, vm.file(vm.system)], [FILE.Rcm, vm.file(vm.rcm)], [FILE.Lsm, vm.file(vm.lsm)]]),
  }
}

function clientNoise(): SampleCase {
  const vm = new Vm('app01.contoso.local', 505)
  vm.ordinaryDay()
  vm.routineConnections(START + minutes(60), END - minutes(50), USERS)
  const caller = { layout: 'newer' as const, callerProcessId: 5128, callerProcessImageName: 'C:\\Program Files\\Contoso\\Agent\\ContosoAgent.exe' }
  for (let t = START + minutes(20); t < END; t += minutes(45)) {
    vm.system.add(t, Pid.Lsass, (c) => E.schannel36871(c, caller, 'client', 10013))
  }
  return {
    name: 'client-schannel-noise',
    info: {
      title: 'Client-side Schannel 36871 noise only',
      description: 'An outbound .NET agent fails to build TLS client credentials every 45 minutes: Schannel 36871 with Type client and ErrorState 10013. RDP logons keep succeeding.',
      expected: { S1: 'absent', S2: 'absent', S3: 'absent' },
      notes: 'Not scenario 2: that needs Type server. A rule matching EventID 36871 alone is wrong here.',
    },
    files: files([[FILE.System, vm.file(vm.system)], [FILE.Rcm, vm.file(vm.rcm)]]),
  }
}

function stale(): SampleCase {
  const vm = new Vm('rdsh04.contoso.local', 606)
  const start = at('2026-11-18T06:10:00Z')
  bootSequence(vm.system, start, BUILD_2022)
  routineActivity(vm.system, start + minutes(3), END, start)
  vm.certificateFailure(at('2026-11-18T08:02:00Z'), at('2026-11-18T10:30:00Z'), false)
  vm.routineConnections(at('2026-11-19T09:00:00Z'), END - minutes(50), USERS)
  return {
    name: 'stale-evidence',
    info: {
      title: 'Scenario 1 evidence older than 24 hours',
      description: 'RCM 1058/1057 and Schannel 36870 (server, 0x8009030d, 10001) on 2026-11-18 between 08:02 and 10:30, then more than 24 hours of ordinary activity and successful logons up to 2026-11-20 14:00.',
      expected: { S1: 'stale', S2: 'absent', S3: 'absent' },
      notes: 'The default 24-hour window anchored at the newest record (2026-11-20 ~14:00) does not contain the failure. No 1056 was logged, so it is stale rather than resolved.',
    },
    files: files([[FILE.System, vm.file(vm.system)], [FILE.Rcm, vm.file(vm.rcm)]]),
  }
}

function recovered(): SampleCase {
  const vm = new Vm('rdsh05.contoso.local', 707)
  vm.ordinaryDay()
  vm.certificateFailure(at('2026-11-20T08:03:00Z'), at('2026-11-20T09:55:00Z'))
  const fixAt = at('2026-11-20T10:05:00Z')
  vm.system.add(fixAt, Pid.Services, (c) => E.scm7036(c, 'Remote Desktop Services', 'TermService', false))
  vm.system.add(fixAt + minutes(0.3), Pid.Services, (c) => E.scm7036(c, 'Remote Desktop Services', 'TermService', true))
  const thumbprint = Uint8Array.from({ length: 20 }, (_, i) => (i * 73 + 41) & 0xff)
  vm.system.add(fixAt + minutes(0.4), 0, (c) => E.rcm1056(c, 'rdsh05.contoso.local', thumbprint))
  vm.routineConnections(fixAt + minutes(20), END - minutes(50), USERS)
  return {
    name: 'recovered-after-failure',
    info: {
      title: 'Scenario 1 followed by recovery',
      description: 'Certificate failures (RCM 1058/1057, Schannel 36870/36872) from 08:03 to 09:43, then at 10:05 TermService restarts and logs RCM 1056: a new self-signed certificate was generated (Binary = its SHA1 thumbprint). Logons succeed afterwards.',
      expected: { S1: 'resolved', S2: 'absent', S3: 'absent' },
      notes: 'The failure is inside the 24-hour window, but the later 1056 means it has already cleared.',
    },
    files: files([[FILE.System, vm.file(vm.system)], [FILE.Rcm, vm.file(vm.rcm)], [FILE.Lsm, vm.file(vm.lsm)]]),
  }
}

function dirtyHeader(): SampleCase {
  const vm = new Vm('rdsh06.contoso.local', 808)
  vm.ordinaryDay([], 12)
  vm.routineConnections(START + minutes(60), at('2026-11-20T06:00:00Z'), USERS)
  vm.system.add(at('2026-11-20T08:20:00Z'), Pid.Services, (c) => E.scm7036(c, 'Remote Desktop Services', 'TermService', true))
  vm.tlsFailure(at('2026-11-20T08:25:00Z'), END)
  const records = vm.system.records()
  const written = buildEvtx(records)
  const failureAt = at('2026-11-20T08:25:00Z')
  const firstFailureId = records.find((r) => BigInt(r.written) >= failureAt)?.recordId ?? 0
  // Chunks before the one holding the first failure are all the header admits to.
  const visible = written.chunks.findIndex((c) => c.lastRecordId >= BigInt(firstFailureId))
  if (visible < 1) throw new Error('the dirty-header case needs the failure past the first chunk')
  const system = applyDamage(written.bytes, { kind: 'stale-header', visibleChunks: visible })
  return {
    name: 'dirty-header-hides-failure',
    info: {
      title: 'Dirty System.evtx whose header hides the newest chunks',
      description: `The log was copied while open: the header is marked dirty and declares ${visible} of ${written.chunks.length} chunks with a stale next record id. The Schannel 36871 server/10013 failures from 08:25 on are only in the chunks past the declared count.`,
      expected: { S1: 'absent', S2: 'current', S3: 'absent' },
      notes: 'A reader that trusts the header chunk count sees a healthy VM. Every 64 KiB block must be read.',
    },
    files: files([[FILE.System, system], [FILE.Rcm, vm.file(vm.rcm)]]),
  }
}

function allThree(): SampleCase {
  const vm = new Vm('rdcb02.contoso.local', 909)
  vm.ordinaryDay([['Windows Internal Database', 'MSSQL$MICROSOFT##WID']])
  vm.certificateFailure(at('2026-11-20T06:30:00Z'), END)
  vm.tlsFailure(at('2026-11-20T07:15:00Z'), END)
  vm.brokerFailure(at('2026-11-20T05:50:00Z'), END)
  return {
    name: 'all-three-scenarios',
    info: {
      title: 'All three scenarios at once',
      description: 'A single-server deployment (RD Session Host and Connection Broker on rdcb02): certificate failures (RCM 1058/1057, Schannel 36870/36872), TLS credential failures (Schannel 36871 server/10013) and broker database failures (SessionBroker 2056, SessionBroker-Client 1296), all within the last 24 hours.',
      expected: { S1: 'current', S2: 'current', S3: 'current' },
      notes: 'Each scenario must be reported on its own evidence.',
    },
    files: files([[FILE.System, vm.file(vm.system)], [FILE.Rcm, vm.file(vm.rcm)], [FILE.Broker, vm.file(vm.broker)], [FILE.BrokerClient, vm.file(vm.brokerClient)]]),
  }
}

/** Every sample case, in README order. */
export function buildSampleCases(): SampleCase[] {
  return [s1(), s2(), s3(), healthy(), clientNoise(), stale(), recovered(), dirtyHeader(), allThree()]
}
