/**
 * Messages between the parallel renderer (and the parallel scan) and their worker threads. Plain
 * data only (structured clone); errors travel as their code, message and location and are rebuilt
 * as EvtxErrors.
 *
 * A worker serves any number of files, one after another or interleaved: `open` gives a file its
 * number and settings, jobs name the file they read, `close` releases it. Messages to one worker
 * are handled in the order they were sent, so a job never arrives before its file's `open`.
 */
import type { Diagnostic } from '../diagnostics.js'
import type { EvtxErrorCode, EvtxLocation } from '../errors.js'
import type { ScannedChunk } from '../inputs/scan-mode.js'
import type { NormalizedEvent } from '../model/event.js'
import type { LineFormat } from '../render/record-line.js'
import type { WantedEvent } from '../rules/compile.js'

/** The analyzer's scan instead of rendering: the records the rules want, normalized. */
export interface WorkerScan {
  /** The rule set's wanted (provider, event id) pairs: the worker's prefilter. */
  readonly wanted: readonly WantedEvent[]
  /** The channel the file name stands for (for events that name none). */
  readonly fallbackChannel: string
}

/** Which file a path named when it was opened (`stat` with `bigint`). */
export interface FileIdentity {
  readonly dev: bigint
  readonly ino: bigint
}

/** How one file is read and rendered (or scanned, with `scan`). */
export interface WorkerFile {
  readonly path: string
  /**
   * The file the header was read from (its device and inode): a worker that opens another at
   * `path` (the file was replaced since) reports it instead of reading it.
   */
  readonly identity?: FileIdentity
  /** Line format of a render (ignored by a scan). */
  readonly format: LineFormat
  /** Scan the file for the analyzer instead of rendering it. */
  readonly scan?: WorkerScan
  readonly noCrc32: boolean
  readonly validateChecksums: boolean
  readonly readHiddenRecords: boolean
  readonly readLeftoverRecords: boolean
  readonly ansiCodepage: string | number | undefined
  readonly strict: boolean
  readonly limits: Record<string, number> | undefined
}

export interface WorkerOpen {
  readonly kind: 'open'
  readonly file: number
  readonly settings: WorkerFile
}

export interface WorkerClose {
  readonly kind: 'close'
  readonly file: number
}

/** Read blocks [first, first + count) of a file and render (or scan) their records. */
export interface WorkerJob {
  readonly kind: 'job'
  readonly file: number
  readonly batch: number
  readonly first: number
  readonly count: number
  /** Output buffers this worker made that their consumers are done with, handed back for reuse (shared, not transferred). */
  readonly recycled?: SharedArrayBuffer[]
}

export type WorkerMessage = WorkerOpen | WorkerClose | WorkerJob

export type WorkerResult = { readonly file: number; readonly batch: number } & (
  | {
      /**
       * The batch's lines as UTF-8: the first `length` bytes of `output`. Shared memory, never
       * transferred: detaching an ArrayBuffer (what a transfer does) makes V8 drop its
       * assumption that no buffer is ever detached, in that whole thread, and every typed-array
       * access compiled after that checks for it (about 15 % of a worker's rendering time).
       */
      readonly output: SharedArrayBuffer
      readonly length: number
      readonly diagnostics: Diagnostic[]
      /** Per block: records read and the highest record id (-1 when none). */
      readonly blocks: Array<[records: number, maxRecordId: number]>
    }
  | {
      /** A scan's batch: the wanted records, normalized, and what was noted of each block. */
      readonly events: NormalizedEvent[]
      /** The wanted records among those an earlier use of a chunk left (evtx/leftover-records.ts), normalized. */
      readonly leftovers: NormalizedEvent[]
      readonly chunks: ScannedChunk[]
      readonly diagnostics: Diagnostic[]
      readonly blocks: Array<[records: number, maxRecordId: number]>
    }
  | { readonly error: { readonly code: EvtxErrorCode; readonly message: string; readonly location: EvtxLocation } }
  | { readonly crash: string }
)
