/**
 * Log names and files. Windows stores channel `A/B` as `A%4B.evtx`; wevtutil and QueryList paths
 * name channels case-insensitively (`system` is `System`), or a file as `file://…`.
 */

export { channelFromFileName, fileNameForChannel } from '../inputs/channels.js'

export function sameChannel(a: string, b: string): boolean {
  return a.localeCompare(b, 'en', { sensitivity: 'accent' }) === 0
}

/** A QueryList `Path`: a channel name, or the file a `file://` URI names. */
export function parseLogPath(path: string): { readonly channel: string } | { readonly file: string } {
  const m = /^file:\/\/(.*)$/i.exec(path.trim())
  if (m) return { file: decodeURIComponent((m[1] as string).replace(/^\/([A-Za-z]:)/, '$1')) }
  return { channel: path.trim() }
}
