/**
 * Output files checked against what is read: `analyze --out` and `--script` never replace an
 * input, an event log or a ZIP archive, nor each other. A copied log is evidence, and
 * `--out System.evtx`, one word off, would otherwise replace it with the report.
 */
import { open, stat } from 'node:fs/promises'
import { resolve } from 'node:path'
import { startsLikeZip } from '../archive/zip-signature.js'
import { FILE_MAGIC, hasMagic } from '../evtx/constants.js'
import { CliError } from './io.js'

/** An output file and the option that named it. */
export interface Output {
  readonly option: string
  readonly path: string
}

/** Device and inode of what is at `path` (links followed), or undefined when nothing is. */
async function identity(path: string): Promise<string | undefined> {
  const s = await stat(path).catch(() => undefined)
  return s === undefined ? undefined : `${s.dev}:${s.ino}`
}

/**
 * What an existing regular file holds, by its first bytes: an event log, a ZIP archive, or
 * neither. Only regular files are opened: a pipe would wait for a writer, a device is no evidence.
 */
async function protectedKind(path: string): Promise<string | undefined> {
  const s = await stat(path).catch(() => undefined)
  if (s === undefined || !s.isFile()) return undefined
  const handle = await open(path, 'r').catch(() => undefined)
  if (handle === undefined) return undefined
  try {
    const buffer = new Uint8Array(8)
    const { bytesRead } = await handle.read(buffer, 0, 8, 0)
    const head = buffer.subarray(0, bytesRead)
    if (hasMagic(head, 0, FILE_MAGIC)) return 'an event log'
    if (startsLikeZip(head)) return 'a ZIP archive'
    return undefined
  } finally {
    await handle.close()
  }
}

/**
 * Refuses outputs that would replace what must be kept.
 * @param inputs - paths being read (as given, or the files found in them)
 * @throws {CliError} when two outputs are one file, or an output is one of `inputs`, an existing
 *   event log or an existing ZIP archive
 */
export async function checkOutputs(command: string, outputs: readonly Output[], inputs: readonly string[]): Promise<void> {
  const seen = new Map<string, Output>()
  for (const o of outputs) {
    const key = (await identity(o.path)) ?? resolve(o.path)
    const other = seen.get(key)
    if (other !== undefined) throw new CliError(`${command}: ${other.option} and ${o.option} name the same file (${o.path}): give each its own`)
    seen.set(key, o)
  }
  const read = new Set<string>()
  for (const input of inputs) {
    const id = await identity(input)
    if (id !== undefined) read.add(id)
  }
  for (const o of outputs) {
    if ((await stat(o.path).catch(() => undefined))?.isDirectory() === true) throw new CliError(`${command}: ${o.option} ${o.path} is a folder: give a file`)
    const id = await identity(o.path)
    if (id !== undefined && read.has(id)) throw new CliError(`${command}: ${o.option} ${o.path} is one of the inputs: writing there would destroy it; choose another file`)
    const kind = await protectedKind(o.path)
    if (kind !== undefined) throw new CliError(`${command}: ${o.option} ${o.path} is ${kind}: writing there would destroy it; choose another file`)
  }
}
