/**
 * Providers the RDP scenarios involve: their names as events carry them, and the channels they
 * write to, so a query that looks in the wrong log (or misspells a provider) can be told so.
 * Ref: ../shared/docs/rdp-domain.md §C (channels) and §0 fact 2.
 */

export interface KnownProvider {
  readonly name: string
  /** The provider GUID, braced lowercase; classic-only sources have none. */
  readonly guid?: string
  /** Channels the provider's events are written to, the usual one first. */
  readonly channels: readonly string[]
  /** Task display names Windows shows for this provider (`Task: None` for classic events). */
  readonly tasks?: Readonly<Record<number, string>>
}

export const KNOWN_PROVIDERS: readonly KnownProvider[] = [
  { name: 'Microsoft-Windows-TerminalServices-RemoteConnectionManager', guid: '{c76baa63-ae81-421c-b425-340b4b24157f}', channels: ['System', 'Microsoft-Windows-TerminalServices-RemoteConnectionManager/Operational', 'Microsoft-Windows-TerminalServices-RemoteConnectionManager/Admin'], tasks: { 0: 'None' } },
  { name: 'Schannel', guid: '{1f678132-5938-4686-9fdc-c8ff68f15c85}', channels: ['System'], tasks: { 0: 'None' } },
  { name: 'Microsoft-Windows-TerminalServices-SessionBroker', guid: '{d1737620-6a25-4bef-b07b-aac3df44efc9}', channels: ['Microsoft-Windows-TerminalServices-SessionBroker/Operational'] },
  { name: 'Microsoft-Windows-TerminalServices-SessionBroker-Client', guid: '{2184b5c9-1c83-4304-9c58-a9e76f718993}', channels: ['Microsoft-Windows-TerminalServices-SessionBroker-Client/Operational'] },
  { name: 'Service Control Manager', guid: '{555908d1-a6d7-4695-8e1e-26931d2012f4}', channels: ['System'], tasks: { 0: 'None' } },
  { name: 'EventLog', channels: ['System'] },
]

/**
 * The known provider with this name or GUID (provider names are case-insensitive on Windows; the
 * legacy source name TermService stands for RemoteConnectionManager).
 */
export function knownProvider(nameOrGuid: string): KnownProvider | undefined {
  const key = nameOrGuid.trim().toLowerCase()
  const braced = key.startsWith('{') ? key : `{${key}}`
  if (key === 'termservice') return KNOWN_PROVIDERS[0]
  return KNOWN_PROVIDERS.find((p) => p.name.toLowerCase() === key || p.guid === braced)
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
