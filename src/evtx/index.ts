/**
 * `rdp-triage/evtx`: the EVTX parser on its own. Platform-neutral (Uint8Array, DataView,
 * TextDecoder); a file path is the only input that needs Node, and `node:fs` is imported only then.
 */
export { parseEvtx } from './parse.js'
export { readEvtx, readEvtxChunks } from './read.js'
export type { ByteSource } from './byte-source.js'
export { parseChunk } from './chunk.js'
export { readFileHeader, type EvtxFileHeader } from './file-header.js'
export { readChunkHeader, type ChunkHeader } from './chunk-header.js'
export { EvtxRecord } from './record.js'
export type { ParseOptions, ChunkInfo, ChunkStatus } from './options.js'
export { CHUNK_SIZE, FILE_HEADER_BLOCK_SIZE, CHUNK_HEADER_SIZE } from './constants.js'
export { renderXml, renderFragmentXml } from '../render/xml.js'
export { recordToTree, fragmentToTree, type XmlElement } from '../render/tree.js'
export { EvtxError, EvtxErrorCode, type EvtxLocation, describeLocation } from '../errors.js'
export type { Diagnostic, DiagnosticHandler, Severity } from '../diagnostics.js'
export { DEFAULT_LIMITS, type Limits } from '../limits.js'
export { renderJson, fragmentToJson, type JsonValue, type JsonObject } from '../render/json.js'
export { selectValues, selectValue, compilePath, type CompiledPath } from '../access/select.js'
export { parseFieldPath, formatFieldPath, type FieldPath, type PathStep } from '../access/path.js'
export { readSystem, readProviderAndEventId, readTimeCreatedMs, SYSTEM_PATHS, type SystemFields } from '../access/system.js'
