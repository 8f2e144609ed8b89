/**
 * Plausible System-log background: a boot sequence, services starting and stopping on their
 * own schedules (Windows Update, Modules Installer, BITS, Defender updates…), daily uptime
 * reports, time synchronisation. Denser around the top of the hour, as maintenance tasks are.
 */
import * as E from '../../src/writer/templates/index.js'
import { type LogBuilder, minutes } from './log-builder.js'

export const Pid = { Kernel: 4, Services: 652, Lsass: 668, TermService: 1184, Lsm: 940, TimeService: 1344, Tssdis: 2744, Svchost: 1020 } as const

/** Services that start and stop on their own schedules (display name, short name). */
export const SERVICES: ReadonlyArray<[display: string, short: string]> = [
  ['Windows Modules Installer', 'TrustedInstaller'],
  ['Windows Update', 'wuauserv'],
  ['Background Intelligent Transfer Service', 'BITS'],
  ['Microsoft Account Sign-in Assistant', 'wlidsvc'],
  ['Windows Error Reporting Service', 'WerSvc'],
  ['Delivery Optimization', 'DoSvc'],
  ['WinHTTP Web Proxy Auto-Discovery Service', 'WinHttpAutoProxySvc'],
  ['Microsoft Defender Antivirus Network Inspection Service', 'WdNisSvc'],
  ['Software Protection', 'sppsvc'],
  ['Application Information', 'Appinfo'],
  ['Windows Defender Firewall', 'mpssvc'],
  ['Network Setup Service', 'NetSetupSvc'],
]

const BOOT_SERVICES: ReadonlyArray<[string, string]> = [
  ['Windows Event Log', 'EventLog'],
  ['Remote Procedure Call (RPC)', 'RpcSs'],
  ['DHCP Client', 'Dhcp'],
  ['Network Location Awareness', 'NlaSvc'],
  ['Windows Time', 'W32Time'],
  ['Remote Desktop Configuration', 'SessionEnv'],
  ['Remote Desktop Services', 'TermService'],
  ['Remote Desktop Services UserMode Port Redirector', 'UmRdpService'],
  ['Windows Azure Guest Agent', 'WindowsAzureGuestAgent'],
  ['Azure Telemetry Service', 'WindowsAzureTelemetryService'],
]

/** The events of a boot at `t` (the log's first events, or after a reboot). */
export function bootSequence(log: LogBuilder, t: bigint, build: number, extraServices: ReadonlyArray<[string, string]> = []): void {
  log.add(t, Pid.Kernel, (c) => E.kernelGeneral12(c, build, t - minutes(0.4)))
  log.add(t + minutes(0.2), 0, (c) => E.eventLog6005(c))
  log.add(t + minutes(0.21), 0, (c) => E.eventLog6013(c, 16))
  let s = t + minutes(0.3)
  for (const [display, short] of [...BOOT_SERVICES, ...extraServices]) {
    log.add(s, Pid.Services, (c) => E.scm7036(c, display, short, true))
    s += minutes(0.05 + log.rng() * 0.1)
  }
  log.add(t + minutes(1.1), Pid.TimeService, (c) => E.timeService35(c, 'VM IC Time Synchronization Provider', 1347702102, 1))
  log.add(t + minutes(1.2), Pid.TimeService, (c) => E.timeService37(c, 'VM IC Time Synchronization Provider'))
}

/** A clean shutdown at `t`. */
export function shutdownSequence(log: LogBuilder, t: bigint): void {
  log.add(t, Pid.Kernel, (c) => E.kernelPower109(c))
  log.add(t + minutes(0.1), Pid.Services, (c) => E.scm7036(c, 'Remote Desktop Services', 'TermService', false))
  log.add(t + minutes(0.2), 0, (c) => E.eventLog6006(c))
  log.add(t + minutes(0.3), Pid.Kernel, (c) => E.kernelGeneral13(c, t + minutes(0.3)))
}

/** Ordinary activity in [from, to): about `perHour` service events an hour, daily uptime at 12:00. */
export function routineActivity(log: LogBuilder, from: bigint, to: bigint, bootTime: bigint, perHour = 5): void {
  const hour = minutes(60)
  for (let h = from - (from % hour); h < to; h += hour) {
    const n = Math.max(1, Math.round(perHour * (0.6 + log.rng() * 0.8)))
    for (let k = 0; k < n; k++) {
      const t = h + BigInt(Math.floor(log.rng() * 3600)) * 10_000_000n
      if (t < from || t >= to) continue
      const [display, short] = SERVICES[Math.floor(log.rng() * SERVICES.length)] as [string, string]
      log.add(t, Pid.Services, (c) => E.scm7036(c, display, short, true))
      const stopAt = t + minutes(1 + log.rng() * 8)
      if (stopAt < to) log.add(stopAt, Pid.Services, (c) => E.scm7036(c, display, short, false))
    }
    if ((h / hour) % 24n === 12n && h >= from) log.add(h, 0, (c) => E.eventLog6013(c, Number((h - bootTime) / 10_000_000n)))
    if (log.rng() < 0.15 && h + minutes(30) < to && h + minutes(30) >= from) {
      const old = h + minutes(30)
      const skew = BigInt(Math.floor(log.rng() * 4_000_000))
      log.add(old, Pid.TimeService, (c) => E.kernelGeneral1(c, old + skew, old, '\\Device\\HarddiskVolume4\\Windows\\System32\\svchost.exe', Pid.TimeService))
    }
    if (log.rng() < 0.05 && h >= from) log.add(h + minutes(7), Pid.Services, (c) => E.scm7040(c, 'Background Intelligent Transfer Service', 'auto start', 'demand start', 'BITS'))
  }
}
