/**
 * How many blocks a batch holds, whatever the option says (test/node/parallel.test.ts reads
 * files with the odd values), and the file header read on the main thread whatever the file
 * system does.
 */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { type FileHandle, open } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { batchSize, MAX_BATCH_BLOCKS, orderedBatches } from '../../src/node/ordered-batches.js'
import type { WorkerFile } from '../../src/node/parallel-protocol.js'
import type { EvtxWorkerPool, PoolClient } from '../../src/node/worker-pool.js'
import { concat, fileHeader, simpleChunk } from '../helpers/chunk-builder.js'

describe('batchSize', () => {
  it.each([
    [undefined, 16],
    [Number.NaN, 16],
    [Number.POSITIVE_INFINITY, 16],
    [Number.NEGATIVE_INFINITY, 16],
    [0, 1],
    [-3, 1],
    [1.5, 1],
    [7.9, 7],
    [64, 64],
    [1e9, MAX_BATCH_BLOCKS],
  ])('takes %s as %i blocks', (wanted, blocks) => {
    expect(batchSize(wanted)).toBe(blocks)
  })
})

describe('orderedBatches', () => {
  it('reads the whole first block when a read returns fewer bytes than asked', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'rdp-triage-batches-')), 'System.evtx')
    // The file header lost to zeros, and the first chunk's header too (its first 2 KiB): whole
    // records after the zeros say it is a chunk, so the file is read without its header.
    const first = simpleChunk(1, 30)
    first.fill(0, 0, 0x800)
    writeFileSync(path, concat(new Uint8Array(4096), first, simpleChunk(31, 30)))
    // A pool that answers every job with an empty batch: only the header matters here.
    let client: PoolClient | undefined
    const settings: WorkerFile[] = []
    const pool = {
      size: 1,
      openFile: (s: WorkerFile, c: PoolClient) => ((client = c), settings.push(s), 0),
      submit: (job: { batch: number; count: number }) => queueMicrotask(() => client?.result({ file: 0, batch: job.batch, output: new SharedArrayBuffer(0), length: 0, diagnostics: [], blocks: Array.from({ length: job.count }, (_, i) => [30, 30 * (job.batch + i + 1)]) })),
      closeFile: () => undefined,
    } as unknown as EvtxWorkerPool
    // Every read of a file handle returns at most 700 bytes (as one may on a network file system).
    const proto = Object.getPrototypeOf(await open(path).then(async (fh: FileHandle) => (await fh.close(), fh))) as { read: (...args: unknown[]) => unknown }
    const read = proto.read
    proto.read = function (this: FileHandle, buffer: unknown, offset: unknown, length: unknown, position: unknown) {
      return read.call(this, buffer, offset, typeof length === 'number' ? Math.min(length, 700) : length, position)
    }
    const diagnostics: string[] = []
    try {
      for await (const _ of orderedBatches(path, { format: 'xml' }, { pool, batchBlocks: 1, onDiagnostic: (d) => diagnostics.push(`${d.code}: ${d.message}`) })) void _
    } finally {
      proto.read = read
    }
    expect(diagnostics).toEqual([expect.stringMatching(/^EVTX_FILE_BAD_MAGIC: .*a chunk follows it, so the file is read without its header/)])
    expect(settings).toHaveLength(1)
  })

  it('stops with ABORTED when its signal aborts while it waits for a worker, and closes the file on the pool', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'rdp-triage-batches-')), 'System.evtx')
    writeFileSync(path, concat(fileHeader({ chunkCount: 2, nextRecordId: 61 }), simpleChunk(1, 30), simpleChunk(31, 30)))
    // A pool whose workers never answer (a read hung on a network file system).
    const closed: number[] = []
    const pool = { size: 1, openFile: () => 5, submit: () => undefined, closeFile: (file: number) => closed.push(file) } as unknown as EvtxWorkerPool
    const controller = new AbortController()
    const run = (async () => {
      for await (const _ of orderedBatches(path, { format: 'xml' }, { pool, signal: controller.signal })) void _
    })()
    setTimeout(() => controller.abort(new Error('stop')), 20)
    const error = await Promise.race([run.catch((e: unknown) => e), new Promise((ok) => setTimeout(() => ok('still waiting'), 2000))])
    expect(error).toMatchObject({ code: 'ABORTED', location: { chunkIndex: 0 } })
    expect(closed).toEqual([5])
  })
})
