/**
 * The analyzer's scan on worker threads gives exactly the in-process scan: the same events in the
 * same order, the same summary (counts, ranges, channels, chunk states, diagnostics) and the same
 * progress, on the samples, a damaged file and every corpus file; strict reads and in-memory logs
 * stay in-process; an abort stops it as it stops the in-process scan, and a worker's failure is
 * thrown, never reported as damage in the file.
 */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { EvtxError, EvtxErrorCode } from '../../src/errors.js'
import { type ScanOptions, scanInput, scansInParallel } from '../../src/inputs/scan.js'
import type { InputFile } from '../../src/inputs/discover.js'
import type { NormalizedEvent } from '../../src/model/event.js'
import type { WorkerJob } from '../../src/node/parallel-protocol.js'
import { EvtxWorkerPool, type PoolClient } from '../../src/node/worker-pool.js'
import { builtinRules } from '../../src/rules/builtin/index.js'
import { bombChunk } from '../helpers/bombs.js'
import { concat, fileHeader, simpleChunk, simpleFile } from '../helpers/chunk-builder.js'
import { corpusAvailable, corpusFiles, corpusPath } from '../helpers/corpus.js'
import { CLEARED_SYSTEM_LOG_NOTE, clearedSystemLog } from '../helpers/leftovers.js'
import { sampleLogs } from '../helpers/samples.js'
import { workerBundle } from '../helpers/worker-bundle.js'

let pool: EvtxWorkerPool
beforeAll(async () => {
  pool = await EvtxWorkerPool.create({ threads: 2, workerUrl: await workerBundle() })
})
afterAll(async () => {
  await pool.close()
})

function input(path: string, size: number): InputFile {
  return { display: path, source: path, size, origin: 'file' }
}

async function scan(file: InputFile, options: ScanOptions) {
  const events: NormalizedEvent[] = []
  const progress: number[] = []
  const r = await scanInput(file, builtinRules(), (e) => events.push(e), { ...options, onBytes: (n) => progress.push(n) })
  return { ...r, events, progress }
}

/** Both scans of one file; the caller compares them. */
async function both(path: string, size: number, batchBlocks: number) {
  const file = input(path, size)
  const inProcess = await scan(file, {})
  const onWorkers = await scan(file, { parallel: { pool, batchBlocks } })
  expect(scansInParallel(file, { parallel: { pool } })).toBe(true)
  return { inProcess, onWorkers }
}

describe('the parallel scan', () => {
  it.each(sampleLogs())('scans %s exactly as in-process (one block per batch)', async (_, path) => {
    const { size } = await import('node:fs').then((fs) => fs.statSync(path))
    const { inProcess, onWorkers } = await both(path, size, 1)
    expect(onWorkers).toEqual(inProcess)
    expect(inProcess.summary.records).toBeGreaterThan(0)
  })

  it('takes batches of no blocks as batches of one', async () => {
    const [, path] = sampleLogs()[0] as [string, string]
    const { size } = await import('node:fs').then((fs) => fs.statSync(path))
    const { inProcess, onWorkers } = await both(path, size, 0)
    expect(onWorkers).toEqual(inProcess)
  })

  it('reads a file whose header lost its signature as in-process, by the first block that is not zeros', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rdp-triage-pscan-'))
    const lost = new Uint8Array(4096)
    for (const [name, bytes] of [
      ['no-signature.evtx', concat(lost, simpleChunk(1, 30), simpleChunk(31, 30))],
      ['zeros-first.evtx', concat(lost, new Uint8Array(0x10000), simpleChunk(1, 30))],
    ] as const) {
      const path = join(dir, name)
      writeFileSync(path, bytes)
      const { inProcess, onWorkers } = await both(path, bytes.byteLength, 1)
      expect(onWorkers, name).toEqual(inProcess)
      expect(inProcess.summary.records, name).toBeGreaterThan(0)
    }
  })

  it('keeps every diagnostic, chunk state and count of a damaged file, in file order', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rdp-triage-pscan-'))
    const damaged = concat(simpleFile([[1, 30], [31, 30]], { chunkCount: 1, flags: 1 }), new Uint8Array(0x10000).fill(7), simpleChunk(61, 30), simpleChunk(91, 30).subarray(0, 300))
    new DataView(damaged.buffer).setUint16(4096 + 42, 1, true)
    const path = join(dir, 'damaged.evtx')
    writeFileSync(path, damaged)
    for (const batchBlocks of [1, 2, 16]) {
      const { inProcess, onWorkers } = await both(path, damaged.byteLength, batchBlocks)
      expect(onWorkers).toEqual(inProcess)
      expect(inProcess.summary.chunks).toEqual({ valid: 3, empty: 0, bad: 1, truncated: 1 })
      expect(inProcess.summary.diagnostics.items.map((d) => d.code)).toEqual(expect.arrayContaining(['EVTX_CHUNK_BAD_MAGIC', 'EVTX_CHUNK_TRUNCATED']))
      expect(inProcess.summary.status).toBe('damaged')
    }
  })

  it('reports an event it cannot read (a render limit) and reads the rest, as in-process', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rdp-triage-pscan-'))
    const bytes = concat(fileHeader({ chunkCount: 3, nextRecordId: 16 }), simpleChunk(1, 3), bombChunk('data', 10), simpleChunk(13, 3))
    const path = join(dir, 'System.evtx')
    writeFileSync(path, bytes)
    const { inProcess, onWorkers } = await both(path, bytes.byteLength, 1)
    expect(onWorkers).toEqual(inProcess)
    expect(inProcess.summary.error).toBeNull()
    expect(inProcess.summary.records).toBe(9)
    expect(inProcess.summary.diagnostics.items.map((d) => [d.code, d.location?.recordId])).toEqual([['LIMIT_EXCEEDED', 12]])
  })

  it.runIf(corpusAvailable)('scans every corpus file exactly as in-process', { timeout: 120_000 }, async () => {
    const { statSync } = await import('node:fs')
    let events = 0
    for (const name of corpusFiles()) {
      const path = corpusPath(name)
      const size = statSync(path).size
      if (!scansInParallel(input(path, size), { parallel: { pool } })) continue
      const { inProcess, onWorkers } = await both(path, size, 2)
      expect(onWorkers, name).toEqual(inProcess)
      events += inProcess.events.length
    }
    expect(events).toBeGreaterThan(100)
  })

  it('names the scenario events among records left from before a clear on the workers as in-process', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'rdp-triage-pscan-')), 'System.evtx')
    const bytes = clearedSystemLog()
    writeFileSync(path, bytes)
    const { inProcess, onWorkers } = await both(path, bytes.length, 1)
    expect(onWorkers).toEqual(inProcess)
    expect(inProcess.summary.notes).toContain(CLEARED_SYSTEM_LOG_NOTE)
    expect(inProcess.summary.leftoverFailures).toEqual([{ scenario: 'S1', count: 30, first: '2026-11-01T08:00:10.0000000Z', last: '2026-11-01T08:00:39.0000000Z' }])
    // The rules get nothing: the log's own three events are clears, and the leftovers are not the log's.
    expect(inProcess.events).toEqual([])
    expect(inProcess.summary.logClears).toHaveLength(3)
  })

  it('leaves strict reads, in-memory logs and files smaller than a chunk in-process', async () => {
    const [, path] = sampleLogs()[0] as [string, string]
    expect(scansInParallel(input(path, 200_000), { strict: true, parallel: { pool } })).toBe(false)
    expect(scansInParallel({ display: 'm.evtx', source: new Uint8Array(200_000), size: 200_000, origin: 'memory' }, { parallel: { pool } })).toBe(false)
    expect(scansInParallel(input(path, 4096 + 65535), { parallel: { pool } })).toBe(false)
    expect(scansInParallel(input(path, 4096 + 65536), { parallel: { pool } })).toBe(true)
    expect(scansInParallel(input(path, 200_000), {})).toBe(false)
  })

  it('lets a worker that failed on a batch (a bug, not the file) reach the caller instead of calling the file damaged', async () => {
    const [, path] = sampleLogs().find(([name]) => name.endsWith('System.evtx')) as [string, string]
    let client: PoolClient | undefined
    const failing = {
      size: 1,
      openFile: (_: unknown, c: PoolClient) => ((client = c), 0),
      submit: (job: WorkerJob) => queueMicrotask(() => client?.result({ file: 0, batch: job.batch, crash: 'TypeError: boom' })),
      closeFile: () => undefined,
    } as unknown as EvtxWorkerPool
    const error = await scan(input(path, 200_000), { parallel: { pool: failing } }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(EvtxError)
    expect((error as EvtxError).code).toBe(EvtxErrorCode.Internal)
    expect((error as EvtxError).message).toMatch(/worker thread failed: TypeError: boom/)
  })

  it('stops with ABORTED when its signal is aborted, as the in-process scan does', async () => {
    const [, path] = sampleLogs().find(([name]) => name.endsWith('System.evtx')) as [string, string]
    const signal = AbortSignal.abort(new Error('stop'))
    for (const parallel of [undefined, { pool }]) {
      const error = await scan(input(path, 200_000), { signal, ...(parallel ? { parallel } : {}) }).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(EvtxError)
      expect((error as EvtxError).code).toBe(EvtxErrorCode.Aborted)
    }
  })
})
