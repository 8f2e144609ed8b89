/**
 * The parallel renderer gives exactly the sequential output (same lines, same order, same
 * diagnostics), on a pool of its own (test/node/worker-pool.test.ts covers a caller's pool).
 */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Diagnostic } from '../../src/diagnostics.js'
import { renderEvtxParallel } from '../../src/node/parallel.js'
import type { LineFormat } from '../../src/render/record-line.js'
import { concat, simpleChunk, simpleFile } from '../helpers/chunk-builder.js'
import { corpusAvailable, corpusPath } from '../helpers/corpus.js'
import { sequentialLines } from '../helpers/sequential-lines.js'
import { workerBundle } from '../helpers/worker-bundle.js'

let workerUrl: URL
beforeAll(async () => {
  workerUrl = await workerBundle()
})

async function parallel(path: string, format: LineFormat, threads: number, batchBlocks: number, reuseOutput = false): Promise<{ text: string; diagnostics: string[] }> {
  const diagnostics: Diagnostic[] = []
  let text = ''
  const decoder = new TextDecoder()
  for await (const t of renderEvtxParallel(path, { format, threads, batchBlocks, workerUrl, reuseOutput, onDiagnostic: (d) => diagnostics.push(d) })) text += decoder.decode(t)
  return { text, diagnostics: diagnostics.map((d) => JSON.stringify(d)) }
}

describe('renderEvtxParallel', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rdp-triage-parallel-'))
  const damaged = concat(simpleFile([[1, 30], [31, 30]], { chunkCount: 1, flags: 1 }), new Uint8Array(0x10000).fill(7), simpleChunk(61, 30))
  new DataView(damaged.buffer).setUint16(4096 + 42, 1, true)
  const path = join(dir, 'damaged.evtx')
  writeFileSync(path, damaged)

  it.each([
    ['xml', 2, 1],
    ['jsonl', 3, 2],
    ['xml', 1, 16],
  ] as const)('matches the sequential %s output (%i threads, %i blocks per batch)', async (format, threads, batch) => {
    const [a, b] = await Promise.all([sequentialLines(path, format), parallel(path, format, threads, batch)])
    expect(b.text).toBe(a.text)
    expect(b.diagnostics).toEqual(a.diagnostics)
    expect(a.diagnostics.some((d) => d.includes('EVTX_CHUNK_BAD_MAGIC'))).toBe(true)
  })

  it.runIf(corpusAvailable)('matches when output buffers are handed back and reused (one block per batch)', async () => {
    const file = corpusPath('dfir-rathbunvm-w10__Microsoft-Windows-Store%4Operational.evtx')
    const [a, b] = await Promise.all([sequentialLines(file, 'xml'), parallel(file, 'xml', 2, 1, true)])
    expect(b.text.length).toBeGreaterThan(1_000_000)
    expect(b.text).toBe(a.text)
    // The buffers really went back: arrays kept past their turn were detached (transferred).
    const kept: Uint8Array[] = []
    for await (const t of renderEvtxParallel(file, { format: 'xml', threads: 2, batchBlocks: 1, workerUrl, reuseOutput: true })) kept.push(t)
    expect(kept.filter((t) => t.byteLength === 0).length).toBeGreaterThan(kept.length / 2)
  })

  it.runIf(corpusAvailable)('matches on the largest corpus file', async () => {
    const file = corpusPath('dfir-rathbunvm-w10__Microsoft-Windows-Store%4Operational.evtx')
    const [a, b] = await Promise.all([sequentialLines(file, 'xml'), parallel(file, 'xml', 2, 8)])
    expect(b.text.length).toBeGreaterThan(1_000_000)
    expect(b.text).toBe(a.text)
    expect(b.diagnostics).toEqual(a.diagnostics)
  })

  it('fails with an EvtxError for input that is not EVTX', async () => {
    const notes = join(dir, 'notes.evtx')
    writeFileSync(notes, 'x'.repeat(9000))
    await expect(parallel(notes, 'xml', 2, 1)).rejects.toThrowError(/not an EVTX file/)
    await expect(parallel(join(dir, 'missing.evtx'), 'xml', 2, 1)).rejects.toMatchObject({ code: 'SOURCE_ERROR' })
  })

  it('is strict when asked: the first problem is thrown with its location', async () => {
    const strictRun = (async () => {
      for await (const _ of renderEvtxParallel(path, { format: 'xml', threads: 2, batchBlocks: 1, workerUrl, strict: true })) void _
    })()
    await expect(strictRun).rejects.toMatchObject({ code: 'EVTX_CHUNK_BAD_MAGIC', location: { chunkIndex: 2 } })
  })
})
