/**
 * The diagnostics an input lists (src/inputs/kept-diagnostics.ts): bounded, warnings and errors
 * before info, in the order they were reported.
 */
import { describe, expect, it } from 'vitest'
import type { Diagnostic, Severity } from '../../src/diagnostics.js'
import { EvtxErrorCode } from '../../src/errors.js'
import { KeptDiagnostics } from '../../src/inputs/kept-diagnostics.js'

const d = (severity: Severity, n: number): Diagnostic => ({ severity, code: EvtxErrorCode.ChunkLeftoverRecords, message: `${n}`, location: {} })
const codes = (list: Diagnostic[]) => list.map((x) => `${x.severity[0]}${x.message}`)

describe('KeptDiagnostics', () => {
  it('keeps everything under the limit, in order', () => {
    const k = new KeptDiagnostics(4)
    for (const [s, n] of [['info', 1], ['error', 2], ['warning', 3]] as const) k.add(d(s, n))
    expect(codes(k.items())).toEqual(['i1', 'e2', 'w3'])
  })

  it('never lets info crowd out a warning or an error reported later', () => {
    const k = new KeptDiagnostics(3)
    for (let n = 1; n <= 10; n++) k.add(d('info', n))
    k.add(d('warning', 11))
    k.add(d('error', 12))
    expect(codes(k.items())).toEqual(['i1', 'w11', 'e12'])
    for (let n = 13; n <= 20; n++) k.add(d('error', n))
    expect(codes(k.items())).toEqual(['w11', 'e12', 'e13'])
  })
})
