/**
 * Parse state shared while reading one file (FileContext) and one chunk (ChunkContext).
 *
 * The file context holds the resolved options, the diagnostic sink and the template cache that
 * outlives chunks. The chunk context holds what is only valid inside one 64 KiB chunk: the bytes,
 * names decoded so far (keyed by chunk offset) and templates by definition offset.
 */
import type { DiagnosticSink, Severity } from '../diagnostics.js'
import type { EvtxErrorCode, EvtxLocation } from '../errors.js'
import type { Limits } from '../limits.js'
import type { CompiledTemplate, FailedTemplate, TemplateCache } from './template.js'
import type { TemplateIndex, TemplateLender } from './template-index.js'

export interface FileContext {
  readonly codepage: string
  readonly limits: Limits
  readonly sink: DiagnosticSink
  readonly templates: TemplateCache
  /** The templates met, by id, in the order the file first defines them. */
  readonly templateIndex: TemplateIndex
  /** Where a record whose template definition was lost finds one (template-index.ts). */
  readonly lender: TemplateLender
  /** Value offsets of template instances, handed out across chunks (see {@link OffsetArena}). */
  readonly offsets: OffsetArena
}

/** Slots in a fresh offset arena (about 15 chunks of Windows-sized template instances). */
const ARENA_SLOTS = 1 << 15

/**
 * Value offsets of template instances, back to back in one typed array (each ValueTable keeps
 * its base): one allocation for thousands of instances instead of an array per instance. Slots
 * are handed out once and never reused, so a record kept after its chunk keeps valid offsets;
 * a full arena is replaced by a fresh one.
 */
export class OffsetArena {
  array: Int32Array = new Int32Array(0)
  /** First free slot. */
  pos = 0

  /** Reserves `n` consecutive slots and returns the first; read `array` after the call. */
  reserve(n: number): number {
    if (this.pos + n > this.array.length) {
      this.array = new Int32Array(Math.max(ARENA_SLOTS, n))
      this.pos = 0
    }
    const base = this.pos
    this.pos += n
    return base
  }
}

/** The name fields met while a template body is parsed. */
export class NameFieldLog {
  /** Chunk offset of each field. */
  readonly at: number[] = []
  /** The name each field refers back to outside the body, or undefined when it is inline. */
  readonly names: Array<string | undefined> = []

  add(at: number, name: string | undefined): void {
    this.at.push(at)
    this.names.push(name)
  }
}

export class ChunkContext {
  readonly file: FileContext
  readonly bytes: Uint8Array
  readonly view: DataView
  readonly chunkIndex: number
  /** Absolute file offset of the chunk's first byte. */
  readonly fileOffset: number
  readonly names = new Map<number, string>()
  readonly templates = new Map<number, CompiledTemplate>()
  /** Template definitions that failed to load, by offset: each is read and charged once per chunk. */
  readonly failedTemplates = new Map<number, FailedTemplate>()
  /** The record being read, for diagnostics raised inside BinXML. */
  recordId: number | undefined = undefined
  /** While a template body is parsed: its name fields, in order. */
  nameFields: NameFieldLog | undefined = undefined
  /** Template-definition bytes parsed so far in this chunk (bounded by limits). */
  templateBytes = 0
  /**
   * Whether a record whose template definition was lost may borrow one (template-index.ts): not
   * in a block whose chunk header was lost, where a record after the zeros may be an older copy
   * left in the chunk's unused space (no free-space offset says where the chunk's records end).
   */
  lending = true
  /**
   * Whether every reference is checked before it is trusted: set for records left in a chunk's
   * unused space by an earlier use of it (evtx/leftover-records.ts), whose template definitions
   * and names newer records may have overwritten. A template definition must then carry the id
   * the instance names and a body its values fit; a name entry must carry its name's hash.
   */
  verify = false
  /** With `verify`: the template instances read with a lent template (their own definition overwritten). */
  lent = 0

  constructor(file: FileContext, bytes: Uint8Array, chunkIndex: number, fileOffset: number) {
    this.file = file
    this.bytes = bytes
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    this.chunkIndex = chunkIndex
    this.fileOffset = fileOffset
  }

  location(chunkOffset: number): EvtxLocation {
    const loc: { fileOffset: number; chunkIndex: number; chunkOffset: number; recordId?: number } = {
      fileOffset: this.fileOffset + chunkOffset,
      chunkIndex: this.chunkIndex,
      chunkOffset,
    }
    if (this.recordId !== undefined) loc.recordId = this.recordId
    return loc
  }

  report(severity: Severity, code: EvtxErrorCode, message: string, chunkOffset: number): void {
    this.file.sink.report(severity, code, message, this.location(chunkOffset))
  }
}
