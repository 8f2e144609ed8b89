/**
 * What the chunks before one lend to readers that take a file's chunks out of order: worker
 * threads, and the query's second pass (cli/query-fetch.ts), which reads only the chunks its
 * matches are in.
 *
 * A record whose template definition was lost borrows the first fitting template that an earlier
 * chunk defines (binxml/template-index.ts); a record in a block whose chunk header was lost is an
 * older copy when an earlier chunk holds its id (evtx/held-ids.ts). A reader in file order has
 * met those chunks; these have met only the chunks they were given. So the first time one of
 * their records needs either, they read the chunks before it in file order, with the same options
 * but none of their records or diagnostics kept, and answer from those: what a reader in file
 * order answers. The chunks read stay read: the next request reads only the ones after them.
 * This costs a pass over the file's start, and only for a file with such records.
 */
import { closeSync, openSync, readSync } from 'node:fs'
import { EvtxError } from '../errors.js'
import { readChunkBlock } from '../evtx/chunk.js'
import { CHUNK_SIZE, FILE_HEADER_BLOCK_SIZE } from '../evtx/constants.js'
import { createReaderContext, type EarlierChunks, type ParseOptions, type ReaderContext } from '../evtx/options.js'
import type { LentTemplate } from '../binxml/template-index.js'
import type { CompiledTemplate } from '../binxml/template.js'

/** Reads block `index` of the file (the 64 KiB at 4096 + index × 65536), fewer bytes at its end, none past it. */
export type BlockReader = (index: number) => Uint8Array

/**
 * Reads `length` bytes of the file open as `fd` at `position` into `target` from its start, fewer
 * only at the file's end; returns the bytes read. One `readSync` may return fewer bytes than asked
 * before the end (a network or FUSE file system), so reads go on until the end says so.
 */
export function readFullySync(fd: number, target: Uint8Array, length: number, position: number): number {
  let got = 0
  while (got < length) {
    const n = readSync(fd, target, got, length - got, position + got)
    if (n === 0) break
    got += n
  }
  return got
}

/** Block `index` of the file open as `fd`, in a buffer of its own. */
export function readBlockSync(fd: number, index: number): Uint8Array {
  const block = new Uint8Array(CHUNK_SIZE)
  const got = readFullySync(fd, block, CHUNK_SIZE, FILE_HEADER_BLOCK_SIZE + index * CHUNK_SIZE)
  return block.subarray(0, got)
}

/** Blocks of the file at `path`, each read on its own (the file is opened for the read): none when it cannot be read. */
export function pathBlockReader(path: string): BlockReader {
  return (index) => {
    let fd: number
    try {
      fd = openSync(path, 'r')
    } catch {
      return new Uint8Array(0)
    }
    try {
      return readBlockSync(fd, index)
    } catch {
      return new Uint8Array(0)
    } finally {
      closeSync(fd)
    }
  }
}

export class PrefixScanLender implements EarlierChunks {
  private readonly readBlock: BlockReader
  private readonly noCrc32: boolean
  private readonly ctx: ReaderContext
  /** Blocks read so far: 0 to `read - 1`. */
  private read = 0
  private ended = false

  /**
   * @param options - the worker's own reading options (checksums, limits, scan mode: what decides
   *   which chunks and records a reader in file order would have read)
   */
  constructor(readBlock: BlockReader, options: ParseOptions, noCrc32: boolean) {
    this.readBlock = readBlock
    this.noCrc32 = noCrc32
    // The same options, with callbacks that keep nothing: a chunk callback makes the reader parse
    // each chunk's first record in full (its sample), which loads templates the prefilter skips.
    const { onDiagnostic: _diagnostics, onChunk, strict: _strict, ...rest } = options
    // Leftover records lend nothing to the log's records: not read here.
    this.ctx = createReaderContext({ ...rest, readLeftoverRecords: false, ...(onChunk === undefined ? {} : { onChunk: () => {} }) })
  }

  lend(id: number, beforeChunk: number, fits: (template: CompiledTemplate) => boolean): LentTemplate | undefined {
    this.readBefore(beforeChunk)
    return this.ctx.templateIndex.lend(id, beforeChunk, fits)
  }

  holderOf(id: number, beforeChunk: number): number | undefined {
    this.readBefore(beforeChunk)
    return this.ctx.heldIds.holderOf(id, beforeChunk)
  }

  /** Reads the blocks before block `beforeChunk` not read yet. */
  private readBefore(beforeChunk: number): void {
    while (this.read < beforeChunk && !this.ended) {
      const block = this.readBlock(this.read)
      if (block.length === 0) this.ended = true
      else {
        try {
          readChunkBlock(this.ctx, block, this.read, FILE_HEADER_BLOCK_SIZE + this.read * CHUNK_SIZE, this.noCrc32)
        } catch (error) {
          // A block a reader in file order could not read defines and holds nothing either.
          if (!(error instanceof EvtxError)) throw error
        }
      }
      this.read++
    }
  }
}
