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
import type { CompiledTemplate, TemplateCache } from './template.js'

export interface FileContext {
  readonly codepage: string
  readonly limits: Limits
  readonly sink: DiagnosticSink
  readonly templates: TemplateCache
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
  /** The record being read, for diagnostics raised inside BinXML. */
  recordId: number | undefined = undefined
  /** While a template body is parsed: the names it refers back to, outside its own bytes. */
  externalNames: Array<[offset: number, name: string]> | undefined = undefined
  /** Template-definition bytes parsed so far in this chunk (bounded by limits). */
  templateBytes = 0

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
