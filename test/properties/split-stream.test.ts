/**
 * Property (b): arbitrary splits of written bytes streamed through readEvtx give exactly the
 * records (and diagnostics) of the synchronous parse, with fresh read buffers or with two reused
 * (`reuseBuffers`, each record summarised before the next is asked for). A stream that fails
 * after any number of bytes gives the records of those bytes, then its failure.
 */
import { fc, test } from '@fast-check/vitest'
import { describe, expect } from 'vitest'
import { EvtxError, EvtxErrorCode } from '../../src/errors.js'
import type { Diagnostic } from '../../src/diagnostics.js'
import { parseEvtx } from '../../src/evtx/parse.js'
import { readEvtx } from '../../src/evtx/read.js'
import type { EvtxRecord } from '../../src/evtx/record.js'
import { renderXml } from '../../src/render/xml.js'
import { buildEvtx } from '../../src/writer/index.js'
import { eventsArb, writeOptions } from '../writer/arbitraries.js'
import { PROPERTY_TIMEOUT, propertyParams } from './settings.js'

/** Cuts `bytes` into pieces whose sizes cycle through `pattern`. */
export function* pieces(bytes: Uint8Array, pattern: readonly number[]): Generator<Uint8Array> {
  let at = 0
  for (let k = 0; at < bytes.length; k++) {
    const n = pattern[k % pattern.length] as number
    yield bytes.slice(at, at + n)
    at += n
  }
}

function summary(r: EvtxRecord): [number, number, number, string] {
  return [r.recordId, r.chunkIndex, r.chunkOffset, renderXml(r)]
}

export async function checkSplit(bytes: Uint8Array, pattern: readonly number[], reuseBuffers = false): Promise<void> {
  const syncDiags: Diagnostic[] = []
  const expected = [...parseEvtx(bytes, { onDiagnostic: (d) => syncDiags.push(d) })].map(summary)
  const streamDiags: Diagnostic[] = []
  const got: Array<ReturnType<typeof summary>> = []
  async function* source() {
    yield* pieces(bytes, pattern)
  }
  for await (const r of readEvtx(source(), { onDiagnostic: (d) => streamDiags.push(d), reuseBuffers })) got.push(summary(r))
  expect(got).toEqual(expected)
  expect(streamDiags).toEqual(syncDiags)
}

const patternArb = fc.oneof(
  fc.array(fc.integer({ min: 1, max: 70_000 }), { minLength: 1, maxLength: 8 }),
  fc.constantFrom([1], [2], [3], [5], [8], [13], [4096], [65535], [65537], [4095, 1], [65536]),
)

describe('streaming split invariance (property b)', () => {
  test.prop([eventsArb, patternArb, fc.nat({ max: 3 }), fc.boolean()], propertyParams)('readEvtx over any split equals parseEvtx (fresh or reused read buffers)', async (c, pattern, tailCut, reuseBuffers) => {
    const bytes = buildEvtx(c.records, writeOptions(c)).bytes
    // Sometimes cut the tail too, so short final blocks are streamed as well.
    const cut = tailCut === 0 ? bytes.subarray(0, bytes.length - 1000) : bytes
    // Tiny pieces make the stream slow; cap the piece count so each run stays quick.
    const minPiece = Math.ceil(cut.length / 4000)
    await checkSplit(cut, pattern.map((n) => Math.max(n, minPiece)), reuseBuffers)
  }, PROPERTY_TIMEOUT)
  test.prop([eventsArb, patternArb, fc.double({ min: 0, max: 1, noNaN: true }), fc.boolean()], propertyParams)('a stream that fails gives the records of the bytes before the failure, then the failure', async (c, pattern, where, reuseBuffers) => {
    const bytes = buildEvtx(c.records, writeOptions(c)).bytes
    const at = Math.floor(where * bytes.length)
    // A prefix too short for a file header is not EVTX at all: then no record and an EvtxError.
    let expected: Array<ReturnType<typeof summary>> = []
    let parses = true
    try {
      expected = [...parseEvtx(bytes.subarray(0, at), { onDiagnostic: () => undefined })].map(summary)
    } catch {
      parses = false
    }
    const minPiece = Math.ceil(bytes.length / 4000)
    async function* failing() {
      yield* pieces(bytes.subarray(0, at), pattern.map((n) => Math.max(n, minPiece)))
      throw new Error('connection reset')
    }
    const got: Array<ReturnType<typeof summary>> = []
    let error: unknown
    try {
      for await (const r of readEvtx(failing(), { onDiagnostic: () => undefined, reuseBuffers })) got.push(summary(r))
    } catch (e) {
      error = e
    }
    expect(got).toEqual(expected)
    expect(error).toBeInstanceOf(EvtxError)
    if (parses) {
      expect((error as EvtxError).code).toBe(EvtxErrorCode.SourceError)
      expect((error as Error).message).toMatch(/connection reset/)
    }
  }, PROPERTY_TIMEOUT)
})
