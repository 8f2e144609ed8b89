/**
 * `payloadFromNodes` reads EventData and UserData straight from a record's nodes; it must give
 * exactly what reading the element tree gives (`readPayload(recordPayloadTree(record))`) on
 * every real record, every sample record and a template built for the corners.
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { parseEvtx } from '../../src/evtx/parse.js'
import type { EvtxRecord } from '../../src/evtx/record.js'
import { readPayload } from '../../src/model/from-record.js'
import { payloadFromNodes } from '../../src/model/payload-nodes.js'
import { recordPayloadTree } from '../../src/render/tree.js'
import { CORPUS_SKIP_MESSAGE, corpusAvailable, corpusFiles, readCorpusFile } from '../helpers/corpus.js'
import { oddRecords } from '../helpers/odd-template.js'
import { payloadRecords } from '../helpers/payload-template.js'
import { sampleLogs } from '../helpers/samples.js'

const fromTree = (r: EvtxRecord) => readPayload(recordPayloadTree(r))

/** Checks every record of a file; returns how many there were. */
function checkAll(name: string, bytes: Uint8Array): number {
  let n = 0
  for (const r of parseEvtx(bytes)) {
    const got = payloadFromNodes(r)
    // Every record of these files is one element or one template instance: none is left to the tree.
    expect(got, `${name} record ${r.recordId} was declined`).toBeDefined()
    expect(got, `${name} record ${r.recordId}`).toStrictEqual(fromTree(r))
    n++
  }
  return n
}

describe('payloadFromNodes', () => {
  it('equals the tree on the corner template, and the corners give what Windows renders', () => {
    const records = payloadRecords()
    expect(records).toHaveLength(3)
    for (const r of records) expect(payloadFromNodes(r), `record ${r.recordId}`).toStrictEqual(fromTree(r))
    const [a, b, c] = records.map((r) => payloadFromNodes(r))
    // One Data per array item; a Null optional Name makes the Data unnamed; references and CDATA
    // are text; a nested element's items are joined into its Data's text; a prefix is not part of
    // the name, the last Name attribute names the Data, an undefined entity stays as written, and
    // Binary's hex is read without the white space around it.
    expect(a?.unnamedData).toEqual(['x', 'y', 'z'])
    expect(a?.data).toEqual({ a: 'one', nm: 'preA&v4c', dep: 'dv', nest: 'xi1i2y', ns: 'prefixed', n2: 'twice', ent: '&foo;' })
    expect(a?.binaryHex).toBe('DEAD')
    // The Null-dependent Skipped is there in the first record, so it is the wrapper.
    expect(a?.userData).toEqual({ element: 'Skipped', fields: {} })
    expect(b?.unnamedData).toEqual(['scalar', 'preA&c'])
    // A Null value still leaves its Data, empty: the first 'a' wins with ''. Inner depends on a
    // Null value here, so only the Data's own text is left.
    expect(b?.data).toEqual({ a: '', nest: 'xy', ns: 'prefixed', n2: 'twice', ent: '&foo;' })
    expect(b?.binaryHex).toBeUndefined()
    expect(b?.userData).toEqual({ element: 'EventXML', fields: { F1: 'f1' } })
    // An empty array still gives one empty element.
    expect(c?.unnamedData).toEqual([''])
    expect(c?.data).toEqual({ a: '', nm: 'preA&&<c', dep: '', nest: 'xy', ns: 'prefixed', n2: 'twice', ent: '&foo;' })
    expect(c?.userData).toEqual({ element: 'EventXML', fields: { F1: 'a', F2: 'b' } })
  })

  it('fails past the render limit as the tree does, instead of building without bound', () => {
    const [r] = payloadRecords({ limits: { maxRenderedLength: 6 } })
    if (r === undefined) throw new Error('no record')
    expect(() => fromTree(r)).toThrowError(/render limit|characters/)
    expect(() => payloadFromNodes(r)).toThrowError(/characters/)
    const [roomy] = payloadRecords({ limits: { maxRenderedLength: 4096 } })
    if (roomy === undefined) throw new Error('no record')
    expect(payloadFromNodes(roomy)).toStrictEqual(fromTree(roomy))
  })

  it('equals the tree where EventData depends on a Null value and arrays sit under Event', () => {
    for (const r of oddRecords()) expect(payloadFromNodes(r), `record ${r.recordId}`).toStrictEqual(fromTree(r))
  })

  it('equals the tree on every sample record', () => {
    let n = 0
    for (const [name, path] of sampleLogs()) n += checkAll(name, new Uint8Array(readFileSync(path)))
    expect(n).toBeGreaterThan(100)
  })

  it.skipIf(!corpusAvailable)('equals the tree on every corpus record', () => {
    let n = 0
    for (const name of corpusFiles()) n += checkAll(name, readCorpusFile(name))
    expect(n).toBeGreaterThan(50_000)
  })
})
if (!corpusAvailable) it.skip(CORPUS_SKIP_MESSAGE, () => undefined)
