/**
 * `readSystem` reads every System field through slots cached per template; it must give exactly
 * what the general accessors (`selectValue`, `readNumber`, `readTimeCreatedMs`) give field by
 * field, on every real record (template records, templateless forwarded ones, odd templates) and
 * on the bundled samples.
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { selectValue } from '../../src/access/select.js'
import { readNumber, readSystem, readTimeCreatedMs, SYSTEM_PATHS, type SystemFields } from '../../src/access/system.js'
import { parseEvtx } from '../../src/evtx/parse.js'
import type { EvtxRecord } from '../../src/evtx/record.js'
import { oddRecords } from '../helpers/odd-template.js'
import { CORPUS_SKIP_MESSAGE, corpusAvailable, corpusFiles, readCorpusFile } from '../helpers/corpus.js'
import { sampleLogs } from '../helpers/samples.js'

const NUMBERS = new Set(['eventId', 'qualifiers', 'version', 'level', 'task', 'opcode', 'eventRecordId', 'processId', 'threadId'])

/** The System fields read one general accessor call at a time. */
function fieldByField(r: EvtxRecord): SystemFields {
  const out: Record<string, unknown> = {}
  for (const [name, path] of Object.entries(SYSTEM_PATHS)) {
    out[name] = NUMBERS.has(name) ? readNumber(r, path) : selectValue(r, path)
    if (name === 'timeCreated') out.timeCreatedMs = readTimeCreatedMs(r)
  }
  return out as unknown as SystemFields
}

function checkAll(name: string, bytes: Uint8Array): number {
  let n = 0
  for (const r of parseEvtx(bytes)) {
    // Twice: the first read fills the template's slot cache, the second uses it.
    expect(readSystem(r), `${name} record ${r.recordId}`).toStrictEqual(fieldByField(r))
    expect(readSystem(r)).toStrictEqual(fieldByField(r))
    n++
  }
  return n
}

describe('readSystem', () => {
  it('equals the field-by-field accessors where fields depend on Null values, are optional or hold arrays', () => {
    const records = oddRecords()
    expect(records).toHaveLength(4)
    for (const r of [...records, ...records]) expect(readSystem(r), `record ${r.recordId}`).toStrictEqual(fieldByField(r))
    // What those corners give, so the equality above is not between two equal mistakes.
    expect(records.map((r) => readSystem(r).eventId)).toEqual([7, undefined, 9, undefined])
    expect(records.map((r) => readSystem(r).level)).toEqual([4, 2, undefined, undefined])
    expect(records.map((r) => readSystem(r).processId)).toEqual([42, undefined, 1, undefined])
    expect(records.map((r) => readSystem(r).channel)).toEqual(['static-channel', undefined, 'static-channel', undefined])
    expect(records.map((r) => readSystem(r).computer)).toEqual(['host-a', undefined, '', undefined])
    expect(records.map((r) => readSystem(r).keywords)).toEqual(['0x8000', '0x1', '', ''])
    expect(records.map((r) => readSystem(r).providerGuid)).toEqual(['{12345678-1234-1234-1234-123456789abc}', undefined, undefined, '{00000000-0000-0000-0000-000000000000}'])
  })
  it('equals the field-by-field accessors on every sample record', () => {
    let n = 0
    for (const [name, path] of sampleLogs()) n += checkAll(name, new Uint8Array(readFileSync(path)))
    expect(n).toBeGreaterThan(100)
  })
  it.skipIf(!corpusAvailable)('equals the field-by-field accessors on every corpus record', () => {
    let n = 0
    for (const name of corpusFiles()) n += checkAll(name, readCorpusFile(name))
    expect(n).toBeGreaterThan(50_000)
  })
})
if (!corpusAvailable) it.skip(CORPUS_SKIP_MESSAGE, () => undefined)
