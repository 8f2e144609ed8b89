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
    stdout: { write: (s: string | Uint8Array) => (stdout.push(text(s)), true), isTTY },
    stderr: { write: (s: string | Uint8Array) => (stderr.push(text(s)), true), isTTY },
    env,
    cwd: process.cwd(),
    out: () => stdout.join(''),
    err: () => stderr.join(''),
  }
}
