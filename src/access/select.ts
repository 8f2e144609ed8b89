/**
 * Reading fields of a record by path, without rendering it.
 */
import { NodeKind } from '../binxml/nodes.js'
import type { ValueTable } from '../binxml/value-table.js'
import { ARRAY_BIT, ValueType } from '../binxml/value-types.js'
import { valueText } from '../binxml/values.js'
import type { EvtxRecord } from '../evtx/record.js'
import { type FieldPath, formatFieldPath, parseFieldPath, selectInFragment } from './path.js'
import { type Slot, slotFor } from './slots.js'

/** A path compiled once for repeated use (its text form is the cache key per template). */
export interface CompiledPath {
  readonly path: FieldPath
  readonly key: string
}

export function compilePath(path: string | FieldPath): CompiledPath {
  const p = typeof path === 'string' ? parseFieldPath(path) : path
  return { path: p, key: formatFieldPath(p) }
}

/**
 * Where `path` sits in the record's template, with the record's values: the slot and value table
 * for the common case of a template record, or undefined when the path must be resolved on nodes.
 */
export function locate(record: EvtxRecord, path: CompiledPath): { slot: Slot; vt: ValueTable } | undefined {
  const f = record.fragment
  if (f.length !== 1) return undefined
  const top = f[0]
  if (top === undefined || top.kind !== NodeKind.TemplateInstance) return undefined
  const slot = slotFor(top.template, path.path, path.key)
  if (slot.kind === 'runtime') return undefined
  return { slot, vt: top.values }
}

/** True when the slot's value is present for these values (dependencies and optional attributes). */
export function slotPresent(slot: Slot & { kind: 'substitution' }, vt: ValueTable): boolean {
  for (const d of slot.depIds) if (vt.isNull(d)) return false
  return !(slot.dropWhenNull && vt.isNull(slot.index))
}

/**
 * Every value the path selects in the record, in document order, as Windows renders them.
 * @param record - a parsed record
 * @param path - a path (`System/EventID`, `EventData/Data[@Name='Type']`, `System/Provider/@Name`)
 */
export function selectValues(record: EvtxRecord, path: string | CompiledPath): string[] {
  const p = typeof path === 'string' ? compilePath(path) : path
  const at = locate(record, p)
  if (at === undefined) return selectInFragment(record.fragment, p.path, record.limits.maxRenderedLength)
  const { slot, vt } = at
  if (slot.kind !== 'runtime' && slot.repeatBy?.some((i) => vt.type(i) & ARRAY_BIT)) return selectInFragment(record.fragment, p.path, record.limits.maxRenderedLength)
  if (slot.kind === 'static') return [...slot.values]
  if (slot.kind !== 'substitution' || !slotPresent(slot, vt)) return []
  const type = vt.type(slot.index)
  if (type === ValueType.BinXml || type & ARRAY_BIT) return selectInFragment(record.fragment, p.path, record.limits.maxRenderedLength)
  return [valueText(vt, slot.index, -1)]
}

/** The first value the path selects, or undefined. */
export function selectValue(record: EvtxRecord, path: string | CompiledPath): string | undefined {
  return selectValues(record, path)[0]
}
