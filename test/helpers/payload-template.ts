/**
 * A chunk of records whose one template exercises the corners of reading an event payload:
 * Data repeated by an array value (an empty array still gives one element), a Data name that is
 * an optional substitution (dropped when Null, so the Data becomes unnamed), character and entity
 * references and CDATA in a value, an element nested in a Data, Data and Binary that depend on a
 * value, a repeated name (the first wins), a namespace prefix, two Name attributes (the last
 * wins), an entity XML does not define (kept as written), white space around Binary's hex, and a
 * UserData whose first element may be left out.
 *
 * `<Event><System><EventID>%0</EventID></System>
 * <EventData><Data Name='a'>%1</Data><Data Name='a'>second</Data><Data>%2</Data>
 * <Data Name='%3?'>pre&#65;&amp;%4<![CDATA[c]]></Data><Data Name='dep' dep=5>%6</Data>
 * <Data Name='nest'>x<Inner dep=13>%7</Inner>y</Data><evt:Data Name='ns'>prefixed</evt:Data>
 * <Data Name='n1' Name='n2'>twice</Data><Data Name='ent'>&foo;</Data><Binary dep=8> %8\n</Binary><Other>%9</Other></EventData>
 * <UserData><Skipped dep=10/><EventXML><F1>%11</F1><F2 dep=12>%12</F2><F1>dupe</F1></EventXML></UserData></Event>`
 */
import { parseChunk } from '../../src/evtx/chunk.js'
import type { ParseOptions } from '../../src/evtx/options.js'
import type { EvtxRecord } from '../../src/evtx/record.js'
import { attribute, type ChunkWriter, openElement, substitution, templateChunk, text, v, type Value } from './chunk-builder.js'

const T = { inTemplate: true }

/** `<name [Name='…'] [dep]>content</name>`; content writes the element's children. */
function element(w: ChunkWriter, name: string, content: (w: ChunkWriter) => void, opts: { depId?: number; nameAttr?: string | [index: number, type: number] } = {}): void {
  const close = openElement(w, name, { ...T, ...(opts.depId === undefined ? {} : { depId: opts.depId }), attrs: opts.nameAttr !== undefined })
  if (opts.nameAttr !== undefined) {
    attribute(w, 'Name', false)
    if (typeof opts.nameAttr === 'string') text(w, opts.nameAttr)
    else substitution(w, opts.nameAttr[0], opts.nameAttr[1], true)
  }
  w.u8(0x02)
  content(w)
  w.u8(0x04)
  close()
}

const sub = (index: number, type: number) => (w: ChunkWriter) => substitution(w, index, type)

function payloadTemplate(w: ChunkWriter): void {
  const closeEvent = openElement(w, 'Event', T)
  w.u8(0x02)
  element(w, 'System', (x) => element(x, 'EventID', sub(0, 0x06)))
  element(w, 'EventData', (x) => {
    element(x, 'Data', sub(1, 0x01), { nameAttr: 'a' })
    element(x, 'Data', (y) => text(y, 'second'), { nameAttr: 'a' })
    element(x, 'Data', sub(2, 0x81))
    element(
      x,
      'Data',
      (y) => {
        text(y, 'pre')
        y.u8(0x08).u16(65) // &#65;
        y.u8(0x09).name('amp') // &amp;
        substitution(y, 4, 0x01)
        y.u8(0x07).u16(1).utf16('c') // <![CDATA[c]]>
      },
      { nameAttr: [3, 0x01] },
    )
    element(x, 'Data', sub(6, 0x01), { nameAttr: 'dep', depId: 5 })
    element(
      x,
      'Data',
      (y) => {
        text(y, 'x')
        element(y, 'Inner', sub(7, 0x81), { depId: 13 })
        text(y, 'y')
      },
      { nameAttr: 'nest' },
    )
    element(x, 'evt:Data', (y) => text(y, 'prefixed'), { nameAttr: 'ns' })
    // Two Name attributes: the last one rendered names the Data.
    const closeTwice = openElement(x, 'Data', { ...T, attrs: true })
    attribute(x, 'Name', true)
    text(x, 'n1')
    attribute(x, 'Name', false)
    text(x, 'n2')
    x.u8(0x02)
    text(x, 'twice')
    x.u8(0x04)
    closeTwice()
    element(x, 'Data', (y) => y.u8(0x09).name('foo'), { nameAttr: 'ent' }) // &foo;, an entity XML does not define
    element(
      x,
      'Binary',
      (y) => {
        text(y, ' ', true)
        substitution(y, 8, 0x0e)
        text(y, '\n')
      },
      { depId: 8 },
    )
    element(x, 'Other', sub(9, 0x81))
  })
  element(w, 'UserData', (x) => {
    const closeSkipped = openElement(x, 'Skipped', { ...T, depId: 10 })
    x.u8(0x03)
    closeSkipped()
    element(x, 'EventXML', (y) => {
      element(y, 'F1', sub(11, 0x01))
      element(y, 'F2', sub(12, 0x01), { depId: 12 })
      element(y, 'F1', (z) => text(z, 'dupe'))
    })
  })
  w.u8(0x04)
  closeEvent()
}

function strings(...items: string[]): Value {
  return { type: 0x81, bytes: v.str(items.map((x) => `${x}\0`).join('')).bytes }
}

export const PAYLOAD_VALUE_SETS: readonly Value[][] = [
  [v.u16(1), v.str('one'), strings('x', 'y', 'z'), v.str('nm'), v.str('v4'), v.u8(1), v.str('dv'), strings('i1', 'i2'), v.raw(0x0e, [0xde, 0xad]), strings('o1', 'o2'), v.u8(1), v.str('f1'), v.str('f2'), v.u8(1)],
  [v.u16(2), v.null(), v.str('scalar'), v.null(), v.null(), v.null(), v.str('never'), v.str('single'), v.null(), v.str('o'), v.null(), v.str('f1'), v.null(), v.null()],
  [v.u16(3), v.str(''), strings(), v.str('nm'), v.str('&<'), v.u8(1), v.null(), strings(), v.raw(0x0e, []), v.null(), v.null(), v.str('a'), v.str('b'), v.u8(1)],
]

/** One chunk holding a record per value set (ids 1…n). */
export function payloadRecords(options: ParseOptions = {}): EvtxRecord[] {
  return [...parseChunk(templateChunk('{0dd0dd00-0000-0000-0000-000000000002}', payloadTemplate, PAYLOAD_VALUE_SETS), 0, options)]
}
