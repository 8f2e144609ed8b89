/**
 * Parse options and their resolution into the per-file context.
 */
import { resolveCodepage } from '../binary/ansi.js'
import { type FileContext, OffsetArena } from '../binxml/context.js'
import { TemplateCache } from '../binxml/template.js'
import { TemplateIndex, type TemplateLender } from '../binxml/template-index.js'
import { type DiagnosticHandler, DiagnosticSink } from '../diagnostics.js'
import { type Limits, resolveLimits } from '../limits.js'
import type { ChunkHeader } from './chunk-header.js'
import { HeldIds, type IdHolders } from './held-ids.js'
import type { EventPrefilter } from './prefilter.js'
import type { EvtxRecord } from './record.js'

/**
 * What a block is: a chunk read whole (`valid`), zeros, not a chunk or one whose checksums fail,
 * or cut short by the end of the file (`truncated`: its records up to the cut are read).
 */
export type ChunkStatus = 'valid' | 'empty' | 'bad-magic' | 'bad-checksum' | 'truncated'

/** What the reader found in one 64 KiB block (reported through `onChunk`). */
export interface ChunkInfo {
  readonly index: number
  readonly fileOffset: number
  readonly status: ChunkStatus
  readonly header: ChunkHeader | undefined
  /** Records read from the chunk. */
  readonly records: number
  /** Records or record walks that failed. */
  readonly errors: number
  /** Records scan mode (`prefilter`) skipped without reading them. */
  readonly skipped: number
  /**
   * Earliest and latest record-header written time in the chunk (ms since 1970), read or skipped.
   * Times from the year 10000 on, which only damage writes, are left out (so are ids past
   * 2^53 - 1 from `idRange`).
   */
  readonly writtenRange: readonly [first: number, last: number] | undefined
  /** The same two times as Windows renders them (`2026-11-20T08:15:02.1234567Z`). */
  readonly writtenTimes: readonly [first: string, last: string] | undefined
  /** Lowest and highest record id in the chunk, read or skipped. */
  readonly idRange: readonly [first: number, last: number] | undefined
  /**
   * The chunk's last record (read or skipped) and its written time: the record with the highest
   * id within the chunk header's first-to-last range (or read past a stale header, in sequence with
   * it: evtx/stale-header.ts), so that a damaged id outside it or a damaged
   * time elsewhere cannot stand in for it, and a cut chunk still gives the last record it holds
   * (undefined when no record is in the range). The time is undefined when it is before 1990 (unset:
   * some tools write 0) or from the year 10000 on.
   */
  readonly lastRecord: { readonly id: number; readonly writtenMs: number | undefined; readonly writtenTime: string | undefined } | undefined
  /**
   * The chunk's first readable record, read even in scan mode, for callers that need one
   * representative record per chunk (its channel, its computer). It is also among the chunk's
   * records when it passed the prefilter.
   */
  readonly sample: EvtxRecord | undefined
  /**
   * Whole records left in the chunk's unused space by an earlier use of it (leftover-records.ts),
   * read or not, and how many of them were written before the log was cleared (ids above the
   * chunk's own records', times before them); undefined when there are none.
   */
  readonly leftovers: { readonly count: number; readonly beforeClear: number } | undefined
}

export interface ParseOptions {
  /** Check header and data CRCs and skip chunks whose CRCs fail (default false: Windows reads them). */
  readonly validateChecksums?: boolean
  /** Codepage for AnsiString values: `windows-1252` (default), `1251`, `cp932`, … */
  readonly ansiCodepage?: string | number
  /** Throw the first warning or error as an EvtxError instead of reporting it. */
  readonly strict?: boolean
  readonly limits?: Partial<Limits>
  /** Receives every diagnostic (problems that were recovered from). */
  readonly onDiagnostic?: DiagnosticHandler
  /** Called once per 64 KiB block after it was read. */
  readonly onChunk?: (info: ChunkInfo) => void
  /** Aborts reading between chunks. */
  readonly signal?: AbortSignal
  /**
   * Scan mode: records whose event id (and provider) this does not want are skipped before their
   * BinXML is parsed (problems inside skipped records are therefore not reported).
   */
  readonly prefilter?: EventPrefilter
  /**
   * The caller is done with each batch's records before it asks for the next (it renders or
   * normalizes them at once and keeps none): the streaming reader then reads into two buffers in
   * turn instead of a fresh 1 MiB one per read, saving the allocation, zero-filling and collection
   * (half the time of a scan on a log with few wanted records). A record kept past its step reads
   * bytes of a later read. Default false.
   */
  readonly reuseBuffers?: boolean
  /**
   * Also read the records hidden inside the record before them (its size grown over them, as
   * log-tampering tools do; hidden-records.ts), each right after the record that hides it. They
   * are reported (EVTX_RECORD_HIDDEN) either way. Default false: the records Windows shows.
   */
  readonly readHiddenRecords?: boolean
  /**
   * Also read the whole records left in each chunk's unused space by an earlier use of it (a wrap
   * or a clear; leftover-records.ts), each marked `leftover`, after the chunk's own records, with
   * every template and name reference checked (a record whose references newer records
   * overwrote is not rendered). They are counted (EVTX_CHUNK_LEFTOVER_RECORDS) either way.
   * Default false: the records Windows shows.
   */
  readonly readLeftoverRecords?: boolean
}

export interface ReaderContext extends FileContext {
  readonly validateChecksums: boolean
  readonly onChunk: ((info: ChunkInfo) => void) | undefined
  readonly signal: AbortSignal | undefined
  readonly prefilter: EventPrefilter | undefined
  readonly readHiddenRecords: boolean
  /**
   * With `readLeftoverRecords`: the context leftovers are read in, with a template cache and
   * index of their own (a leftover's templates lend nothing to the log's records) and a sink that
   * reports their problems as info; each chunk's leftovers get their own lender.
   */
  readonly leftovers: FileContext | undefined
  /** The id ranges of the chunks this reader walked (held-ids.ts). */
  readonly heldIds: HeldIds
  /** Which earlier chunk holds a record id, for older copies in a block whose chunk header was lost (held-ids.ts). */
  readonly idHolders: IdHolders
}

/** What a reader that takes chunks out of order learns from the chunks before one: their templates and their ids. */
export interface EarlierChunks extends TemplateLender, IdHolders {}

/**
 * @param offsets - the arena parsed records keep their value offsets in; readers of many files at
 *   once may share one (records keep the array they were given, so sharing is safe)
 * @param earlier - for a reader that does not read the file in order (a worker thread): where
 *   records whose template definition was lost find one, and which chunk before one holds a
 *   record id (default: the chunks read so far)
 */
export function createReaderContext(options: ParseOptions = {}, offsets: OffsetArena = new OffsetArena(), earlier?: EarlierChunks): ReaderContext {
  if (options === null || typeof options !== 'object') throw new TypeError('options must be an object')
  const limits = resolveLimits(options.limits)
  const templateIndex = new TemplateIndex()
  const heldIds = new HeldIds()
  const codepage = resolveCodepage(options.ansiCodepage)
  const sink = new DiagnosticSink(options.onDiagnostic, options.strict === true)
  const leftovers: FileContext | undefined =
    options.readLeftoverRecords === true
      ? { codepage, limits, sink: leftoverSink(options.onDiagnostic), templates: new TemplateCache(limits.maxCachedTemplates, limits.maxCachedTemplateBytes), templateIndex: new TemplateIndex(), lender: NO_LENDER, offsets }
      : undefined
  return {
    templateIndex,
    // A reader in file order has met every earlier chunk's templates and ids: it asks its own.
    lender: earlier ?? templateIndex,
    heldIds,
    idHolders: earlier ?? heldIds,
    codepage,
    limits,
    sink,
    templates: new TemplateCache(limits.maxCachedTemplates, limits.maxCachedTemplateBytes),
    offsets,
    validateChecksums: options.validateChecksums === true,
    onChunk: options.onChunk,
    signal: options.signal,
    prefilter: options.prefilter,
    readHiddenRecords: options.readHiddenRecords === true,
    leftovers,
  }
}

/** Stands in until each chunk's leftovers get their own lender (leftover-records.ts). */
const NO_LENDER: TemplateLender = { lend: () => undefined }

/**
 * Where the problems of leftover records go: to the caller as info, whatever their kind, and never
 * a strict-mode stop. Leftovers are not the log, so nothing in them is damage to it.
 */
function leftoverSink(handler: DiagnosticHandler | undefined): DiagnosticSink {
  return new DiagnosticSink(handler === undefined ? undefined : (d) => handler({ ...d, severity: 'info' }), false)
}
