/**
 * The insertion strings of an event, as message rendering uses them: the `EventData/Data` values
 * in order (with their `Name` when they have one), or the fields of the element under
 * `UserData` (named by their element names). Read from the parsed record, not rendered XML.
 */
import { nodeAttribute, nodeName, nodeText, selectNodes } from '../access/nodes.js'
import { compilePath } from '../access/select.js'
import type { EvtxRecord } from '../evtx/record.js'

export interface InsertionStrings {
  readonly values: readonly string[]
  readonly names: readonly (string | undefined)[]
}

const DATA = compilePath('EventData/Data')
const USER_FIELDS = compilePath('UserData/*/*')

export function insertionStrings(record: EvtxRecord): InsertionStrings {
  const data = selectNodes(record, DATA)
  if (data.length > 0) return { values: data.map(nodeText), names: data.map((d) => nodeAttribute(d, 'Name')) }
  const fields = selectNodes(record, USER_FIELDS)
  return { values: fields.map(nodeText), names: fields.map(nodeName) }
}
