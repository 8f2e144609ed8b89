/**
 * rdp-triage: the public, platform-neutral API. The parser is also available alone as
 * `rdp-triage/evtx`.
 */
export * from './evtx/index.js'
export * from './writer/index.js'
export { renderEvtxParallel, type ParallelOptions } from './node/parallel.js'
export { EvtxWorkerPool, type WorkerPoolOptions } from './node/worker-pool.js'
export { renderRecordLine, recordJson, type LineFormat } from './render/record-line.js'
export * from './analyze.js'
export * from './query/index.js'
// One message catalog (src/catalog) serves both: renderMessage(event) renders a normalized event
// (src/report/messages.ts), renderCatalogMessage(provider, eventId, strings) raw insertion strings.
export {
  findMessage, formatMessage, insertionStrings, keywordNames, KNOWN_PROVIDERS, knownProvider, levelName, MESSAGES, missingDescription,
  opcodeName, renderMessage as renderCatalogMessage, taskName, wellKnownAccount,
  type InsertionStrings, type KnownProvider, type MessageEntry,
} from './catalog/index.js'
export { childNodes, eventNode, nodeAttribute, nodeName, nodeText, pathExists, selectNodes, type EventNode } from './access/nodes.js'
export { renderScript, type ScriptMode, type ScriptOptions } from './remediation/index.js'
