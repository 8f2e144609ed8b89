/**
 * Providers the RDP scenarios involve: their names as events carry them, and the channels they
 * write to, so a query that looks in the wrong log (or misspells a provider) can be told so.
 * Ref: ../shared/docs/rdp-domain.md §C (channels) and §0 fact 2.
 */

export interface KnownProvider {
  readonly name: string
  /** Channels the provider's events are written to, the usual one first. */
  readonly channels: readonly string[]
  /** Task display names Windows shows for this provider (`Task: None` for classic events). */
  readonly tasks?: Readonly<Record<number, string>>
}

export const KNOWN_PROVIDERS: readonly KnownProvider[] = [
  { name: 'Microsoft-Windows-TerminalServices-RemoteConnectionManager', channels: ['System', 'Microsoft-Windows-TerminalServices-RemoteConnectionManager/Operational', 'Microsoft-Windows-TerminalServices-RemoteConnectionManager/Admin'], tasks: { 0: 'None' } },
  { name: 'Schannel', channels: ['System'], tasks: { 0: 'None' } },
  { name: 'Microsoft-Windows-TerminalServices-SessionBroker', channels: ['Microsoft-Windows-TerminalServices-SessionBroker/Operational'] },
  { name: 'Microsoft-Windows-TerminalServices-SessionBroker-Client', channels: ['Microsoft-Windows-TerminalServices-SessionBroker-Client/Operational'] },
  { name: 'Service Control Manager', channels: ['System'], tasks: { 0: 'None' } },
  { name: 'EventLog', channels: ['System'] },
]

/** The known provider with this name (provider names are case-insensitive on Windows). */
export function knownProvider(name: string): KnownProvider | undefined {
  const key = name.toLowerCase()
  return KNOWN_PROVIDERS.find((p) => p.name.toLowerCase() === key)
}

/**
 * The task's display name: the provider's own where known, else `N/A` for task 0 and `(N)` for
 * others, as Event Viewer shows a task whose name it cannot look up (the article's `(109)`).
 */
export function taskName(provider: string | undefined, task: number | undefined): string {
  if (task === undefined) return 'N/A'
  const known = provider === undefined ? undefined : knownProvider(provider)?.tasks?.[task]
  if (known !== undefined) return known
  return task === 0 ? 'N/A' : `(${task})`
}
