/**
 * The System envelope: the outer template every Windows record uses, modelled on real ones.
 *
 * Windows compiles one envelope per provider, channel and computer and puts the event's own
 * payload (EventData or UserData) in a nested BinXml value. Three shapes appear in real System
 * and Operational logs (dumped from the shared corpus: dfir-belkasoft System.evtx,
 * velociraptor RDPAuth_*.evtx, evtx-rs RemoteConnectionManager%4Operational.evtx):
 *
 * - `classic` (providers with an EventSourceName, e.g. Service Control Manager, TermService):
 *   Provider Name/Guid/EventSourceName, Channel and Computer are literal text; 20 values, the
 *   payload is value 19, `<Event>` depends on it; the payload carries a fragment header.
 * - `eventlog` (the EventLog service's own events): as classic without Guid, Version, Opcode,
 *   Correlation and Execution.
 * - `manifest` (Schannel, Kernel-General, TerminalServices-*): Provider Name and Guid are
 *   values 14 and 15, Channel is value 16 (Channel depends on it), 18 values, payload value 17
 *   without a fragment header, Qualifiers value is Null with 2 bytes. With an EventData payload
 *   `<Event>` depends on it; with a UserData payload `<UserData>` wraps it and depends on it.
 *
 * Every System child except Provider, TimeCreated, Correlation, Execution, Channel, Computer
 * and Security depends on its value (dependency id = the value index), and every substitution
 * in the envelope is optional, exactly as in the real templates.
 */
import { ValueType as T } from '../../binxml/value-types.js'
import { attr, el, opt, text } from '../build.js'
import type { AttributeSpec, ContentSpec, ElementSpec, TemplateDefinition } from '../model.js'

export const EVENT_NAMESPACE = 'http://schemas.microsoft.com/win/2004/08/events/event'

export type EnvelopeStyle = 'classic' | 'eventlog' | 'manifest'

export interface ProviderInfo {
  readonly name: string
  /** Provider GUID as the provider registers it (classic envelopes keep its case as text). */
  readonly guid?: string
  /** Legacy event source name (classic providers only). */
  readonly eventSourceName?: string
  readonly style: EnvelopeStyle
}

/** Value indices of the envelope fields. */
export const SystemValue = {
  Level: 0,
  Opcode: 1,
  Task: 2,
  EventId: 3,
  Qualifiers: 4,
  Keywords: 5,
  TimeCreated: 6,
  ActivityId: 7,
  ProcessId: 8,
  ThreadId: 9,
  EventRecordId: 10,
  Version: 11,
  UserId: 12,
} as const

const MANIFEST = { RelatedActivityId: 13, ProviderName: 14, ProviderGuid: 15, Channel: 16, Payload: 17, Count: 18 } as const
const CLASSIC = { RelatedActivityId: 18, Payload: 19, Count: 20 } as const

/** Number of envelope values and where the payload and RelatedActivityID go, per style. */
export function envelopeLayout(style: EnvelopeStyle): { count: number; payload: number; related: number } {
  return style === 'manifest'
    ? { count: MANIFEST.Count, payload: MANIFEST.Payload, related: MANIFEST.RelatedActivityId }
    : { count: CLASSIC.Count, payload: CLASSIC.Payload, related: CLASSIC.RelatedActivityId }
}

export const MANIFEST_VALUE = MANIFEST

function dependent(name: string, index: number, type: number, attributes: AttributeSpec[] = []): ElementSpec {
  return el(name, attributes, [opt(index, type)], { depId: index })
}

function systemElement(p: ProviderInfo, channel: string, computer: string): ElementSpec {
  const S = SystemValue
  const { related } = envelopeLayout(p.style)
  const providerAttrs: AttributeSpec[] =
    p.style === 'manifest'
      ? [attr('Name', opt(MANIFEST.ProviderName, T.String)), attr('Guid', opt(MANIFEST.ProviderGuid, T.Guid))]
      : [attr('Name', p.name)]
  if (p.style === 'classic') {
    if (p.guid !== undefined) providerAttrs.push(attr('Guid', p.guid))
    if (p.eventSourceName !== undefined) providerAttrs.push(attr('EventSourceName', p.eventSourceName))
  }
  const full = p.style !== 'eventlog'
  const children: ContentSpec[] = [
    el('Provider', providerAttrs),
    dependent('EventID', S.EventId, T.UInt16, [attr('Qualifiers', opt(S.Qualifiers, T.UInt16))]),
    ...(full ? [dependent('Version', S.Version, T.UInt8)] : []),
    dependent('Level', S.Level, T.UInt8),
    dependent('Task', S.Task, T.UInt16),
    ...(full ? [dependent('Opcode', S.Opcode, T.UInt8)] : []),
    dependent('Keywords', S.Keywords, T.HexInt64),
    el('TimeCreated', [attr('SystemTime', opt(S.TimeCreated, T.FileTime))]),
    dependent('EventRecordID', S.EventRecordId, T.UInt64),
    ...(full
      ? [
          el('Correlation', [attr('ActivityID', opt(S.ActivityId, T.Guid)), attr('RelatedActivityID', opt(related, T.Guid))]),
          el('Execution', [attr('ProcessID', opt(S.ProcessId, T.UInt32)), attr('ThreadID', opt(S.ThreadId, T.UInt32))]),
        ]
      : []),
    p.style === 'manifest' ? dependent('Channel', MANIFEST.Channel, T.String) : el('Channel', [], [text(channel)]),
    el('Computer', [], [text(computer)]),
    el('Security', [attr('UserID', opt(S.UserId, T.Sid))]),
  ]
  return el('System', [], children)
}

const cache = new Map<string, TemplateDefinition>()

/**
 * The envelope template for a provider writing `payload` ('EventData' or 'UserData') to
 * `channel` on `computer`. The same arguments return the same definition object.
 */
export function envelopeTemplate(p: ProviderInfo, channel: string, computer: string, payload: 'EventData' | 'UserData'): TemplateDefinition {
  const key = JSON.stringify([p, channel, computer, payload])
  let t = cache.get(key)
  if (t === undefined) {
    const at = envelopeLayout(p.style).payload
    const userData = payload === 'UserData'
    const body = userData ? el('UserData', [], [opt(at, T.BinXml)], { depId: at }) : opt(at, T.BinXml)
    const eventOptions = userData ? {} : { depId: at }
    t = { body: [el('Event', [attr('xmlns', EVENT_NAMESPACE)], [systemElement(p, channel, computer), body], eventOptions)] }
    cache.set(key, t)
  }
  return t
}
