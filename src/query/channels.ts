/**
 * Log names and files. Windows stores channel `A/B` as `A%4B.evtx`; wevtutil and QueryList paths
 * name channels case-insensitively (`system` is `System`), or a file as `file://…`.
 */

/** The channel an exported file most likely holds, from its name (`…SessionBroker%4Operational.evtx`). */
export function channelFromFileName(fileName: string): string {
  const base = fileName.replace(/^.*[\\/]/, '').replace(/\.evtx$/i, '')
  return base.replace(/%4/g, '/')
}

/** The file name Windows gives a channel's log (`Microsoft-Windows-…/Operational` → `Microsoft-Windows-…%4Operational.evtx`). */
export function fileNameForChannel(channel: string): string {
  return `${channel.replace(/\//g, '%4')}.evtx`
}

export function sameChannel(a: string, b: string): boolean {
  return a.localeCompare(b, 'en', { sensitivity: 'accent' }) === 0
}

/** A QueryList `Path`: a channel name, or the file a `file://` URI names. */
export function parseLogPath(path: string): { readonly channel: string } | { readonly file: string } {
  const m = /^file:\/\/(.*)$/i.exec(path.trim())
  if (m) return { file: decodeURIComponent((m[1] as string).replace(/^\/([A-Za-z]:)/, '$1')) }
  return { channel: path.trim() }
}
