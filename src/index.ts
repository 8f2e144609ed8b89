/**
 * rdp-triage: the public, platform-neutral API. The parser is also available alone as
 * `rdp-triage/evtx`.
 */
export * from './evtx/index.js'
export * from './writer/index.js'
export { renderEvtxParallel, type ParallelOptions } from './node/parallel.js'
export { renderRecordLine, recordJson, type LineFormat } from './render/record-line.js'
export * from './analyze.js'
export { renderScript, type ScriptMode, type ScriptOptions } from './remediation/index.js'
