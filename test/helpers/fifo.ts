/**
 * Named pipes for tests of inputs that cannot be read at a position (`<(zcat log.gz)`, /dev/stdin).
 * POSIX only: on Windows there is no mkfifo, and the tests that need one say so.
 */
import { execFileSync } from 'node:child_process'
import { createWriteStream } from 'node:fs'

export const FIFO_SKIP_MESSAGE = 'named pipes (mkfifo) are POSIX only'
export const fifosAvailable = process.platform !== 'win32'

/** Makes a named pipe at `path`. */
export function makeFifo(path: string): void {
  execFileSync('mkfifo', [path])
}

/** Writes `bytes` into the pipe at `path` once a reader opens it; resolves when all are written. */
export function feedFifo(path: string, bytes: Uint8Array): Promise<void> {
  return new Promise((resolve, reject) => {
    const out = createWriteStream(path)
    out.on('error', reject)
    out.end(bytes, () => resolve())
  })
}
