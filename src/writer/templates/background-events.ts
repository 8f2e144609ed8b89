/**
 * Ordinary System-log activity, so samples look like a real log around the failure: service
 * state changes, the Event Log service starting and reporting uptime, kernel boot and time
 * events, power and time-service events. Shapes copied from real System logs in the corpus.
 */

import { encodeUtf16 } from '../../binary/utf16.js'
import type { WriterRecord } from '../model.js'
import { toTicks, val } from '../value-encoder.js'
import { windowsEvent } from './event.js'
import { classicData, namedData } from './payload.js'
import { EventLog, KernelGeneral, KernelPower, Keywords, Level, Qualifiers, ServiceControlManager, Sid, TimeService } from './providers.js'
import type { EventContext } from './rdp-events.js'

/** SCM 7036: `param1` entered the `param2` state; Binary = UTF-16LE "shortName/code" + NUL (4 running, 1 stopped). */
export function scm7036(ctx: EventContext, displayName: string, shortName: string, running: boolean): WriterRecord {
  const binary = encodeUtf16(`${shortName}/${running ? 4 : 1}\u0000`)
  return windowsEvent(ServiceControlManager, ctx.target, { recordId: ctx.recordId, time: ctx.time, processId: ctx.processId, threadId: ctx.threadId, eventId: 7036, qualifiers: Qualifiers.Information, level: Level.Information, keywords: Keywords.ScmClassic }, namedData([
    { name: 'param1', value: val.string(displayName) },
    { name: 'param2', value: val.string(running ? 'running' : 'stopped') },
  ], { binary }))
}

/** SCM 7040: the start type of `param1` changed from `param2` to `param3` (`param4` short name). */
export function scm7040(ctx: EventContext, displayName: string, from: string, to: string, shortName: string): WriterRecord {
  return windowsEvent(ServiceControlManager, ctx.target, { recordId: ctx.recordId, time: ctx.time, processId: ctx.processId, threadId: ctx.threadId, eventId: 7040, qualifiers: Qualifiers.Information, level: Level.Information, keywords: Keywords.ScmClassic, userId: Sid.LocalSystem }, namedData([
    { name: 'param1', value: val.string(displayName) },
    { name: 'param2', value: val.string(from) },
    { name: 'param3', value: val.string(to) },
    { name: 'param4', value: val.string(shortName) },
  ]))
}

function eventLogEvent(ctx: EventContext, eventId: number, strings: readonly string[], binary?: Uint8Array): WriterRecord {
  return windowsEvent(EventLog, ctx.target, { recordId: ctx.recordId, time: ctx.time, processId: 0, threadId: 0, eventId, qualifiers: Qualifiers.Warning, level: Level.Information, keywords: Keywords.Classic }, classicData(strings, binary))
}

/** The SYSTEMTIME-like binary EventLog 6005 carries (local boot time). */
function systemTimeBytes(ticks: bigint): Uint8Array {
  const ms = Number((ticks - 116444736000000000n) / 10000n)
  const d = new Date(ms)
  const out = new Uint8Array(24)
  const v = new DataView(out.buffer)
  const parts = [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDay(), d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds()]
  parts.forEach((p, i) => v.setUint16(2 * i, p, true))
  return out
}

/** EventLog 6005: the Event Log service was started. */
export function eventLog6005(ctx: EventContext): WriterRecord {
  return eventLogEvent(ctx, 6005, [], systemTimeBytes(toTicks(ctx.time)))
}

/** EventLog 6006: the Event Log service was stopped. */
export function eventLog6006(ctx: EventContext): WriterRecord {
  return eventLogEvent(ctx, 6006, [], Uint8Array.of(1, 0, 0, 0, 0, 0, 0, 0))
}

/** EventLog 6013: the system uptime is `seconds` seconds. */
export function eventLog6013(ctx: EventContext, seconds: number, timeZone = '0 Coordinated Universal Time'): WriterRecord {
  return eventLogEvent(ctx, 6013, ['', '', '', '', `${seconds}`, '60', timeZone])
}

const kernel = { keywords: 0x8000000000000080n, level: Level.Information, userId: Sid.LocalSystem } as const

/** Kernel-General 12: the operating system started at `startTime`. */
export function kernelGeneral12(ctx: EventContext, build: number, startTime: bigint): WriterRecord {
  return windowsEvent(KernelGeneral, ctx.target, { ...ctx, ...kernel, eventId: 12, task: 1 }, namedData([
    { name: 'MajorVersion', value: val.uint32(10) },
    { name: 'MinorVersion', value: val.uint32(0) },
    { name: 'BuildVersion', value: val.uint32(build) },
    { name: 'QfeVersion', value: val.uint32(2113) },
    { name: 'ServiceVersion', value: val.uint32(0) },
    { name: 'BootMode', value: val.uint32(0) },
    { name: 'StartTime', value: val.filetime(startTime) },
  ]))
}

/** Kernel-General 13: the operating system is shutting down at `stopTime`. */
export function kernelGeneral13(ctx: EventContext, stopTime: bigint): WriterRecord {
  return windowsEvent(KernelGeneral, ctx.target, { ...ctx, ...kernel, eventId: 13, task: 2 }, namedData([{ name: 'StopTime', value: val.filetime(stopTime) }]))
}

/** Kernel-General 1: the system time changed (Reason 3 = time service / hypervisor sync). */
export function kernelGeneral1(ctx: EventContext, newTime: bigint, oldTime: bigint, processName: string, processId: number): WriterRecord {
  return windowsEvent(KernelGeneral, ctx.target, { ...ctx, keywords: 0x8000000000000010n, level: Level.Information, userId: Sid.LocalService, eventId: 1, task: 5, version: 2 }, namedData([
    { name: 'NewTime', value: val.filetime(newTime) },
    { name: 'OldTime', value: val.filetime(oldTime) },
    { name: 'Reason', value: val.uint32(3) },
    { name: 'ProcessName', value: val.string(processName) },
    { name: 'ProcessID', value: val.uint32(processId) },
  ]))
}

/** Kernel-Power 109: the kernel power manager initiated a shutdown transition. */
export function kernelPower109(ctx: EventContext): WriterRecord {
  return windowsEvent(KernelPower, ctx.target, { ...ctx, keywords: 0x8000400000000404n, level: Level.Information, eventId: 109, task: 103 }, namedData([
    { name: 'ShutdownActionType', value: val.uint32(5) },
    { name: 'ShutdownEventCode', value: val.uint32(0) },
    { name: 'ShutdownReason', value: val.uint32(1) },
  ]))
}

/** Time-Service 35: the time service is now synchronizing with `source`. */
export function timeService35(ctx: EventContext, source: string, refId: number, stratum: number): WriterRecord {
  return windowsEvent(TimeService, ctx.target, { ...ctx, keywords: Keywords.System, level: Level.Information, userId: Sid.LocalService, eventId: 35 }, namedData([
    { name: 'TimeSource', value: val.string(source) },
    { name: 'TimeSourceRefId', value: val.uint32(refId) },
    { name: 'CurrentStratumNumber', value: val.uint32(stratum) },
  ], { eventDataName: 'TMP_EVENT_TIME_SOURCE_CHOSEN' }))
}

/** Time-Service 37: the time provider is receiving valid time data from `source`. */
export function timeService37(ctx: EventContext, source: string): WriterRecord {
  return windowsEvent(TimeService, ctx.target, { ...ctx, keywords: Keywords.System, level: Level.Information, userId: Sid.LocalService, eventId: 37 }, namedData([{ name: 'TimeSource', value: val.string(source) }], { eventDataName: 'TMP_EVENT_TIME_SOURCE_REACHABLE' }))
}

