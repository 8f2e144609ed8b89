/**
 * An archive on disk opened for random reads (zip-directory.ts's {@link RandomAccess}), and the
 * `.evtx` entries of one as byte sources the EVTX reader pulls from. Node-only: loaded when a
 * path names an archive.
 */
import { open } from 'node:fs/promises'
import type { RandomAccess, ZipEntry } from './zip-directory.js'
import { zipEntryBytes } from './zip-entry.js'

export interface OpenArchive extends RandomAccess {
  close(): Promise<void>
}

/** Opens a file for reads at positions; its size is taken once, at opening. */
export async function openArchive(path: string): Promise<OpenArchive> {
  const handle = await open(path, 'r')
  let size: number
  try {
    size = (await handle.stat()).size
  } catch (error) {
    await handle.close()
    throw error
  }
  return {
    size,
    async read(position, length) {
      const target = new Uint8Array(Math.max(0, Math.min(length, size - position)))
      let filled = 0
      while (filled < target.length) {
        const { bytesRead } = await handle.read(target, filled, target.length - filled, position + filled)
        if (bytesRead === 0) break
        filled += bytesRead
      }
      return filled === target.length ? target : target.subarray(0, filled)
    },
    close: () => handle.close(),
  }
}

/** An entry's bytes from the archive at `path`, which is opened for the read and closed after it (or when the reader stops early). */
export async function* archiveEntryBytes(path: string, entry: ZipEntry): AsyncGenerator<Uint8Array> {
  const archive = await openArchive(path)
  try {
    yield* zipEntryBytes(archive, entry)
  } finally {
    await archive.close()
  }
}
