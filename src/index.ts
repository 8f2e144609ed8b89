/**
 * rdp-triage: the public, platform-neutral API. The parser is also available alone as
 * `rdp-triage/evtx`.
 */
export * from './evtx/index.js'
export * from './writer/index.js'
