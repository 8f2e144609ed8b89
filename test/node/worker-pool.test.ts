/**
 * A caller's worker pool: it renders file after file and files at the same time with exactly the
 * sequential output, survives an abandoned render, reports a file its workers cannot open, hands
 * each output buffer back to the worker that made it, fails renders clearly when closed or when
 * a worker dies, and never keeps a process alive once idle or broken.
 */
import { type SpawnSyncReturns, spawnSync } from 'node:child_process'
import { mkdtempSync, unlinkSync, writeFileSync } from 'node:fs'
import { availableParallelism, tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { build } from 'esbuild'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FILE_HEADER_BLOCK_SIZE } from '../../src/evtx/constants.js'
import { renderEvtxParallel } from '../../src/node/parallel.js'
import type { WorkerResult } from '../../src/node/parallel-protocol.js'
import { EvtxWorkerPool, MAX_WORKER_THREADS, WORKER_YOUNG_GENERATION_MB, workerCount } from '../../src/node/worker-pool.js'
import type { LineFormat } from '../../src/render/record-line.js'
import { concat, simpleChunk, simpleFile } from '../helpers/chunk-builder.js'
import { corpusAvailable, corpusPath } from '../helpers/corpus.js'
import { sampleLogs } from '../helpers/samples.js'
import { sequentialLines } from '../helpers/sequential-lines.js'
import { workerBundle } from '../helpers/worker-bundle.js'

const dir = mkdtempSync(join(tmpdir(), 'rdp-triage-pool-'))
const damaged = concat(simpleFile([[1, 30], [31, 30]], { chunkCount: 1, flags: 1 }), new Uint8Array(0x10000).fill(7), simpleChunk(61, 30))
new DataView(damaged.buffer).setUint16(4096 + 42, 1, true)
const damagedPath = join(dir, 'damaged.evtx')
writeFileSync(damagedPath, damaged)
const many = concat(simpleFile([[1, 40]], { chunkCount: 1 }), ...Array.from({ length: 23 }, (_, i) => simpleChunk(41 + 40 * i, 40)))
const manyPath = join(dir, 'many-chunks.evtx')
writeFileSync(manyPath, many)

let workerUrl: URL
let pool: EvtxWorkerPool
beforeAll(async () => {
  workerUrl = await workerBundle()
  pool = await EvtxWorkerPool.create({ threads: 2, workerUrl })
})
afterAll(async () => {
  await pool.close()
})

async function onPool(path: string, format: LineFormat, batchBlocks: number): Promise<{ text: string; diagnostics: string[] }> {
  const diagnostics: string[] = []
  let text = ''
  const decoder = new TextDecoder()
  for await (const t of renderEvtxParallel(path, { format, pool, batchBlocks, reuseOutput: true, onDiagnostic: (d) => diagnostics.push(JSON.stringify(d)) })) text += decoder.decode(t)
  return { text, diagnostics }
}

describe('EvtxWorkerPool', () => {
  it('renders file after file on the same workers, each exactly as the sequential reader', async () => {
    const files: Array<[string, LineFormat]> = [
      [damagedPath, 'xml'],
      [manyPath, 'jsonl'],
      ...sampleLogs().map(([, p]): [string, LineFormat] => [p, 'xml']),
      [damagedPath, 'jsonl'],
    ]
    for (const [path, format] of files) {
      const [want, got] = await Promise.all([sequentialLines(path, format), onPool(path, format, 1)])
      expect(got.text, path).toBe(want.text)
      expect(got.diagnostics, path).toEqual(want.diagnostics)
    }
    expect(pool.size).toBe(2)
  })

  it('renders several files at the same time, each in its own order', async () => {
    const jobs: Array<[string, LineFormat]> = [
      [manyPath, 'xml'],
      [damagedPath, 'xml'],
      [manyPath, 'jsonl'],
      ...(corpusAvailable ? [[corpusPath('dfir-rathbunvm-w10__Microsoft-Windows-Store%4Operational.evtx'), 'xml'] as [string, LineFormat]] : []),
    ]
    const got = await Promise.all(jobs.map(([p, f]) => onPool(p, f, 1)))
    for (const [i, [p, f]] of jobs.entries()) {
      const want = await sequentialLines(p, f)
      expect(got[i]?.text, p).toBe(want.text)
      expect(got[i]?.diagnostics, p).toEqual(want.diagnostics)
    }
  })

  it('goes on serving after a render is abandoned part way', async () => {
    let batches = 0
    for await (const _ of renderEvtxParallel(manyPath, { format: 'xml', pool, batchBlocks: 1 })) {
      void _
      if (++batches === 2) break
    }
    expect(batches).toBe(2)
    const want = await sequentialLines(manyPath, 'xml')
    expect((await onPool(manyPath, 'xml', 3)).text).toBe(want.text)
  })

  it("reports a file its workers cannot open as a SOURCE_ERROR for the job's batch", async () => {
    const gone = join(dir, 'gone.evtx')
    const results: WorkerResult[] = []
    let done: () => void = () => undefined
    const arrived = new Promise<void>((ok) => {
      done = ok
    })
    const file = pool.openFile(
      { path: gone, format: 'xml', noCrc32: false, validateChecksums: false, readHiddenRecords: false, readLeftoverRecords: false, ansiCodepage: undefined, strict: false, limits: undefined },
      {
        result: (r) => {
          results.push(r)
          done()
        },
        fail: (e) => {
          throw e
        },
      },
    )
    pool.submit({ kind: 'job', file, batch: 7, first: 0, count: 1 })
    await arrived
    pool.closeFile(file)
    expect(results).toHaveLength(1)
    expect(results[0]).toMatchObject({ file, batch: 7, error: { code: 'SOURCE_ERROR', message: expect.stringMatching(/reading the input failed: .*ENOENT/) } })
  })

  it('starts its workers with the small young generation that bounds their memory', async () => {
    // A probe worker answers each job with the limits its thread was started with.
    const probe = join(dir, 'limits-worker.mjs')
    writeFileSync(
      probe,
      `import { parentPort, resourceLimits } from 'node:worker_threads'
      parentPort.on('message', (m) => {
        if (m.kind === 'job') parentPort.postMessage({ file: m.file, batch: m.batch, output: new SharedArrayBuffer(0), length: 0, diagnostics: [], blocks: [[resourceLimits.maxYoungGenerationSizeMb, 0]] })
      })`,
    )
    const own = await EvtxWorkerPool.create({ threads: 2, workerUrl: pathToFileURL(probe) })
    try {
      const got: WorkerResult[] = []
      let answered: () => void = () => {}
      const done = new Promise<void>((ok) => {
        answered = ok
      })
      const file = own.openFile(
        { path: probe, format: 'xml', noCrc32: false, validateChecksums: false, readHiddenRecords: false, readLeftoverRecords: false, ansiCodepage: undefined, strict: false, limits: undefined },
        { result: (r) => { got.push(r); if (got.length === 2) answered() }, fail: (e) => { throw e } },
      )
      own.submit({ kind: 'job', file, batch: 0, first: 0, count: 1 })
      own.submit({ kind: 'job', file, batch: 1, first: 0, count: 1 })
      await done
      own.closeFile(file)
      expect(WORKER_YOUNG_GENERATION_MB).toBe(12)
      expect(got.map((r) => ('blocks' in r ? r.blocks[0] : undefined))).toEqual([[12, 0], [12, 0]])
    } finally {
      await own.close()
    }
  })

  it('hands each output buffer back to the worker that made it', async () => {
    // A probe worker stamps its thread id into every buffer it renders into and counts the
    // buffers it gets back, and those stamped by another thread, in its result's `blocks`.
    const probe = join(dir, 'probe-worker.mjs')
    writeFileSync(
      probe,
      `import { parentPort, threadId } from 'node:worker_threads'
      let back = 0, foreign = 0
      parentPort.on('message', (m) => {
        if (m.kind !== 'job') return
        for (const b of m.recycled ?? []) { back++; if (new Int32Array(b)[0] !== threadId) foreign++ }
        const output = m.recycled?.[0] ?? new SharedArrayBuffer(64)
        new Int32Array(output)[0] = threadId
        parentPort.postMessage({ file: m.file, batch: m.batch, output, length: 64, diagnostics: [], blocks: [[back, foreign]] })
      })`,
    )
    const own = await EvtxWorkerPool.create({ threads: 2, workerUrl: pathToFileURL(probe) })
    try {
      let pending: Array<(r: WorkerResult) => void> = []
      const file = own.openFile(
        { path: probe, format: 'xml', noCrc32: false, validateChecksums: false, readHiddenRecords: false, readLeftoverRecords: false, ansiCodepage: undefined, strict: false, limits: undefined },
        { result: (r) => pending.shift()?.(r), fail: (e) => { throw e } },
      )
      let last: WorkerResult[] = []
      // Rounds of two jobs at once (one per worker), every buffer handed back after each round.
      for (let round = 0; round < 10; round++) {
        const results = Array.from({ length: 2 }, () => new Promise<WorkerResult>((ok) => pending.push(ok)))
        own.submit({ kind: 'job', file, batch: 2 * round, first: 0, count: 1 })
        own.submit({ kind: 'job', file, batch: 2 * round + 1, first: 0, count: 1 })
        last = await Promise.all(results)
        for (const r of last) if ('output' in r) own.recycle(r.output)
      }
      own.closeFile(file)
      pending = []
      const counts = last.map((r) => ('blocks' in r ? r.blocks[0] : undefined))
      // Both workers got buffers back (all but their first round's), none of them another's.
      expect(counts).toEqual([[9, 0], [9, 0]])
    } finally {
      await own.close()
    }
  })

  it('starts at most MAX_WORKER_THREADS workers, and the CPU count for a count that is no number', () => {
    expect(MAX_WORKER_THREADS).toBe(256)
    for (const [threads, cpus, n] of [[1e6, 2, 256], [Number.POSITIVE_INFINITY, 4, 4], [257, 2, 256], [256, 2, 256], [3.9, 8, 3], [undefined, 6, 6], [undefined, 1000, 256]] as const) {
      expect(workerCount(threads, cpus), `${threads} on ${cpus}`).toBe(n)
    }
  })

  it('starts at least one worker whatever thread count it is given', async () => {
    for (const threads of [0, -3, Number.NaN, 1.7]) {
      const own = await EvtxWorkerPool.create({ threads, workerUrl })
      expect(own.size, String(threads)).toBe(threads === 1.7 ? 1 : Number.isNaN(threads) ? availableParallelism() : 1)
      await own.close()
    }
  })

  it('fails a render in progress when closed, and refuses new work after', async () => {
    const own = await EvtxWorkerPool.create({ threads: 1, workerUrl })
    const run = (async () => {
      for await (const _ of renderEvtxParallel(manyPath, { format: 'xml', pool: own, batchBlocks: 1 })) {
        void _
        await own.close()
      }
    })()
    await expect(run).rejects.toThrowError(/the worker pool was closed/)
    await expect(onPoolOf(own)).rejects.toThrowError(/the worker pool is closed/)
  })
})

function onPoolOf(own: EvtxWorkerPool): Promise<void> {
  return (async () => {
    for await (const _ of renderEvtxParallel(manyPath, { format: 'xml', pool: own })) void _
  })()
}

/** Runs `contents` (TypeScript importing src/) as a child process with `args`; killed after 30 s. */
async function runChild(name: string, contents: string, args: string[]): Promise<SpawnSyncReturns<string>> {
  const script = join(resolve('.tmp/test-worker'), `${name}-${process.pid}.mjs`)
  await build({ stdin: { contents, resolveDir: resolve('.'), loader: 'ts' }, bundle: true, platform: 'node', format: 'esm', packages: 'external', outfile: script, logLevel: 'silent' })
  try {
    return spawnSync(process.execPath, [script, ...args], { encoding: 'utf8', timeout: 30_000 })
  } finally {
    unlinkSync(script)
  }
}

describe('a pool and the process', () => {
  it('an idle pool does not keep the process alive, and a busy one does', async () => {
    const r = await runChild(
      'pool-exit',
      `
        import { EvtxWorkerPool } from './src/node/worker-pool.ts'
        import { renderEvtxParallel } from './src/node/parallel.ts'
        const [workerUrl, file] = process.argv.slice(2)
        const pool = await EvtxWorkerPool.create({ threads: 2, workerUrl: new URL(workerUrl) })
        let bytes = 0
        // No await between batches other than the workers': only they keep the loop alive.
        for await (const b of renderEvtxParallel(file, { format: 'xml', pool, batchBlocks: 1 })) bytes += b.length
        console.log(bytes)
        // The pool is never closed.
      `,
      [workerUrl.href, manyPath],
    )
    expect(r.signal, 'the process had to be killed: the idle pool kept it alive').toBeNull()
    expect(r.status, r.stderr).toBe(0)
    const want = await sequentialLines(manyPath, 'xml')
    expect(Number(r.stdout.trim())).toBe(Buffer.byteLength(want.text))
    expect(many.length).toBeGreaterThan(FILE_HEADER_BLOCK_SIZE + 20 * 0x10000)
  })

  it('a worker that dies fails the render clearly, the pool refuses more work, and the process still exits', async () => {
    // The second worker throws at its first job; the first is a real worker, busy with its own.
    const crashing = join(resolve('.tmp/test-worker'), `crashing-worker-${process.pid}.mjs`)
    writeFileSync(
      crashing,
      `import { parentPort, threadId } from 'node:worker_threads'
      if (threadId % 2 === 0) parentPort.on('message', (m) => { if (m.kind === 'job') throw new Error('boom in worker ' + threadId) })
      else await import(${JSON.stringify(workerUrl.href)})
      `,
    )
    const r = await runChild(
      'pool-crash',
      `
        import { EvtxWorkerPool } from './src/node/worker-pool.ts'
        import { renderEvtxParallel } from './src/node/parallel.ts'
        const [workerUrl, file] = process.argv.slice(2)
        const pool = await EvtxWorkerPool.create({ threads: 2, workerUrl: new URL(workerUrl) })
        const render = async () => {
          for await (const b of renderEvtxParallel(file, { format: 'xml', pool, batchBlocks: 1 })) void b
        }
        for (let i = 0; i < 2; i++) await render().then(() => console.log('rendered'), (e) => console.log('failed: ' + e.message))
        // The pool is never closed.
      `,
      [pathToFileURL(crashing).href, manyPath],
    )
    unlinkSync(crashing)
    expect(r.signal, 'the process had to be killed: the broken pool kept it alive').toBeNull()
    expect(r.status, r.stderr).toBe(0)
    expect(r.stdout.trim().split('\n')).toEqual(['failed: boom in worker 2', 'failed: boom in worker 2'])
  })
})
