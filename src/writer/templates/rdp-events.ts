/**
 * The events of the three RDP scenarios and their context, as Windows writes them
 * (../shared/docs/rdp-domain.md sections C and H; docs/samples.md says what is seen in real
 * logs and what is inferred).
 */
import type { WriterRecord } from '../model.js'
import { val } from '../value-encoder.js'
import { type LogTarget, type SystemFields, windowsEvent } from './event.js'
import { classicData, namedData, type PayloadField, userData } from './payload.js'
import {
  Keywords,
  Level,
  LocalSessionManager,
  Qualifiers,
  RcmClassic,
  RcmManifest,
  Schannel,
  SessionBroker,
  SessionBrokerClient,
  Sid,
} from './providers.js'

/** What every event builder needs besides its own fields. */
export interface EventContext {
  readonly target: LogTarget
  readonly recordId: number | bigint
  readonly time: bigint | string
  readonly processId: number
  readonly threadId: number
  readonly activityId?: string
}

function base(ctx: EventContext): Pick<SystemFields, 'recordId' | 'time' | 'processId' | 'threadId' | 'activityId'> {
  const b = { recordId: ctx.recordId, time: ctx.time, processId: ctx.processId, threadId: ctx.threadId }
  return ctx.activityId === undefined ? b : { ...b, activityId: ctx.activityId }
}

/** RCM 1056: a new self-signed certificate was generated (Data = certificate name, Binary = SHA1). */
export function rcm1056(ctx: EventContext, certificateName: string, sha1: Uint8Array): WriterRecord {
  return windowsEvent(RcmClassic, ctx.target, { ...base(ctx), eventId: 1056, qualifiers: Qualifiers.Error, level: Level.Information, keywords: Keywords.Classic }, classicData([certificateName], sha1))
}

/** RCM 1057: failed to create a new self-signed certificate; `status` is the status text. */
export function rcm1057(ctx: EventContext, status: string): WriterRecord {
  return windowsEvent(RcmClassic, ctx.target, { ...base(ctx), eventId: 1057, qualifiers: Qualifiers.Error, level: Level.Error, keywords: Keywords.Classic }, classicData([status]))
}

/** RCM 1058: failed to replace the expired self-signed certificate; `status` is the status text. */
export function rcm1058(ctx: EventContext, status: string): WriterRecord {
  return windowsEvent(RcmClassic, ctx.target, { ...base(ctx), eventId: 1058, qualifiers: Qualifiers.Error, level: Level.Error, keywords: Keywords.Classic }, classicData([status]))
}

/** Schannel's field layout: `newer` builds put CallerProcessId and CallerProcessImageName first. */
export interface SchannelCaller {
  readonly layout: 'older' | 'newer'
  readonly callerProcessId?: number
  readonly callerProcessImageName?: string
}

function schannel(ctx: EventContext, eventId: number, caller: SchannelCaller, fields: PayloadField[]): WriterRecord {
  const all: PayloadField[] =
    caller.layout === 'newer'
      ? [
          { name: 'CallerProcessId', value: val.uint32(caller.callerProcessId ?? ctx.processId) },
          { name: 'CallerProcessImageName', value: val.string(caller.callerProcessImageName ?? 'C:\\Windows\\System32\\svchost.exe') },
          ...fields,
        ]
      : fields
  return windowsEvent(Schannel, ctx.target, { ...base(ctx), eventId, level: Level.Error, keywords: Keywords.System, userId: Sid.LocalSystem }, namedData(all))
}

/** Schannel 36870: fatal error accessing the TLS credential private key. */
export function schannel36870(ctx: EventContext, caller: SchannelCaller, type: 'server' | 'client', errorCode: number, errorStatus: number): WriterRecord {
  return schannel(ctx, 36870, caller, [
    { name: 'Type', value: val.string(type) },
    { name: 'ErrorCode', value: val.hex32(errorCode) },
    { name: 'ErrorStatus', value: val.uint32(errorStatus) },
  ])
}

/** Schannel 36871: fatal error creating a TLS credential. */
export function schannel36871(ctx: EventContext, caller: SchannelCaller, type: 'server' | 'client', errorState: number): WriterRecord {
  return schannel(ctx, 36871, caller, [
    { name: 'Type', value: val.string(type) },
    { name: 'ErrorState', value: val.uint32(errorState) },
  ])
}

/** Schannel 36872: the certificate's chain or credential could not be retrieved. */
export function schannel36872(ctx: EventContext, caller: SchannelCaller, type: 'server' | 'client', errorCode: number, certFlags: number, credContext: Uint8Array): WriterRecord {
  return schannel(ctx, 36872, caller, [
    { name: 'Type', value: val.string(type) },
    { name: 'ErrorCode', value: val.hex32(errorCode) },
    { name: 'CertFlags', value: val.hex32(certFlags) },
    { name: '__binLength', value: val.uint32(credContext.length) },
    { name: 'CredContext', value: val.binary(credContext) },
  ])
}

const tsOperational = { keywords: Keywords.TsOperational, level: Level.Information } as const

/** RCM Operational 261: the listener received a connection. */
export function rcm261(ctx: EventContext, listenerName = 'RDP-Tcp'): WriterRecord {
  return windowsEvent(RcmManifest, ctx.target, { ...base(ctx), ...tsOperational, eventId: 261, userId: Sid.NetworkService }, userData([{ name: 'listenerName', value: val.string(listenerName) }]))
}

/** RCM Operational 1149: user authentication succeeded (Param1 user, Param2 domain, Param3 source address). */
export function rcm1149(ctx: EventContext, user: string, domain: string, address: string): WriterRecord {
  return windowsEvent(RcmManifest, ctx.target, { ...base(ctx), ...tsOperational, eventId: 1149, userId: Sid.NetworkService }, userData([
    { name: 'Param1', value: val.string(user) },
    { name: 'Param2', value: val.string(domain) },
    { name: 'Param3', value: val.string(address) },
  ]))
}

/** LocalSessionManager Operational 21 (logon), 24 (disconnected), 25 (reconnected): User, SessionID, Address. */
export function lsmSession(ctx: EventContext, eventId: 21 | 24 | 25, user: string, sessionId: number, address: string): WriterRecord {
  return windowsEvent(LocalSessionManager, ctx.target, { ...base(ctx), ...tsOperational, eventId, userId: Sid.LocalSystem }, userData([
    { name: 'User', value: val.string(user) },
    { name: 'SessionID', value: val.uint32(sessionId) },
    { name: 'Address', value: val.string(address) },
  ]))
}

function params(values: readonly string[]): PayloadField[] {
  return values.map((v, i) => ({ name: `param${i + 1}`, value: val.string(v) }))
}

/** SessionBroker 2056 (Task 109, NETWORK SERVICE): the broker cannot use its database. */
export function sessionBroker2056(ctx: EventContext, strings: readonly [string, string, string] = ['NULL', 'NULL', 'Logon to the database failed.']): WriterRecord {
  return windowsEvent(SessionBroker, ctx.target, { ...base(ctx), eventId: 2056, level: Level.Error, task: 109, keywords: Keywords.TsOperational, userId: Sid.NetworkService }, userData(params(strings)))
}

/** SessionBroker-Client 1296 (Task 104, NETWORK SERVICE): domain, user, error text. */
export function sessionBrokerClient1296(ctx: EventContext, domain: string, user: string, error = 'Remote Desktop Connection Broker is not ready for RPC communication.'): WriterRecord {
  return windowsEvent(SessionBrokerClient, ctx.target, { ...base(ctx), eventId: 1296, level: Level.Error, task: 104, keywords: Keywords.TsOperational, userId: Sid.NetworkService }, userData(params([domain, user, error])))
}
