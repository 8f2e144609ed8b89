/**
 * What an existing file holds that an output must never replace (output-guard.ts), told as the
 * readers tell it, from bounded reads:
 *
 * - an event log: the `ElfFile\0` signature; or, when its header lost that (a copy whose first
 *   sectors were zeroed), a first block past the zeros that the EVTX reader takes for a chunk
 *   (its own test, evtx/file-walk.ts), looked for in the first {@link MAX_ZERO_BLOCKS} blocks;
 *   or, whatever it holds, a name ending in `.evtx` (any case): a log too damaged for both tests
 *   is still evidence;
 * - a ZIP archive: the signature at its start, or an end-of-central-directory record the ZIP
 *   reader finds in its last 64 KiB + 22 bytes (an archive after a self-extracting stub or other
 *   prepended data), the only part of it read.
 */
import { type FileHandle, open, stat } from 'node:fs/promises'
import { type RandomAccess, readZipDirectory, ZipError } from '../archive/zip-directory.js'
import { startsLikeZip } from '../archive/zip-signature.js'
import { EvtxError } from '../errors.js'
import { CHUNK_SIZE, FILE_HEADER_BLOCK_SIZE, FILE_MAGIC, hasMagic, isAllZero } from '../evtx/constants.js'
import { FileWalk } from '../evtx/file-walk.js'
import { createReaderContext } from '../evtx/options.js'

/** Blocks of zeros after a header without its signature looked past for a chunk (64 MiB). */
export const MAX_ZERO_BLOCKS = 1024
/** The end record (22 bytes) and the longest comment after it: where any ZIP reader looks for it. */
const ZIP_TAIL_BYTES = 22 + 0xffff
const EVTX_NAME = /\.evtx$/i

/** A read the ZIP reader makes before the tail: it only goes there once it has found the end record. */
class PastTheTail extends Error {}

async function readAt(handle: FileHandle, position: number, length: number): Promise<Uint8Array> {
  const bytes = new Uint8Array(length)
  const { bytesRead } = await handle.read(bytes, 0, length, position)
  return bytes.subarray(0, bytesRead)
}

/** Whether the EVTX reader would read the file as a log although its header lost its signature. */
async function chunksAfterLostHeader(handle: FileHandle, header: Uint8Array): Promise<boolean> {
  let block: Uint8Array = new Uint8Array(0)
  for (let i = 0; i < MAX_ZERO_BLOCKS; i++) {
    block = await readAt(handle, FILE_HEADER_BLOCK_SIZE + i * CHUNK_SIZE, CHUNK_SIZE)
    if (block.length === 0 || !isAllZero(block)) break
  }
  try {
    // Throws the signature error unless the block is a chunk, or one whose header was lost too.
    new FileWalk(createReaderContext(), header, block)
    return true
  } catch (error) {
    if (error instanceof EvtxError) return false
    throw error
  }
}

/** Whether the ZIP reader finds an end-of-central-directory record in the file's tail. */
async function hasZipEndRecord(handle: FileHandle, size: number): Promise<boolean> {
  if (size < 22) return false
  const tailFrom = Math.max(0, size - ZIP_TAIL_BYTES)
  const tail: RandomAccess = {
    size,
    read(position, length) {
      if (position < tailFrom) throw new PastTheTail()
      return readAt(handle, position, Math.max(0, Math.min(length, size - position)))
    },
  }
  try {
    await readZipDirectory(tail)
    return true
  } catch (error) {
    if (error instanceof PastTheTail) return true
    // Any other problem (a split archive, a directory out of range) comes after the end record.
    if (error instanceof ZipError) return error.kind !== 'no-end-record'
    throw error
  }
}

/**
 * What the regular file at `path` holds that must be kept ('an event log', 'a ZIP archive'), or
 * undefined. Only regular files are opened: a pipe would wait for a writer, a device is no evidence.
 */
export async function protectedKind(path: string): Promise<string | undefined> {
  const s = await stat(path).catch(() => undefined)
  if (s === undefined || !s.isFile()) return undefined
  const handle = await open(path, 'r').catch(() => undefined)
  if (handle === undefined) return EVTX_NAME.test(path) ? 'named as an event log (.evtx)' : undefined
  try {
    const header = await readAt(handle, 0, FILE_HEADER_BLOCK_SIZE)
    if (hasMagic(header, 0, FILE_MAGIC)) return 'an event log'
    if (startsLikeZip(header)) return 'a ZIP archive'
    if (header.length === FILE_HEADER_BLOCK_SIZE && (await chunksAfterLostHeader(handle, header))) return 'an event log (its header lost)'
    if (await hasZipEndRecord(handle, s.size)) return 'a ZIP archive'
    return EVTX_NAME.test(path) ? 'named as an event log (.evtx)' : undefined
  } finally {
    await handle.close()
  }
}
