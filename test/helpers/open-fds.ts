/**
 * Open file descriptors of this test process, for tests that an archive is closed after it is
 * read: counted from /proc/self/fd (Linux), unknown elsewhere.
 */
import { readdirSync } from 'node:fs'

/** Open file descriptors of this process (Linux), or undefined elsewhere. */
export const openFds = (): number | undefined => {
  try {
    return readdirSync('/proc/self/fd').length
  } catch {
    return undefined
  }
}

export const FD_SKIP_REASON = '/proc/self/fd is not available here (Linux only), so open files cannot be counted'
