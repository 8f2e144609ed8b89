/**
 * Output files checked against what is read: `analyze --out` and `--script` never replace an
 * input, an event log or a ZIP archive (protected-kind.ts), nor each other. A copied log is
 * evidence, and `--out System.evtx`, one word off, would otherwise replace it with the report.
 */
import { stat, realpath } from 'node:fs/promises'
import { basename, dirname, join, resolve } from 'node:path'
import { CliError } from './io.js'
import { protectedKind } from './protected-kind.js'

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
 * What an output path names: the file there, else (a file yet to be written) its folder with
 * links followed and its name, so that two paths through a linked folder are one.
 */
async function outputKey(path: string): Promise<string> {
  const id = await identity(path)
  if (id !== undefined) return id
  const full = resolve(path)
  const folder = await realpath(dirname(full)).catch(() => dirname(full))
  return join(folder, basename(full))
}

/**
 * The file read for an input: the path itself, or for a log in a ZIP archive
 * (`logs.zip!/System.evtx`) the archive, the one part before a `!/` that is a regular file (a
 * folder's name may hold `!/` too).
 */
async function inputIdentity(input: string): Promise<string | undefined> {
  const id = await identity(input)
  if (id !== undefined) return id
  for (let at = input.indexOf('!/'); at > 0; at = input.indexOf('!/', at + 1)) {
    const s = await stat(input.slice(0, at)).catch(() => undefined)
    if (s?.isFile() === true) return `${s.dev}:${s.ino}`
  }
  return undefined
}

/**
 * Refuses outputs that would replace what must be kept.
 * @param inputs - paths being read (as given, the files found in them, or the logs found in an
 *   archive, named `archive!/entry`)
 * @throws {CliError} when two outputs are one file, or an output is one of `inputs` (or the
 *   archive of one), an existing event log or an existing ZIP archive
 */
export async function checkOutputs(command: string, outputs: readonly Output[], inputs: readonly string[]): Promise<void> {
  const seen = new Map<string, Output>()
  for (const o of outputs) {
    const key = await outputKey(o.path)
    const other = seen.get(key)
    if (other !== undefined) throw new CliError(`${command}: ${other.option} and ${o.option} name the same file (${o.path}): give each its own`)
    seen.set(key, o)
  }
  const read = new Set<string>()
  for (const input of inputs) {
    const id = await inputIdentity(input)
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
