/**
 * One Windows event as a record: the envelope values from the event's System fields, and its
 * payload as the envelope's nested BinXml value.
 */
import { ValueType as T } from '../../binxml/value-types.js'
import { doc, instance } from '../build.js'
import type { WriterRecord, WriterValue } from '../model.js'
import { toTicks, val } from '../value-encoder.js'
import { envelopeLayout, envelopeTemplate, MANIFEST_VALUE, type ProviderInfo, SystemValue } from './envelope.js'
import type { Payload } from './payload.js'

/** Where an event is logged. */
export interface LogTarget {
  readonly computer: string
  readonly channel: string
}

/** The System fields of one event. */
export interface SystemFields {
  readonly recordId: number | bigint
  /** TimeCreated (and the record's written time): FILETIME ticks or ISO text. */
  readonly time: bigint | string
  readonly eventId: number
  /** Classic events: the high 16 bits of the message id (16384 info, 32768 warning, 49152 error). */
  readonly qualifiers?: number
  readonly version?: number
  readonly level: number
  readonly task?: number
  readonly opcode?: number
  readonly keywords: bigint
  readonly processId: number
  readonly threadId: number
  readonly activityId?: string
  readonly relatedActivityId?: string
  readonly userId?: string
}

/** Builds the record for `fields` + `payload` from `provider` on `target`. */
export function windowsEvent(provider: ProviderInfo, target: LogTarget, fields: SystemFields, payload: Payload): WriterRecord {
  const style = provider.style
  const layout = envelopeLayout(style)
  const ticks = toTicks(fields.time)
  const values: WriterValue[] = new Array<WriterValue>(layout.count).fill(val.null())
  const S = SystemValue
  values[S.Level] = val.uint8(fields.level)
  values[S.Opcode] = val.uint8(fields.opcode ?? 0)
  values[S.Task] = val.uint16(fields.task ?? 0)
  values[S.EventId] = val.uint16(fields.eventId)
  values[S.Qualifiers] = fields.qualifiers !== undefined ? val.uint16(fields.qualifiers) : val.null(style === 'manifest' ? 2 : 0)
  values[S.Keywords] = val.hex64(fields.keywords)
  values[S.TimeCreated] = val.filetime(ticks)
  if (fields.activityId !== undefined) values[S.ActivityId] = val.guid(fields.activityId)
  values[S.ProcessId] = val.uint32(fields.processId)
  values[S.ThreadId] = val.uint32(fields.threadId)
  values[S.EventRecordId] = val.uint64(BigInt(fields.recordId))
  values[S.Version] = val.uint8(fields.version ?? 0)
  if (fields.userId !== undefined) values[S.UserId] = val.sid(fields.userId)
  if (fields.relatedActivityId !== undefined) values[layout.related] = val.guid(fields.relatedActivityId)
  if (style === 'manifest') {
    values[MANIFEST_VALUE.ProviderName] = val.string(provider.name)
    if (provider.guid !== undefined) values[MANIFEST_VALUE.ProviderGuid] = val.guid(provider.guid)
    values[MANIFEST_VALUE.Channel] = val.string(target.channel)
  }
  const nested = doc([instance(payload.template, payload.values)], style !== 'manifest')
  values[layout.payload] = { type: T.BinXml, value: nested }
  const envelope = envelopeTemplate(provider, target.channel, target.computer, payload.kind)
  return { recordId: fields.recordId, written: ticks, document: doc([instance(envelope, values)]) }
}
