/**
 * Which files a query reads. A LOG argument is an .evtx file, or, with `--logs DIR`, a log name
 * as wevtutil takes it (`system`, `Microsoft-Windows-TerminalServices-SessionBroker/Operational`)
 * found in DIR by its Windows file name (`…%4Operational.evtx`) or by the channel its events
 * carry. Every .evtx file in DIR is also available for hints ("this event is in that log").
 */
import { readdir } from 'node:fs/promises'
import { basename, join, resolve } from 'node:path'
import { SYSTEM_PATHS } from '../access/system.js'
import { selectValue } from '../access/select.js'
import { readEvtx } from '../evtx/read.js'
import { channelFromFileName, fileNameForChannel, parseLogPath, sameChannel } from '../query/channels.js'
import { CliError } from './io.js'
import { pathKind } from './path-kind.js'

export interface LogFile {
  /** Absolute path. */
  readonly path: string
  /** As the user named it (or the file name, for files found in DIR). */
  readonly display: string
  /** The channel its first event carries, else the one its file name stands for. */
  readonly channel: string
}

async function isFile(path: string): Promise<boolean> {
  return (await pathKind(path)) === 'file'
}

/** The channel of a log file: its first readable event's, else the one its name stands for. */
export async function channelOfFile(path: string): Promise<string> {
  try {
    for await (const record of readEvtx(path)) {
      const channel = selectValue(record, SYSTEM_PATHS.channel)
      if (channel !== undefined && channel !== '') return channel
      break
    }
  } catch {
    // Unreadable files are reported when they are queried; the name is the best guess here.
  }
  return channelFromFileName(path)
}

async function logFile(path: string, display: string): Promise<LogFile> {
  return { path, display, channel: await channelOfFile(path) }
}

/** Every .evtx file in `dir`, by name (`display` is how the user wrote the directory). */
export async function logsInDirectory(dir: string, display = dir): Promise<LogFile[]> {
  let names: string[]
  try {
    names = await readdir(dir)
  } catch (e) {
    throw new CliError(`query: --logs ${display}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such directory' : (e as Error).message}`)
  }
  const evtx = names.filter((n) => n.toLowerCase().endsWith('.evtx')).sort()
  // Only regular files: reading a pipe named *.evtx for its channel would wait for a writer.
  const regular = await mapFew(evtx, CHANNEL_READS, (n) => isFile(join(dir, n)))
  const files = evtx.filter((_, i) => regular[i])
  return mapFew(files, CHANNEL_READS, (n) => logFile(join(dir, n), join(display, n)))
}

/**
 * Files whose first event is read at once for its channel. Each read holds up to 2 MiB (a read
 * and the one ahead of it): all at once, a folder of 424 logs took 502 MB.
 */
const CHANNEL_READS = 4

/** `f` over `items`, at most `limit` at a time, results in the items' order. */
async function mapFew<T, R>(items: readonly T[], limit: number, f: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length)
  let next = 0
  const lane = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++
      out[i] = await f(items[i] as T)
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane))
  return out
}

/** The file a LOG argument names. */
export async function resolveLog(arg: string, cwd: string, dirLogs: readonly LogFile[] | undefined): Promise<LogFile> {
  const direct = resolve(cwd, arg)
  const kind = await pathKind(direct)
  if (kind === 'file') return logFile(direct, arg)
  if (kind === 'other') throw new CliError(`query: ${arg}: not a regular file (a pipe or a device): query reads a log twice, so save it to a file first`)
  if (kind === 'folder' && dirLogs === undefined) {
    throw new CliError(`query: ${arg}: is a folder: to query its logs by name, give it with --logs (rdp-triage query system --logs ${arg})`)
  }
  if (dirLogs === undefined) {
    throw new CliError(`query: ${arg}: no such file (to name a log as wevtutil does, such as 'system', say where the exported logs are with --logs DIR)`)
  }
  const wanted = [arg, `${arg}.evtx`, fileNameForChannel(arg)].map((n) => n.toLowerCase())
  const byName = dirLogs.find((l) => wanted.includes(basename(l.path).toLowerCase()))
  if (byName !== undefined) return byName
  const byChannel = dirLogs.find((l) => sameChannel(l.channel, arg))
  if (byChannel !== undefined) return byChannel
  throw new CliError(`query: no log '${arg}' among the ${dirLogs.length} .evtx files in the --logs directory`)
}

/** The files a QueryList path names, among the available ones (a `file://` path is read directly). */
export async function logsForPath(path: string, available: readonly LogFile[], cwd: string): Promise<LogFile[]> {
  const p = parseLogPath(path)
  if ('file' in p) {
    const file = resolve(cwd, p.file)
    const known = available.find((l) => l.path === file)
    if (known !== undefined) return [known]
    const kind = await pathKind(file)
    if (kind === 'none') throw new CliError(`query: QueryList path ${path}: no such file`)
    if (kind !== 'file') throw new CliError(`query: QueryList path ${path}: not a regular file (a folder, a pipe or a device): query reads a log twice, from a file`)
    return [await logFile(file, p.file)]
  }
  return available.filter((l) => sameChannel(l.channel, p.channel) || sameChannel(channelFromFileName(l.path), p.channel))
}
