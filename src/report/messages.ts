/**
 * The English messages of the events the analyzer knows, rendered with an event's insertion
 * strings. An .evtx file carries no message text (Event Viewer takes it from the provider's
 * message DLL), so reports on Linux would otherwise show bare fields.
 *
 * Texts are from ../shared/docs/rdp-domain.md section C (manifest and message-table sources).
 * Parameters are read by field name where the manifest names them (Schannel layouts differ
 * between builds, names do not), by position for classic events, and as the n-th data value for
 * events whose field names are not known. Matching never uses these texts; they are for people.
 */
import { type EventLike, eventValues, normalizeGuid } from '../model/event.js'

type Param = { readonly name: string } | { readonly position: number } | { readonly nth: number }

interface MessageTemplate {
  readonly names: readonly string[]
  readonly guid: string
  readonly eventId: number
  readonly text: string
  readonly params: readonly Param[]
}

const RCM = ['Microsoft-Windows-TerminalServices-RemoteConnectionManager', 'TermService']
const RCM_GUID = '{c76baa63-ae81-421c-b425-340b4b24157f}'
const SCHANNEL = ['Schannel']
const SCHANNEL_GUID = '{1f678132-5938-4686-9fdc-c8ff68f15c85}'

const CATALOG: readonly MessageTemplate[] = [
  {
    names: RCM,
    guid: RCM_GUID,
    eventId: 1056,
    text: 'A new self signed certificate to be used for RD Session Host Server authentication on SSL connections has been generated. The name on this certificate is %1. The SHA1 hash of the certificate is in the event data.',
    params: [{ position: 1 }],
  },
  {
    names: RCM,
    guid: RCM_GUID,
    eventId: 1057,
    text: 'The RD Session Host Server has failed to create a new self signed certificate to be used for RD Session Host Server authentication on SSL connections. The relevant status code was %1.',
    params: [{ position: 1 }],
  },
  {
    names: RCM,
    guid: RCM_GUID,
    eventId: 1058,
    text: 'The RD Session Host Server has failed to replace the expired self signed certificate used for RD Session Host Server authentication on SSL connections. The relevant status code was %1.',
    params: [{ position: 1 }],
  },
  { names: RCM, guid: RCM_GUID, eventId: 261, text: 'Listener %1 received a connection', params: [{ name: 'listenerName' }] },
  {
    names: SCHANNEL,
    guid: SCHANNEL_GUID,
    eventId: 36870,
    text: 'A fatal error occurred when attempting to access the TLS %1 credential private key. The error code returned from the cryptographic module is %2. The internal error state is %3.',
    params: [{ name: 'Type' }, { name: 'ErrorCode' }, { name: 'ErrorStatus' }],
  },
  {
    names: SCHANNEL,
    guid: SCHANNEL_GUID,
    eventId: 36871,
    text: 'A fatal error occurred while creating a TLS %1 credential. The internal error state is %2.',
    params: [{ name: 'Type' }, { name: 'ErrorState' }],
  },
  {
    names: SCHANNEL,
    guid: SCHANNEL_GUID,
    eventId: 36872,
    text: "The TLS %1 specified certificate's chain could not be retrieved: Failure Status %2, Flags %3.",
    params: [{ name: 'Type' }, { name: 'ErrorCode' }, { name: 'CertFlags' }],
  },
  {
    names: SCHANNEL,
    guid: SCHANNEL_GUID,
    eventId: 36874,
    text: 'An %1 connection request was received from a remote client application, but none of the cipher suites supported by the client application are supported by the server. The TLS connection request has failed.',
    params: [{ name: 'Protocol' }],
  },
  {
    names: SCHANNEL,
    guid: SCHANNEL_GUID,
    eventId: 36887,
    text: 'A fatal alert was received from the remote endpoint. The TLS protocol defined fatal alert code is %1.',
    params: [{ name: 'AlertDesc' }],
  },
  {
    names: ['Microsoft-Windows-TerminalServices-SessionBroker-Client'],
    guid: '{2184b5c9-1c83-4304-9c58-a9e76f718993}',
    eventId: 1296,
    text: 'Remote Desktop Connection Broker Client failed while getting redirection packet from Connection Broker. User : %1\\%2 Error: %3',
    params: [{ nth: 1 }, { nth: 2 }, { nth: 3 }],
  },
]

function templateFor(event: EventLike): MessageTemplate | undefined {
  const name = event.provider?.toLowerCase()
  const guid = normalizeGuid(event.providerGuid)
  return CATALOG.find((t) => t.eventId === event.eventId && ((name !== undefined && t.names.some((n) => n.toLowerCase() === name)) || t.guid === guid))
}

function paramValue(event: EventLike, p: Param): string | undefined {
  if ('name' in p) return event.data?.[p.name] ?? event.userData?.fields[p.name]
  if ('position' in p) return event.unnamedData?.[p.position - 1]
  return eventValues(event).filter((v) => v.label !== 'Binary')[p.nth - 1]?.value
}

/**
 * The English message of a known event with its insertion strings (`%n` stays when the event
 * lacks that value), or undefined for events not in the catalog.
 * @param event - the event
 */
export function renderMessage(event: EventLike): string | undefined {
  const t = templateFor(event)
  if (t === undefined) return undefined
  return t.text.replace(/%(\d+)(\.?)/g, (whole, n: string, dot: string) => {
    const p = t.params[Number(n) - 1]
    const v = p === undefined ? undefined : paramValue(event, p)
    if (v === undefined) return whole
    const text = v.trim()
    // Status texts end with their own period ("Access is denied."): do not double it.
    return dot === '.' && text.endsWith('.') ? text : `${text}${dot}`
  })
}

/** Whether the catalog has a message for this provider and event id. */
export function hasMessage(event: EventLike): boolean {
  return templateFor(event) !== undefined
}
