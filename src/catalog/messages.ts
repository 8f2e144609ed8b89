/**
 * English message texts of the events the RDP scenarios involve, and their rendering with an
 * event's insertion strings, as Event Viewer and `wevtutil /f:text` show them.
 *
 * Texts come from ../shared/docs/rdp-domain.md §C and the Windows message tables it cites; where
 * Windows' wording changed between builds the newer one is used. Insertion strings are taken by
 * field name when the event names its fields (Schannel's layout gained caller fields in newer
 * builds, so positions differ) and by position otherwise. Shared with the analyzer: one catalog.
 */
import { knownProvider } from './providers.js'

export interface MessageEntry {
  readonly provider: string
  readonly eventId: number
  /** Text with `%1`, `%2`, … insertion points; undefined when the text is not known. */
  readonly text: string | undefined
  /** The field each insertion point reads, when the event names its fields (`%1` is `fields[0]`). */
  readonly fields?: readonly string[]
  /** Picks this entry only for events that carry (true) or lack (false) named fields. */
  readonly named?: boolean
}

const RCM = 'Microsoft-Windows-TerminalServices-RemoteConnectionManager'
const SCM = 'Service Control Manager'

export const MESSAGES: readonly MessageEntry[] = [
  { provider: RCM, eventId: 1056, text: 'A new self signed certificate to be used for RD Session Host Server authentication on SSL connections has been generated. The name on this certificate is %1. The SHA1 hash of the certificate is in the event data.' },
  { provider: RCM, eventId: 1057, text: 'The RD Session Host Server has failed to create a new self signed certificate to be used for RD Session Host Server authentication on SSL connections. The relevant status code was %1.' },
  { provider: RCM, eventId: 1058, text: 'The RD Session Host Server has failed to replace the expired self signed certificate used for RD Session Host Server authentication on SSL connections. The relevant status code was %1.' },
  { provider: RCM, eventId: 261, fields: ['listenerName'], text: 'Listener %1 received a connection' },
  { provider: 'Schannel', eventId: 36870, fields: ['Type', 'ErrorCode', 'ErrorStatus'], text: 'A fatal error occurred when attempting to access the TLS %1 credential private key. The error code returned from the cryptographic module is %2. The internal error state is %3.' },
  { provider: 'Schannel', eventId: 36871, fields: ['Type', 'ErrorState'], text: 'A fatal error occurred while creating a TLS %1 credential. The internal error state is %2.' },
  { provider: 'Schannel', eventId: 36872, named: true, fields: ['Type', 'ErrorCode', 'CertFlags'], text: "The TLS %1 specified certificate's chain could not be retrieved: Failure Status %2, Flags %3." },
  { provider: 'Schannel', eventId: 36872, named: false, text: 'No suitable default server credential exists on this system. This will prevent server applications that expect to make use of the system default credentials from accepting SSL connections. An example of such an application is the directory server. Applications that manage their own credentials, such as the internet information server, are not affected by this.' },
  { provider: 'Schannel', eventId: 36874, fields: ['Protocol'], text: 'An %1 connection request was received from a remote client application, but none of the cipher suites supported by the client application are supported by the server. The TLS connection request has failed.' },
  { provider: 'Schannel', eventId: 36886, text: 'No suitable default server credential exists on this system. This will prevent server applications that expect to make use of the system default credentials from accepting SSL connections. An example of such an application is the directory server. Applications that manage their own credentials, such as the internet information server, are not affected by this.' },
  { provider: 'Schannel', eventId: 36887, fields: ['AlertDesc'], text: 'A fatal alert was received from the remote endpoint. The TLS protocol defined fatal alert code is %1.' },
  { provider: 'Schannel', eventId: 36888, fields: ['AlertDesc', 'ErrorState'], text: 'A fatal alert was generated and sent to the remote endpoint. This may result in termination of the connection. The TLS protocol defined fatal error code is %1. The Windows SChannel error state is %2.' },
  { provider: 'Microsoft-Windows-TerminalServices-SessionBroker', eventId: 2056, text: undefined },
  { provider: 'Microsoft-Windows-TerminalServices-SessionBroker-Client', eventId: 1296, fields: ['param1', 'param2', 'param3'], text: 'Remote Desktop Connection Broker Client failed while getting redirection packet from Connection Broker. User : %1\\%2 Error: %3' },
  { provider: SCM, eventId: 7036, fields: ['param1', 'param2'], text: 'The %1 service entered the %2 state.' },
  { provider: SCM, eventId: 7040, fields: ['param1', 'param2', 'param3'], text: 'The start type of the %1 service was changed from %2 to %3.' },
  { provider: 'EventLog', eventId: 6005, text: 'The Event log service was started.' },
  { provider: 'EventLog', eventId: 6006, text: 'The Event log service was stopped.' },
  { provider: 'EventLog', eventId: 6013, text: 'The system uptime is %5 seconds.' },
]

/** The catalog entry for an event (provider names compare case-insensitively). */
export function findMessage(provider: string, eventId: number, hasNamedFields = false): MessageEntry | undefined {
  const canonical = knownProvider(provider)?.name ?? provider
  const matches = MESSAGES.filter((m) => m.provider === canonical && m.eventId === eventId)
  return matches.find((m) => m.named === undefined || m.named === hasNamedFields)
}

/**
 * Replaces `%n` with the n-th insertion string (kept as written when there is none) and `%%` with
 * `%`, as Windows' FormatMessage does (so "…was %1." with "Access is denied." gives two periods,
 * as wevtutil prints). With `tidy`, a string that ends with its own period does not get a second
 * one (for reports meant for people).
 */
export function formatMessage(text: string, insertionStrings: readonly string[], tidy = false): string {
  return text.replace(/%(%|\d{1,2})(\.?)/g, (whole, what: string, dot: string) => {
    if (what === '%') return `%${dot}`
    const v = insertionStrings[Number(what) - 1]
    if (v === undefined) return whole
    return tidy && dot === '.' && v.endsWith('.') ? v : `${v}${dot}`
  })
}

/**
 * The event's message with its insertion strings filled in, or undefined when the catalog does
 * not know the text.
 * @param insertionStrings - the event's data values in order (EventData/Data, or UserData's fields)
 * @param names - the field name of each value (`Data/@Name` or the UserData element name), when it has one
 * @param tidy - no doubled period after a string that ends with one (see formatMessage)
 */
export function renderMessage(
  provider: string,
  eventId: number,
  insertionStrings: readonly string[],
  names: readonly (string | undefined)[] = [],
  tidy = false,
): string | undefined {
  const named = names.some((n) => n !== undefined)
  const entry = findMessage(provider, eventId, named)
  if (entry?.text === undefined) return undefined
  let args = insertionStrings
  if (entry.fields !== undefined && named) {
    // By position only when the event names none of the fields: one that names the others and
    // lacks this one would give another field's value (the newer Schannel layout's caller).
    const fields = entry.fields
    const byName = fields.some((f) => names.includes(f))
    args = fields.map((f, i) => {
      const at = names.indexOf(f)
      return at >= 0 ? (insertionStrings[at] as string) : ((byName ? undefined : insertionStrings[i]) ?? `%${i + 1}`)
    })
  }
  return formatMessage(entry.text, args, tidy)
}

/**
 * What Event Viewer shows when it has no text for an event: the standard notice and the
 * insertion strings, one per line.
 */
export function missingDescription(provider: string, eventId: number, insertionStrings: readonly string[]): string {
  const head = `The description for Event ID ${eventId} from source ${provider} cannot be found. Either the component that raises this event is not installed on your local computer or the installation is corrupted. You can install or repair the component on the local computer.\n\nIf the event originated on another computer, the display information had to be saved with the event.`
  if (insertionStrings.length === 0) return head
  return `${head}\n\nThe following information was included with the event: \n\n${insertionStrings.join('\n')}`
}
