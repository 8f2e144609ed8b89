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
  return {
    stdout: { write: (s: string) => (stdout.push(s), true), isTTY },
    stderr: { write: (s: string) => (stderr.push(s), true), isTTY },
    env,
    cwd: process.cwd(),
    out: () => stdout.join(''),
    err: () => stderr.join(''),
  }
}
