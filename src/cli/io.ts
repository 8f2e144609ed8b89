/**
 * What a CLI command may touch: two output streams, the environment, and whether stderr is a
 * terminal. Commands never use `process` directly, so tests run them in-process.
 */
import { describeLocation, type EvtxError } from '../errors.js'

export interface OutputStream {
  /**
   * Text, or UTF-8 bytes (dumps render straight into bytes). The callback, when given, runs once
   * the chunk has been handed to the system (Node.js streams' write callback).
   */
  write(chunk: string | Uint8Array, done?: (error?: Error | null) => void): boolean | Promise<unknown> | unknown
  once?(event: 'drain', listener: () => void): unknown
  readonly isTTY?: boolean
}

export interface CliIo {
  readonly stdout: OutputStream
  readonly stderr: OutputStream
  readonly env: Readonly<Record<string, string | undefined>>
  readonly cwd: string
}

/** Exit codes (documented in README.md). */
export const ExitCode = {
  /** Success; for `analyze`: no scenario found. */
  Ok: 0,
  /** `analyze`: at least one scenario found. */
  Findings: 1,
  /** Bad usage, or input that cannot be read. */
  UsageOrInput: 2,
  /** A bug in rdp-triage. */
  Internal: 70,
} as const
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode]

/** A failure the user can act on: printed as one line, never with a stack trace. */
export class CliError extends Error {
  override readonly name = 'CliError'
  readonly exitCode: ExitCode
  constructor(message: string, exitCode: ExitCode = ExitCode.UsageOrInput) {
    super(message)
    this.exitCode = exitCode
  }
}

/** Per stream, the wait for its 'drain' event under way: one listener however many writers wait. */
const drains = new WeakMap<OutputStream, Promise<void>>()

/**
 * Writes and waits for the stream to drain when it asks to (bounded memory on large dumps).
 * Writers that do not wait (diagnostics as they are found) share one 'drain' listener: one each
 * made Node warn of a listener leak, in the middle of the output, once a full pipe held back more
 * than ten lines.
 */
export async function writeOut(stream: OutputStream, text: string | Uint8Array): Promise<void> {
  const ok = stream.write(text)
  if (ok !== false || !stream.once) return
  let pending = drains.get(stream)
  if (pending === undefined) {
    pending = new Promise<void>((resolve) => {
      stream.once?.('drain', () => {
        drains.delete(stream)
        resolve()
      })
    })
    drains.set(stream, pending)
  }
  await pending
}

/**
 * Writes bytes the caller will overwrite afterwards: resolves only once the stream has written
 * them out (its write callback), not when it has merely queued them.
 */
export function writeAndRelease(stream: OutputStream, bytes: Uint8Array): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    stream.write(bytes, (error) => (error ? reject(new CliError(outputErrorMessage(error))) : resolve()))
  })
}

/** What the user sees when the output cannot be written (a full disk, a broken device). */
export function outputErrorMessage(error: Error): string {
  return `cannot write the output: ${error.message}`
}

/**
 * Runs `body`, turning the parser's input errors into one-line CLI errors that name the file and
 * the place in it (a `--strict` stop says where, as the diagnostic it would have been does).
 */
export async function withInputFile<T>(file: string, body: () => Promise<T>): Promise<T> {
  try {
    return await body()
  } catch (error) {
    if (error instanceof Error && error.name === 'EvtxError') {
      const location = (error as Partial<EvtxError>).location
      const where = location === undefined ? '' : describeLocation(location)
      throw new CliError(`${file}: ${error.message}${where ? ` [${where}]` : ''}`)
    }
    throw error
  }
}
