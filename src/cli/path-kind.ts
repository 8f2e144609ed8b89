/**
 * What a path given to a command names, asked before anything is opened: opening a pipe waits for
 * a writer, and a folder or a pipe given where a command reads a file twice deserves a message
 * that says so (`info`, `query`), not a hang or `EISDIR`.
 */
import { stat } from 'node:fs/promises'

/** A regular file, a folder, something else (a pipe, a device, a socket), or nothing there. */
export type PathKind = 'file' | 'folder' | 'other' | 'none'

export async function pathKind(path: string): Promise<PathKind> {
  try {
    const s = await stat(path)
    return s.isFile() ? 'file' : s.isDirectory() ? 'folder' : 'other'
  } catch {
    return 'none'
  }
}
