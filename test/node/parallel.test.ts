/**
 * The parallel renderer gives exactly the sequential output (same lines, same order, same
 * diagnostics), on a pool of its own (test/node/worker-pool.test.ts covers a caller's pool).
 */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Diagnostic } from '../../src/diagnostics.js'
import type { ParseOptions } from '../../src/evtx/options.js'
import { renderEvtxParallel } from '../../src/node/parallel.js'
import type { LineFormat } from '../../src/render/record-line.js'
import { type ChunkWriter, concat, fileHeader, openElement, simpleChunk, simpleFile, templateChunk, text } from '../helpers/chunk-builder.js'
import { corpusAvailable, corpusPath } from '../helpers/corpus.js'
import { chunkOf, hide } from '../helpers/hidden.js'
import { chunkWith, leftBehind, writtenOver } from '../helpers/leftovers.js'
import { sequentialLines } from '../helpers/sequential-lines.js'
import { workerBundle } from '../helpers/worker-bundle.js'

let workerUrl: URL
beforeAll(async () => {
  workerUrl = await workerBundle()
})

async function parallel(path: string, format: LineFormat, threads: number, batchBlocks: number, reuseOutput = false, options: ParseOptions = {}): Promise<{ text: string; diagnostics: string[] }> {
  const diagnostics: Diagnostic[] = []
  let text = ''
  const decoder = new TextDecoder()
  for await (const t of renderEvtxParallel(path, { ...options, format, threads, batchBlocks, workerUrl, reuseOutput, onDiagnostic: (d) => diagnostics.push(d) })) text += decoder.decode(t)
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

  it.each([Number.NaN, Number.POSITIVE_INFINITY, 1.5, -3, 0])('reads every record with %s blocks per batch, as the default does', async (batch) => {
    const [a, b] = await Promise.all([sequentialLines(path, 'xml'), parallel(path, 'xml', 2, batch)])
    expect(b.text.length).toBeGreaterThan(0)
    expect(b.text).toBe(a.text)
    expect(b.diagnostics).toEqual(a.diagnostics)
  })

  it('reads hidden records on the workers as on one thread, only when asked', async () => {
    const edited = hide(chunkOf(40, 61), 10, 2)
    const hiddenPath = join(dir, 'hidden.evtx')
    writeFileSync(hiddenPath, concat(fileHeader({ chunkCount: 3, nextRecordId: 101 }), simpleChunk(1, 30), simpleChunk(31, 30), edited))
    for (const readHiddenRecords of [false, true]) {
      const [a, b] = await Promise.all([sequentialLines(hiddenPath, 'xml', { readHiddenRecords }), parallel(hiddenPath, 'xml', 2, 1, false, { readHiddenRecords })])
      expect(b.text).toBe(a.text)
      expect(b.diagnostics).toEqual(a.diagnostics)
      expect(b.diagnostics.filter((d) => d.includes('EVTX_RECORD_HIDDEN'))).toHaveLength(1)
      expect(b.text.trimEnd().split('\n')).toHaveLength(readHiddenRecords ? 100 : 98)
    }
  })

  it('reads leftover records on the workers as on one thread, only when asked', async () => {
    const old = chunkWith(Array.from({ length: 40 }, (_, k) => 1000 + k), (id) => id - 1000)
    const fresh = chunkWith(Array.from({ length: 12 }, (_, k) => 61 + k), (id) => 5000 + id)
    const leftPath = join(dir, 'leftovers.evtx')
    writeFileSync(leftPath, concat(fileHeader({ chunkCount: 3, nextRecordId: 73 }), simpleChunk(1, 30), simpleChunk(31, 30), writtenOver(old, fresh)))
    const n = leftBehind(old, fresh).length
    for (const readLeftoverRecords of [false, true]) {
      const [a, b] = await Promise.all([sequentialLines(leftPath, 'jsonl', { readLeftoverRecords }), parallel(leftPath, 'jsonl', 2, 1, false, { readLeftoverRecords })])
      expect(b.text).toBe(a.text)
      expect(b.diagnostics).toEqual(a.diagnostics)
      expect(b.diagnostics.filter((d) => d.includes('EVTX_CHUNK_LEFTOVER_RECORDS'))).toHaveLength(1)
      expect(b.text.trimEnd().split('\n')).toHaveLength(readLeftoverRecords ? 72 + n : 72)
      expect(b.text.split('"leftover":true')).toHaveLength(readLeftoverRecords ? n + 1 : 1)
    }
  })

  it.runIf(corpusAvailable)('matches when output buffers are handed back and reused (one block per batch)', async () => {
    const file = corpusPath('dfir-rathbunvm-w10__Microsoft-Windows-Store%4Operational.evtx')
    const [a, b] = await Promise.all([sequentialLines(file, 'xml'), parallel(file, 'xml', 2, 1, true)])
    expect(b.text.length).toBeGreaterThan(1_000_000)
    expect(b.text).toBe(a.text)
    // The buffers really went back: arrays kept past their turn were overwritten by later
    // batches, and none was ever detached (transferred): they are views on shared memory.
    const kept: Array<[Uint8Array, string]> = []
    const decoder = new TextDecoder()
    for await (const t of renderEvtxParallel(file, { format: 'xml', threads: 2, batchBlocks: 1, workerUrl, reuseOutput: true })) kept.push([t, decoder.decode(t)])
    expect(kept.length).toBeGreaterThan(150)
    expect(kept.every(([t]) => t.buffer instanceof SharedArrayBuffer && t.byteLength > 0)).toBe(true)
    expect(kept.filter(([t, text]) => decoder.decode(t) !== text).length).toBeGreaterThan(kept.length / 2)
  })

  it.runIf(corpusAvailable)('gives the caller arrays of its own when buffers are not reused', async () => {
    const file = corpusPath('dfir-rathbunvm-w10__Microsoft-Windows-Store%4Operational.evtx')
    const kept: Uint8Array[] = []
    for await (const t of renderEvtxParallel(file, { format: 'xml', threads: 2, batchBlocks: 1, workerUrl })) kept.push(t)
    expect(kept.length).toBeGreaterThan(150)
    // Ordinary memory, one buffer each, still intact after the render went on.
    expect(kept.every((t) => !(t.buffer instanceof SharedArrayBuffer))).toBe(true)
    expect(new Set(kept.map((t) => t.buffer)).size).toBe(kept.length)
    const decoder = new TextDecoder()
    expect(kept.map((t) => decoder.decode(t)).join('')).toBe((await sequentialLines(file, 'xml')).text)
  })

  it.runIf(corpusAvailable)('matches on the largest corpus file', async () => {
    const file = corpusPath('dfir-rathbunvm-w10__Microsoft-Windows-Store%4Operational.evtx')
    const [a, b] = await Promise.all([sequentialLines(file, 'xml'), parallel(file, 'xml', 2, 8)])
    expect(b.text.length).toBeGreaterThan(1_000_000)
    expect(b.text).toBe(a.text)
    expect(b.diagnostics).toEqual(a.diagnostics)
  })

  it('matches when a batch renders to more than its output buffer holds', async () => {
    // 1,000 tiny records of one template with 3,000 characters of text: one 64 KiB block
    // renders to about 3 MB, far past the 192 KiB a one-block batch starts with.
    const longText = (w: ChunkWriter) => {
      const close = openElement(w, 'Event', { inTemplate: true })
      w.u8(0x02)
      text(w, `${'x'.repeat(2999)}&`)
      w.u8(0x04)
      close()
    }
    const chunk = templateChunk('{0dd0dd00-0000-0000-0000-000000000003}', longText, Array.from({ length: 1000 }, () => []))
    const big = join(dir, 'outgrown.evtx')
    writeFileSync(big, concat(fileHeader({ chunkCount: 1, nextRecordId: 1001 }), chunk))
    for (const reuseOutput of [false, true]) {
      const [a, b] = await Promise.all([sequentialLines(big, 'xml'), parallel(big, 'xml', 1, 1, reuseOutput)])
      expect(b.text.length).toBeGreaterThan(3_000_000)
      expect(b.text).toBe(a.text)
    }
  })

  it('reports a file cut short inside its header block as the sequential reader does', async () => {
    const short = join(dir, 'short.evtx')
    writeFileSync(short, fileHeader({ chunkCount: 2, nextRecordId: 61 }).subarray(0, 2000))
    for (const threads of [1, 2]) {
      const [a, b] = await Promise.all([sequentialLines(short, 'xml'), parallel(short, 'xml', threads, 1)])
      expect(b.text).toBe('')
      expect(b.diagnostics).toEqual(a.diagnostics)
      expect(a.diagnostics.some((d) => d.includes('EVTX_FILE_TOO_SMALL'))).toBe(true)
    }
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
