/**
 * Worker thread of the parallel renderer: reads the blocks it is given straight from the file
 * (chunks are self-contained), renders their records as lines and sends them back. It keeps its
 * own template cache for the life of the thread.
 */
import { closeSync, openSync, readSync } from 'node:fs'
import { parentPort, workerData } from 'node:worker_threads'
import type { Diagnostic } from '../diagnostics.js'
import { EvtxError } from '../errors.js'
import { readChunkBlock } from '../evtx/chunk.js'
import { CHUNK_SIZE, FILE_HEADER_BLOCK_SIZE } from '../evtx/constants.js'
import { createReaderContext } from '../evtx/options.js'
import { ByteSink } from '../render/byte-sink.js'
import { writeRecordLine } from '../render/record-line.js'
import type { WorkerInit, WorkerJob, WorkerResult } from './parallel-protocol.js'

const init = workerData as WorkerInit
const port = parentPort
if (port === null) throw new Error('parallel-worker must run as a worker thread')

let diagnostics: Diagnostic[] = []
const ctx = createReaderContext({
  validateChecksums: init.validateChecksums,
  ...(init.ansiCodepage !== undefined ? { ansiCodepage: init.ansiCodepage } : {}),
  strict: init.strict,
  ...(init.limits !== undefined ? { limits: init.limits } : {}),
  onDiagnostic: (d) => diagnostics.push(d),
})
const fd = openSync(init.path, 'r')

// One read buffer and one output buffer for the life of the thread: fresh multi-megabyte
// buffers per batch cost more in page faults and zero-filling than the copy of the output does.
let input = new Uint8Array(16 * CHUNK_SIZE)
const SINK_SIZE = 3 * 16 * CHUNK_SIZE
let sink = new ByteSink(SINK_SIZE)

function run(job: WorkerJob): WorkerResult & { bytes: Uint8Array } {
  diagnostics = []
  sink.reset()
  if (input.length < job.count * CHUNK_SIZE) input = new Uint8Array(job.count * CHUNK_SIZE)
  const start = FILE_HEADER_BLOCK_SIZE + job.first * CHUNK_SIZE
  const got = readSync(fd, input, 0, job.count * CHUNK_SIZE, start)
  const blocks: Array<[number, number]> = []
  // Records are rendered before the next batch overwrites `input`; the template cache copies
  // the definition bytes it keeps.
  for (let i = 0; i < job.count && i * CHUNK_SIZE < got; i++) {
    const block = input.subarray(i * CHUNK_SIZE, Math.min(got, (i + 1) * CHUNK_SIZE))
    const read = readChunkBlock(ctx, block, job.first + i, start + i * CHUNK_SIZE, init.noCrc32)
    for (const r of read.records) writeRecordLine(r, init.format, sink, (d) => diagnostics.push(d), init.strict)
    blocks.push([read.records.length + read.skipped, read.maxRecordId])
  }
  // A copy goes to the main thread (transferred); the sink stays here, at its usual size (a
  // batch of huge records must not keep a huge buffer alive).
  const bytes = output(sink.view())
  if (sink.buf.length > 4 * SINK_SIZE) sink = new ByteSink(SINK_SIZE)
  return { batch: job.batch, bytes, diagnostics, blocks }
}

// Buffers the main thread handed back (reuseOutput): fresh multi-megabyte buffers for every
// batch cost page faults, and freeing them on the main thread costs it a collection.
const pool: ArrayBuffer[] = []

function output(bytes: Uint8Array): Uint8Array {
  // An empty batch is never handed back, so it must not take a pooled buffer with it.
  if (bytes.length === 0) return new Uint8Array(0)
  for (let i = 0; i < pool.length; i++) {
    const b = pool[i] as ArrayBuffer
    if (b.byteLength >= bytes.length) {
      pool.splice(i, 1)
      const out = new Uint8Array(b, 0, bytes.length)
      out.set(bytes)
      return out
    }
  }
  return bytes.slice()
}

port.on('message', (job: WorkerJob | null) => {
  if (job === null) {
    closeSync(fd)
    port.close()
    return
  }
  if (job.recycled !== undefined) {
    pool.push(...job.recycled)
    // Keep the few largest: a buffer too small for every batch would only sit here.
    if (pool.length > 4) pool.sort((a, b) => b.byteLength - a.byteLength).length = 4
  }
  try {
    const result = run(job)
    port.postMessage(result, [result.bytes.buffer as ArrayBuffer])
  } catch (error) {
    if (error instanceof EvtxError) port.postMessage({ batch: job.batch, error: { code: error.code, message: error.message, location: error.location } } satisfies WorkerResult)
    else port.postMessage({ batch: job.batch, crash: error instanceof Error ? (error.stack ?? error.message) : String(error) } satisfies WorkerResult)
  }
})
