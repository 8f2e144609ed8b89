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
import { parseChunk } from '../../src/evtx/chunk.js'
import { parseEvtx } from '../../src/evtx/parse.js'
import type { EvtxRecord } from '../../src/evtx/record.js'
import { oddRecords } from '../helpers/odd-template.js'
import { CORPUS_SKIP_MESSAGE, corpusAvailable, corpusFiles, readCorpusFile } from '../helpers/corpus.js'
import { sampleLogs } from '../helpers/samples.js'
import { buildEvtx, systemEvent } from '../helpers/evtx-builder.js'
import { ChunkWriter, element, finishChunk, instanceRecord, instanceValue, substitution, v } from '../helpers/chunk-builder.js'

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

  it('reads a System field held as a nested BinXml value by walking it, not as a scalar', () => {
    // Record 1 defines `<Host>%0</Host>`; record 2 is `<Event><System><Computer>%0</Computer>
    // </System></Event>` whose %0 is a BinXml value instantiating it with 'host'.
    const t = { inTemplate: true }
    const w = new ChunkWriter()
    const defined = new Map<string, number>()
    const INNER = '{0dd0dd00-0000-0000-0000-0000000000b2}'
    instanceRecord(w, 1, INNER, (x) => element(x, 'Host', (y) => substitution(y, 0, 0x01), t), [v.str('never')], defined)
    const computer = (x: ChunkWriter) => element(x, 'Computer', (y) => substitution(y, 0, 0x21), t)
    const body = (x: ChunkWriter) => element(x, 'Event', (e) => element(e, 'System', computer, t), t)
    const last = instanceRecord(w, 2, '{0dd0dd00-0000-0000-0000-0000000000b1}', body, [instanceValue(INNER, defined, [v.str('host')])], defined)
    const [, r] = [...parseChunk(finishChunk(w, { firstId: 1, lastId: 2, lastRecordOffset: last }))]
    if (r === undefined) throw new Error('no record 2')
    expect(selectValue(r, SYSTEM_PATHS.computer)).toBe('host')
    expect(readSystem(r).computer).toBe('host')
  })

  it('reads a 64-bit number only while it is exact (below 2^53)', () => {
    const ids = [2n ** 53n - 1n, 2n ** 53n + 1n, 2n ** 64n - 1n]
    const rs = [...parseEvtx(buildEvtx(ids.map((recordId) => systemEvent({ provider: 'P', eventId: 1, time: '2026-11-20T08:00:00Z', channel: 'System', recordId }))))]
    expect(rs.map((r) => readSystem(r).eventRecordId)).toEqual([9007199254740991, undefined, undefined])
    expect(rs.map((r) => readNumber(r, SYSTEM_PATHS.eventRecordId))).toEqual([9007199254740991, undefined, undefined])
  })
})
if (!corpusAvailable) it.skip(CORPUS_SKIP_MESSAGE, () => undefined)
