/**
 * Messages between the parallel renderer and its worker threads. Plain data only (structured
 * clone); errors travel as their code, message and location and are rebuilt as EvtxErrors.
 */
import type { Diagnostic } from '../diagnostics.js'
import type { EvtxErrorCode, EvtxLocation } from '../errors.js'
import type { LineFormat } from '../render/record-line.js'

export interface WorkerInit {
  readonly path: string
  readonly format: LineFormat
  readonly noCrc32: boolean
  readonly validateChecksums: boolean
  readonly ansiCodepage: string | number | undefined
  readonly strict: boolean
  readonly limits: Record<string, number> | undefined
}

/** Read blocks [first, first + count) and render their records. */
export interface WorkerJob {
  readonly batch: number
  readonly first: number
  readonly count: number
  /** Output buffers the consumer is done with, handed back for reuse (transferred). */
  readonly recycled?: ArrayBuffer[]
}

export type WorkerResult =
  | {
      readonly batch: number
      /** The batch's lines as UTF-8 (transferred, not copied). */
      readonly bytes: Uint8Array
      readonly diagnostics: Diagnostic[]
      /** Per block: records read and the highest record id (-1 when none). */
      readonly blocks: Array<[records: number, maxRecordId: number]>
    }
  | { readonly batch: number; readonly error: { readonly code: EvtxErrorCode; readonly message: string; readonly location: EvtxLocation } }
  | { readonly batch: number; readonly crash: string }
