/**
 * A chunk of records whose one template exercises the corners of slot-based reading that real logs
 * rarely reach: System elements that depend on a value (dropped when it is Null), an optional
 * attribute, array-valued System fields (`Level`, `Keywords`), an EventData that depends on a value, and an
 * array substitution directly under `Event` (which repeats the whole `Event` element).
 *
 * `<Event><System><Provider Name='%0' Guid='%1?'/><EventID dep=2>%3</EventID><Level>%4</Level>
 * <Execution ProcessID='%5?'/><Channel dep=6>static-channel</Channel><Computer dep=6>%10</Computer>
 * <Keywords>%11</Keywords></System>
 * <EventData dep=7><Data Name='x'>%8</Data></EventData>%9</Event>`
 */
import { parseChunk } from '../../src/evtx/chunk.js'
import type { EvtxRecord } from '../../src/evtx/record.js'
import { attribute, type ChunkWriter, openElement, substitution, templateChunk, text, v, type Value } from './chunk-builder.js'

/** `<name [dep]>%index</name>`, or literal text instead of the substitution. */
function leaf(w: ChunkWriter, name: string, content: [index: number, type: number] | string, depId?: number): void {
  const close = openElement(w, name, { inTemplate: true, ...(depId === undefined ? {} : { depId }) })
  w.u8(0x02)
  if (typeof content === 'string') text(w, content)
  else substitution(w, content[0], content[1])
  w.u8(0x04)
  close()
}

/** `<name a='%i'… />` with optional substitutions as attribute values. */
function attributesOnly(w: ChunkWriter, name: string, attrs: ReadonlyArray<[attr: string, index: number, type: number, optional: boolean]>): void {
  const close = openElement(w, name, { inTemplate: true, attrs: true })
  attrs.forEach(([attr, index, type, optional], i) => {
    attribute(w, attr, i < attrs.length - 1)
    substitution(w, index, type, optional)
  })
  w.u8(0x03)
  close()
}

function oddTemplate(w: ChunkWriter): void {
  const t = { inTemplate: true }
  const closeEvent = openElement(w, 'Event', t)
  w.u8(0x02)
  const closeSystem = openElement(w, 'System', t)
  w.u8(0x02)
  attributesOnly(w, 'Provider', [
    ['Name', 0, 0x01, false],
    ['Guid', 1, 0x0f, true],
  ])
  leaf(w, 'EventID', [3, 0x06], 2)
  leaf(w, 'Level', [4, 0x84])
  attributesOnly(w, 'Execution', [['ProcessID', 5, 0x08, true]])
  leaf(w, 'Channel', 'static-channel', 6)
  leaf(w, 'Computer', [10, 0x01], 6)
  leaf(w, 'Keywords', [11, 0x95])
  w.u8(0x04)
  closeSystem()
  const closeData = openElement(w, 'EventData', { ...t, depId: 7 })
  w.u8(0x02)
  const closeD = openElement(w, 'Data', { ...t, attrs: true })
  attribute(w, 'Name', false)
  text(w, 'x')
  w.u8(0x02)
  substitution(w, 8, 0x01)
  w.u8(0x04)
  closeD()
  w.u8(0x04)
  closeData()
  substitution(w, 9, 0x81)
  w.u8(0x04)
  closeEvent()
}

function stringArray(items: readonly string[]): Value {
  const s = items.map((x) => `${x}\0`).join('')
  return { type: 0x81, bytes: v.str(s).bytes }
}

/** Value sets for the odd template: each Null or present, arrays of 0, 1 and 2 items. */
const hexArray = (...n: bigint[]): Value => ({ type: 0x95, bytes: new Uint8Array(new BigUint64Array(n).buffer) })

export const ODD_VALUE_SETS: readonly Value[][] = [
  [v.str('Odd'), v.guid('{12345678-1234-1234-1234-123456789abc}'), v.u8(1), v.u16(7), v.raw(0x84, [4]), v.u32(42), v.u8(1), v.u8(1), v.str('x1'), stringArray([]), v.str('host-a'), hexArray(0x8000n)],
  [v.str('Odd'), v.null(), v.null(), v.u16(8), v.raw(0x84, [2, 3]), v.null(), v.null(), v.null(), v.str('x2'), stringArray(['a']), v.str('host-b'), hexArray(1n, 2n)],
  [v.str('Odd'), v.null(), v.u8(1), v.u16(9), v.raw(0x84, []), v.u32(1), v.u8(0), v.u8(1), v.null(), stringArray(['a', 'b']), v.null(), hexArray()],
  [v.str(''), v.guid('{00000000-0000-0000-0000-000000000000}'), v.u8(1), v.null(), v.null(), v.null(), v.null(), v.u8(1), v.str(''), v.null(), v.str('host-d'), v.null()],
]

/** One chunk holding a record per value set (ids 1…n). */
export function oddRecords(): EvtxRecord[] {
  return [...parseChunk(templateChunk('{0dd0dd00-0000-0000-0000-000000000001}', oddTemplate, ODD_VALUE_SETS))]
}
