/**
 * The one error type the library throws, and the stable codes it carries.
 *
 * Leaf readers throw `EvtxError`; the chunk and record boundaries catch it, add where it happened
 * (`withLocation`) and turn it into a {@link Diagnostic} unless the caller asked for `strict`.
 * Anything thrown that is not an `EvtxError` is a bug in this library, never a property of the input.
 */

/** Stable error and diagnostic codes, namespaced by layer. Documented in docs/errors.md. */
export const EvtxErrorCode = {
  FileBadMagic: 'EVTX_FILE_BAD_MAGIC',
  FileTooSmall: 'EVTX_FILE_TOO_SMALL',
  FileHeaderBadCrc: 'EVTX_FILE_HEADER_BAD_CRC',
  FileHeaderInconsistent: 'EVTX_FILE_HEADER_INCONSISTENT',
  FileDirty: 'EVTX_FILE_DIRTY',
  FileTrailingData: 'EVTX_FILE_TRAILING_DATA',
  FileIncomplete: 'EVTX_FILE_INCOMPLETE',
  ChunkBadMagic: 'EVTX_CHUNK_BAD_MAGIC',
  ChunkBadHeaderCrc: 'EVTX_CHUNK_BAD_HEADER_CRC',
  ChunkBadDataCrc: 'EVTX_CHUNK_BAD_DATA_CRC',
  ChunkBadFreeSpace: 'EVTX_CHUNK_BAD_FREE_SPACE',
  ChunkTruncated: 'EVTX_CHUNK_TRUNCATED',
  ChunkIncomplete: 'EVTX_CHUNK_INCOMPLETE',
  ChunkOlderCopies: 'EVTX_CHUNK_OLDER_COPIES',
  ChunkStaleHeader: 'EVTX_CHUNK_STALE_HEADER',
  ChunkLeftoverRecords: 'EVTX_CHUNK_LEFTOVER_RECORDS',
  /** @deprecated Reserved: never reported (a chunk's record count against its header's id range; lost records are reported as EVTX_CHUNK_INCOMPLETE or by the error that lost them). */
  ChunkRecordCount: 'EVTX_CHUNK_RECORD_COUNT',
  RecordBadMagic: 'EVTX_RECORD_BAD_MAGIC',
  RecordBadSize: 'EVTX_RECORD_BAD_SIZE',
  RecordSizeCopy: 'EVTX_RECORD_SIZE_COPY_MISMATCH',
  /** @deprecated Reserved: never reported (a record whose id is outside its chunk header's range is read as it is). */
  RecordIdRange: 'EVTX_RECORD_ID_OUT_OF_RANGE',
  RecordNoElement: 'EVTX_RECORD_NO_ELEMENT',
  RecordHidden: 'EVTX_RECORD_HIDDEN',
  RecordOversized: 'EVTX_RECORD_OVERSIZED',
  BinXmlBadToken: 'BINXML_BAD_TOKEN',
  /** @deprecated Reserved: never reported (an unknown value type is BINXML_UNSUPPORTED_VALUE_TYPE). */
  BinXmlBadValueType: 'BINXML_BAD_VALUE_TYPE',
  BinXmlUnsupportedValue: 'BINXML_UNSUPPORTED_VALUE_TYPE',
  /** @deprecated Reserved: never reported (a value shorter than its type renders empty; one past the record is BINXML_VALUE_OVERRUN). */
  BinXmlBadValueSize: 'BINXML_BAD_VALUE_SIZE',
  BinXmlValueOverrun: 'BINXML_VALUE_OVERRUN',
  /** @deprecated Reserved: never reported (a substitution index past the values reads as a Null value). */
  BinXmlBadSubstitution: 'BINXML_BAD_SUBSTITUTION',
  BinXmlBadName: 'BINXML_BAD_NAME',
  BinXmlBadTemplate: 'BINXML_BAD_TEMPLATE',
  BinXmlTemplateBorrowed: 'BINXML_TEMPLATE_BORROWED',
  BinXmlDepthLimit: 'BINXML_DEPTH_LIMIT',
  /** @deprecated Reserved: never reported (every FILETIME renders; the analyzer and query ignore times past the year 9999). */
  BinXmlBadTime: 'BINXML_BAD_TIME',
  LimitExceeded: 'LIMIT_EXCEEDED',
  ReadOutOfBounds: 'READ_OUT_OF_BOUNDS',
  SourceError: 'SOURCE_ERROR',
  Aborted: 'ABORTED',
  Internal: 'INTERNAL',
} as const
export type EvtxErrorCode = (typeof EvtxErrorCode)[keyof typeof EvtxErrorCode]

/** Where a problem is: absolute file offset, chunk index, offset inside the chunk, record id. */
export interface EvtxLocation {
  readonly fileOffset?: number
  readonly chunkIndex?: number
  readonly chunkOffset?: number
  readonly recordId?: number
}

/** The library's error: a stable `code`, a `location`, and a message with the real numbers. */
export class EvtxError extends Error {
  override readonly name = 'EvtxError'
  readonly code: EvtxErrorCode
  readonly location: EvtxLocation

  constructor(code: EvtxErrorCode, message: string, location: EvtxLocation = {}, options?: ErrorOptions) {
    super(message, options)
    this.code = code
    this.location = location
  }

  /** Its location with more context added by an outer layer; fields already known are kept. */
  locatedIn(more: EvtxLocation): EvtxLocation {
    return { ...more, ...definedOnly(this.location) }
  }

  /** A copy with more context added by an outer layer; fields already known are kept. */
  withLocation(more: EvtxLocation): EvtxError {
    const merged = this.locatedIn(more)
    const copy = new EvtxError(this.code, this.message, merged, { cause: this.cause })
    copy.stack = this.stack
    return copy
  }
}

function definedOnly(loc: EvtxLocation): EvtxLocation {
  const out: Record<string, number> = {}
  for (const [k, v] of Object.entries(loc)) if (v !== undefined) out[k] = v
  return out
}

/** Formats a location as `file offset 0x1200, chunk 3, record 42` for messages. */
export function describeLocation(loc: EvtxLocation): string {
  const parts: string[] = []
  if (loc.fileOffset !== undefined) parts.push(`file offset 0x${loc.fileOffset.toString(16)}`)
  if (loc.chunkIndex !== undefined) parts.push(`chunk ${loc.chunkIndex}`)
  if (loc.chunkOffset !== undefined) parts.push(`chunk offset 0x${loc.chunkOffset.toString(16)}`)
  if (loc.recordId !== undefined) parts.push(`record ${loc.recordId}`)
  return parts.join(', ')
}
