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

function run(job: WorkerJob): WorkerResult & { bytes: Uint8Array } {
  diagnostics = []
  // XML is about twice the size of the BinXML it comes from: one allocation for most batches.
  const sink = new ByteSink(job.count * CHUNK_SIZE * 3)
  const blocks: Array<[number, number]> = []
  for (let index = job.first; index < job.first + job.count; index++) {
    const block = new Uint8Array(CHUNK_SIZE)
    const n = readSync(fd, block, 0, CHUNK_SIZE, FILE_HEADER_BLOCK_SIZE + index * CHUNK_SIZE)
    if (n === 0) break
    const read = readChunkBlock(ctx, n < CHUNK_SIZE ? block.subarray(0, n) : block, index, FILE_HEADER_BLOCK_SIZE + index * CHUNK_SIZE, init.noCrc32)
    for (const r of read.records) writeRecordLine(r, init.format, sink, (d) => diagnostics.push(d), init.strict)
    blocks.push([read.records.length + read.skipped, read.maxRecordId])
  }
  return { batch: job.batch, bytes: sink.take(0), diagnostics, blocks }
}

port.on('message', (job: WorkerJob | null) => {
  if (job === null) {
    closeSync(fd)
    port.close()
    return
  }
  try {
    const result = run(job)
    port.postMessage(result, [result.bytes.buffer as ArrayBuffer])
  } catch (error) {
    if (error instanceof EvtxError) port.postMessage({ batch: job.batch, error: { code: error.code, message: error.message, location: error.location } } satisfies WorkerResult)
    else port.postMessage({ batch: job.batch, crash: error instanceof Error ? (error.stack ?? error.message) : String(error) } satisfies WorkerResult)
  }
})
