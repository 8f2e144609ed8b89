/**
 * `normalizeOrReport`: a record whose event cannot be read (past the render limit) becomes a
 * diagnostic with its place in the file when reading goes on, is thrown to strict readers, and
 * any other failure (a bug, not damage) is thrown either way.
 */
import { describe, expect, it } from 'vitest'
import type { Diagnostic } from '../../src/diagnostics.js'
import { EvtxError, EvtxErrorCode } from '../../src/errors.js'
import type { EvtxRecord } from '../../src/evtx/record.js'
import { normalizeOrReport } from '../../src/model/normalize-or-report.js'
import { v } from '../helpers/chunk-builder.js'
import { oneValueRecord } from '../helpers/one-value.js'
import { thrown } from '../helpers/thrown.js'

/** `<Event><EventData><Data Name='v'>…</Data></EventData></Event>`: no System, so no channel of its own. */
const tooLong = () => oneValueRecord([v.str('a value past the limit')], {}, [], { maxRenderedLength: 8 })

describe('normalizeOrReport', () => {
  it('reads a record as usual, with the fallback channel when it names none', () => {
    const seen: Diagnostic[] = []
    const e = normalizeOrReport(oneValueRecord([v.str('abc')]), 'Application', (d) => seen.push(d), false)
    expect(e?.data).toEqual({ v: 'abc' })
    expect(e?.channel).toBe('Application')
    expect(seen).toEqual([])
  })

  it('reports a record past the render limit with its place and goes on', () => {
    const seen: Diagnostic[] = []
    const r = tooLong()
    expect(normalizeOrReport(r, undefined, (d) => seen.push(d), false)).toBeUndefined()
    expect(seen).toHaveLength(1)
    expect(seen[0]).toMatchObject({ code: EvtxErrorCode.LimitExceeded, severity: 'error', location: { recordId: r.recordId, fileOffset: r.fileOffset, chunkIndex: r.chunkIndex } })
    expect(seen[0]?.message).toContain('limits.maxRenderedLength')
  })

  it('throws the error to a strict reader, reporting nothing', () => {
    const seen: Diagnostic[] = []
    const e = thrown(() => normalizeOrReport(tooLong(), undefined, (d) => seen.push(d), true), EvtxError)
    expect(e.code).toBe(EvtxErrorCode.LimitExceeded)
    expect(seen).toEqual([])
  })

  it('throws a failure that is not an EvtxError even when reading goes on', () => {
    const r = oneValueRecord([v.str('abc')])
    const broken = new Proxy(r, {
      get: (target, key) => {
        if (key === 'fragment') throw new RangeError('not damage')
        return Reflect.get(target, key) as unknown
      },
    }) as EvtxRecord
    const seen: Diagnostic[] = []
    expect(() => normalizeOrReport(broken, undefined, (d) => seen.push(d), false)).toThrowError(RangeError)
    expect(seen).toEqual([])
  })
})
