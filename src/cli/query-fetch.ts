/**
 * Reading logs for a query, second pass: the records the first pass chose (query-scan.ts), read
 * again from their 64 KiB chunks, which parse alone. `readBlocks` and `parseBlock` also serve the
 * planned pass (query-runs.ts); `RecordFetcher` serves matches kept as lists (query-matches.ts):
 * the caller loads the chunks of the next few dozen events to print at once; chunks next to each
 * other in a file are read together (up to 1 MiB a read: one read per chunk spent more time
 * waiting than parsing), whatever order the events go in (forwards, backwards, merged from
 * several logs, or a log whose record ids repeat). Memory holds one load's chunks, whatever the
 * number of matches.
 */
import type { FileHandle } from 'node:fs/promises'
import { OffsetArena } from '../binxml/context.js'
import { readChunkBlock } from '../evtx/chunk.js'
import { CHUNK_SIZE, FILE_HEADER_BLOCK_SIZE } from '../evtx/constants.js'
import { createReaderContext, type ReaderContext } from '../evtx/options.js'
import type { EventPrefilter } from '../evtx/prefilter.js'
import type { EvtxRecord } from '../evtx/record.js'
import { PrefixScanLender, pathBlockReader } from '../node/prefix-lender.js'
import { CliError } from './io.js'
import { OpenFiles } from './open-files.js'
import type { LogFile } from './query-logs.js'

/** Most chunks one read takes. */
const RUN_CHUNKS = 16

/** What is kept for one log: its reader context and the records of the load. */
interface OpenLog {
  /** One context per log, as the first pass had: its templates are parsed and compiled once. */
  readonly ctx: ReaderContext
  /** Records of the loaded chunks, by file offset. */
  readonly records: Map<number, EvtxRecord>
}

/** The 64 KiB chunk (block index after the file header) that holds file offset `fileOffset`. */
export function chunkOf(fileOffset: number): number {
  return Math.floor((fileOffset - FILE_HEADER_BLOCK_SIZE) / CHUNK_SIZE)
}

export class RecordFetcher {
  private readonly prefilter: EventPrefilter | undefined
  private readonly logs = new Map<string, OpenLog>()
  private readonly files: OpenFiles
  private readonly ownsFiles: boolean
  private readCount = 0
  /** The bytes of the current load, chunk after chunk, reused by the next (see {@link load}). */
  private arena = new Uint8Array(0)
  private arenaUsed = 0

  /**
   * `prefilter`: the one the first pass read with (the same records are parsed, the rest skipped);
   * `files`: where the logs' files are opened (when shared, its owner closes it; else
   * {@link close} does).
   */
  constructor(prefilter: EventPrefilter | undefined, files?: OpenFiles) {
    this.prefilter = prefilter
    this.ownsFiles = files === undefined
    this.files = files ?? new OpenFiles()
  }

  /** Reads made so far (a run of neighbouring chunks is one, unless the system returns it in parts). */
  get reads(): number {
    return this.readCount
  }

  /**
   * Drops the chunks loaded before and loads these (`[log, chunk index]`, in any order, repeats
   * allowed). Records got before stand on bytes this load reuses: the caller keeps none across
   * loads (one arena for all loads: a fresh buffer per read left the bytes of every load to the
   * garbage collector, 70 MB more peak memory printing 290,000 events).
   */
  async load(chunks: ReadonlyArray<readonly [LogFile, number]>): Promise<void> {
    const byLog = new Map<string, { log: LogFile; indexes: number[] }>()
    for (const [log, index] of chunks) {
      const entry = byLog.get(log.path)
      if (entry === undefined) byLog.set(log.path, { log, indexes: [index] })
      else entry.indexes.push(index)
    }
    for (const l of this.logs.values()) l.records.clear()
    const distinct = [...byLog.values()].reduce((n, e) => n + new Set(e.indexes).size, 0)
    if (this.arena.length < distinct * CHUNK_SIZE) this.arena = new Uint8Array(distinct * CHUNK_SIZE)
    this.arenaUsed = 0
    for (const { log, indexes } of byLog.values()) {
      const state = this.state(log)
      const sorted = [...new Set(indexes)].sort((a, b) => a - b)
      await this.files.use(log, async (handle) => {
        for (let i = 0; i < sorted.length; ) {
          const first = sorted[i] as number
          let j = i + 1
          while (j < sorted.length && sorted[j] === first + (j - i) && j - i < RUN_CHUNKS) j++
          await this.readRun(log, state, handle, first, j - i)
          i = j
        }
      })
    }
  }

  /** The record the first pass found at `fileOffset` of `log`, with id `recordId`; its chunk must be loaded. */
  record(log: LogFile, fileOffset: number, recordId: number): EvtxRecord {
    const record = this.logs.get(log.path)?.records.get(fileOffset)
    if (record === undefined || record.recordId !== recordId) {
      throw new CliError(`${log.display}: record ${recordId} at file offset 0x${fileOffset.toString(16)} (chunk ${chunkOf(fileOffset)}) could not be read again: did the file change while it was queried?`)
    }
    return record
  }

  async close(): Promise<void> {
    this.logs.clear()
    if (this.ownsFiles) await this.files.close()
  }

  private state(log: LogFile): OpenLog {
    const known = this.logs.get(log.path)
    if (known !== undefined) return known
    // Problems were reported by the first pass; the same bytes give the same ones.
    const ctx = rereadContext(log, this.prefilter)
    const state: OpenLog = { ctx, records: new Map() }
    this.logs.set(log.path, state)
    return state
  }

  /** The next `size` bytes of the arena (the load made it large enough for all its chunks). */
  private buffer(size: number): Uint8Array {
    const bytes = this.arena.subarray(this.arenaUsed, this.arenaUsed + size)
    this.arenaUsed += size
    return bytes
  }

  /** Reads chunks `first` … `first + count - 1` in one go and parses them. */
  private async readRun(log: LogFile, state: OpenLog, handle: FileHandle, first: number, count: number): Promise<void> {
    const bytes = this.buffer(count * CHUNK_SIZE)
    const got = await readBlocks(log, handle, bytes, first, () => this.readCount++)
    for (let k = 0; k < count && k * CHUNK_SIZE < got; k++) {
      for (const r of parseBlock(state.ctx, bytes, got, first, k)) state.records.set(r.fileOffset, r)
    }
  }
}

/**
 * Reads chunks `first` onwards into `bytes` (a whole number of chunks), as much as the file holds;
 * returns the bytes read. `onRead` is called for each read request.
 */
export async function readBlocks(log: LogFile, handle: FileHandle, bytes: Uint8Array, first: number, onRead: () => void = () => {}): Promise<number> {
  let got = 0
  try {
    for (;;) {
      onRead()
      const { bytesRead } = await handle.read(bytes, got, bytes.length - got, FILE_HEADER_BLOCK_SIZE + first * CHUNK_SIZE + got)
      if (bytesRead === 0) break
      got += bytesRead
      if (got === bytes.length) break
    }
  } catch (e) {
    throw new CliError(`${log.display}: cannot read it again: ${(e as Error).message}`)
  }
  return got
}

/**
 * The records of chunk `first + k`, the `k`-th block of `bytes` (of which `got` were read); only
 * those at `places` (chunk offsets, ascending) when given.
 */
export function parseBlock(ctx: ReaderContext, bytes: Uint8Array, got: number, first: number, k: number, places?: ArrayLike<number>): EvtxRecord[] {
  const index = first + k
  const block = bytes.subarray(k * CHUNK_SIZE, Math.min((k + 1) * CHUNK_SIZE, got))
  return readChunkBlock(ctx, block, index, FILE_HEADER_BLOCK_SIZE + index * CHUNK_SIZE, false, places).records
}

/**
 * The arena of value offsets every log read again shares: each reader context had its own
 * 128 KiB, 54 MB for 424 logs queried together (as many as a Windows logs folder holds).
 */
const rereadOffsets = new OffsetArena()

/**
 * A reader context for reading a log's chunks again: problems were reported by the first pass.
 * It reads chunks out of order, so a record whose template was lost borrows from the chunks
 * before it, read again for their templates, as the first pass did (node/prefix-lender.ts). The
 * older copies after a lost chunk header need no second look: the first pass left them out.
 */
export function rereadContext(log: LogFile, prefilter: EventPrefilter | undefined): ReaderContext {
  const options = { onDiagnostic: () => {}, ...(prefilter === undefined ? {} : { prefilter }) }
  return createReaderContext(options, rereadOffsets, new PrefixScanLender(pathBlockReader(log.path), options, false))
}
