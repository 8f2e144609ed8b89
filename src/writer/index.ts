/**
 * The EVTX writer: events described as element trees and templates → records, chunks and whole
 * files laid out as Windows lays them out, plus the damage real logs suffer. Platform-neutral.
 * See docs/writer.md.
 */
export type {
  AttributePart,
  AttributeSpec,
  BinXmlDocument,
  CDataSpec,
  CharRefSpec,
  ContentSpec,
  DocumentNode,
  ElementSpec,
  EntityRefSpec,
  PISpec,
  SubstitutionSpec,
  SystemTimeParts,
  TemplateDefinition,
  TemplateInstance,
  TextSpec,
  ValueData,
  WriterRecord,
  WriterValue,
} from './model.js'
export { val, encodeValue, encodeSid, toTicks } from './value-encoder.js'
export { templateGuid } from './template-guid.js'
export { templateBucket } from './template-table.js'
export { ChunkWriter, type ChunkWriterOptions, type ChunkSummary } from './chunk-writer.js'
export {
  buildEvtx,
  writeEvtx,
  writeChunk,
  encodeFileHeader,
  type FileHeaderFields,
  type WriteEvtxOptions,
  type WrittenChunk,
  type WrittenEvtx,
} from './file-writer.js'
export { applyDamage, type Damage } from './damage.js'
export { el, text, sub, opt, attr, instance, doc } from './build.js'
