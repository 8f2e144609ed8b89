/**
 * In-memory CliIo for running CLI commands in-process.
 */
import type { CliIo } from '../../src/cli/io.js'

export interface MemoryIo extends CliIo {
  out(): string
  err(): string
}

export function memoryIo(env: Record<string, string | undefined> = { NO_COLOR: '1', TZ: 'UTC' }, isTTY = false): MemoryIo {
  const stdout: string[] = []
  const stderr: string[] = []
  // Byte chunks hold whole lines, so each decodes on its own.
  const decoder = new TextDecoder()
  const text = (s: string | Uint8Array) => (typeof s === 'string' ? s : decoder.decode(s))
  return {
    // Like Node.js streams: the chunk is taken at once, and the write callback runs after.
    stdout: { write: (s: string | Uint8Array, done?: (e?: Error | null) => void) => (stdout.push(text(s)), done && queueMicrotask(() => done()), true), isTTY },
    stderr: { write: (s: string | Uint8Array, done?: (e?: Error | null) => void) => (stderr.push(text(s)), done && queueMicrotask(() => done()), true), isTTY },
    env,
    cwd: process.cwd(),
    out: () => stdout.join(''),
    err: () => stderr.join(''),
  }
}
