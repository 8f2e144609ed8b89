/**
 * The process's stdout and stderr as commands see them (main.ts). A write that fails there (a pipe
 * closed early, a full disk) never becomes an uncaught exception, whose exit code 1 is `analyze`'s
 * "scenario found", nor a wait for a 'drain' that never comes (Node.js then ends the process with
 * exit code 13): the first failure goes to `onError`, which may end the process; when it returns,
 * the stream counts as closed and what is written to it afterwards is dropped.
 */
import type { OutputStream } from './io.js'

/** What is wrapped: a Node.js writable such as process.stdout. */
export interface ProcessStream {
  write(chunk: string | Uint8Array, done: (error?: Error | null) => void): boolean
  on(event: 'error', listener: (error: Error) => void): unknown
  once(event: 'drain', listener: () => void): unknown
  removeListener(event: 'drain', listener: () => void): unknown
  readonly isTTY?: boolean
}

/**
 * `stream` with its failures handled (see the module comment).
 * @param onError - called once, with the first error (a write's, or the stream's 'error' event)
 */
export function guardOutput(stream: ProcessStream, onError: (error: NodeJS.ErrnoException) => void): OutputStream {
  let closed = false
  // Writers waiting for 'drain': released when the stream fails, since it will not drain then.
  const waiting = new Set<() => void>()
  const fail = (error: Error) => {
    if (closed) return
    closed = true
    onError(error)
    for (const listener of waiting) {
      stream.removeListener('drain', listener)
      listener()
    }
    waiting.clear()
  }
  stream.on('error', fail)
  return {
    get isTTY() {
      return stream.isTTY
    },
    write(chunk, done) {
      if (closed) {
        if (done) queueMicrotask(() => done())
        return true
      }
      return stream.write(chunk, (error) => {
        if (error) fail(error)
        done?.()
      })
    },
    once(_event, listener) {
      if (closed) return void queueMicrotask(listener)
      const once = () => {
        waiting.delete(once)
        listener()
      }
      waiting.add(once)
      stream.once('drain', once)
    },
  }
}
