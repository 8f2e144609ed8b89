/**
 * Worker thread of the parallel renderer: reads the blocks it is given straight from the file
 * (chunks are self-contained), renders their records as lines and sends them back; for the
 * analyzer it scans them instead and sends back the wanted records, normalized. It serves
 * any number of files for the life of the thread (a worker pool outlives one file), each with
 * its own descriptor, settings and template cache; the compiled code, the read buffer and the
 * output buffers are shared by all of them.
 */
import { closeSync, fstatSync, openSync } from 'node:fs'
import { parentPort } from 'node:worker_threads'
import type { Diagnostic } from '../diagnostics.js'
import { EvtxError, EvtxErrorCode, type EvtxLocation } from '../errors.js'
import { readChunkBlock } from '../evtx/chunk.js'
import { CHUNK_SIZE, FILE_HEADER_BLOCK_SIZE } from '../evtx/constants.js'
import { createReaderContext, type ParseOptions, type ReaderContext } from '../evtx/options.js'
import { normalizeLeftover } from '../inputs/leftover-events.js'
import { type ScannedChunk, scannedChunk, scanPrefilter } from '../inputs/scan-mode.js'
import type { NormalizedEvent } from '../model/event.js'
import { normalizeOrReport } from '../model/normalize-or-report.js'
import { ByteSink } from '../render/byte-sink.js'
import { writeRecordLine } from '../render/record-line.js'
import { prefilterOf } from '../rules/compile.js'
import { installNativeCrc32 } from './native-crc32.js'
import { PrefixScanLender, readBlockSync, readFullySync } from './prefix-lender.js'
import type { FileIdentity, WorkerFile, WorkerJob, WorkerMessage, WorkerResult } from './parallel-protocol.js'

const port = parentPort
if (port === null) throw new Error('parallel-worker must run as a worker thread')
// Checksum validation (--validate-checksums) with zlib's CRC-32 where Node has it.
installNativeCrc32()

/** Diagnostics of the job being run (jobs run one at a time). */
let diagnostics: Diagnostic[] = []
/** What a scan job noted of its blocks. */
let scanned: ScannedChunk[] = []

interface OpenFile {
  readonly settings: WorkerFile
  readonly ctx: ReaderContext
  /** The descriptor, or why the file could not be opened (each job then reports it). */
  readonly fd: number | EvtxError
}
const files = new Map<number, OpenFile>()

/** A failure to open or read the file, as the sequential reader reports it (evtx/byte-source.ts). */
function sourceError(error: unknown, location: EvtxLocation): EvtxError {
  return new EvtxError(EvtxErrorCode.SourceError, `reading the input failed: ${error instanceof Error ? error.message : String(error)}`, location)
}

/**
 * Whether `fd` is the file the header was read from: another at the path (renamed over it,
 * deleted and written again) holds records that are not the ones the header was read with.
 */
function isFile(fd: number, identity: FileIdentity): boolean {
  try {
    const stat = fstatSync(fd, { bigint: true })
    return stat.dev === identity.dev && stat.ino === identity.ino
  } catch {
    return false
  }
}

function openFile(settings: WorkerFile): OpenFile {
  let fd: number | EvtxError
  try {
    fd = openSync(settings.path, 'r')
  } catch (error) {
    fd = sourceError(error, {})
  }
  if (typeof fd === 'number' && settings.identity !== undefined && !isFile(fd, settings.identity)) {
    closeSync(fd)
    fd = new EvtxError(EvtxErrorCode.SourceError, 'reading the input failed: the file was replaced while it was being read (another file is at its path now)', {})
  }
  const options: ParseOptions = {
    validateChecksums: settings.validateChecksums,
    readHiddenRecords: settings.readHiddenRecords,
    readLeftoverRecords: settings.readLeftoverRecords,
    ...(settings.ansiCodepage !== undefined ? { ansiCodepage: settings.ansiCodepage } : {}),
    strict: settings.strict,
    ...(settings.limits !== undefined ? { limits: settings.limits } : {}),
    onDiagnostic: (d) => diagnostics.push(d),
    ...(settings.scan !== undefined ? { prefilter: scanPrefilter(prefilterOf(settings.scan.wanted)), onChunk: (c) => scanned.push(scannedChunk(c)) } : {}),
  }
  // This worker reads chunks out of order: a record whose template was lost borrows from the
  // chunks before it, and a record after a lost chunk header may repeat their ids; they are read
  // again for their templates and ids (prefix-lender.ts).
  const descriptor = fd
  // Each block in a buffer of its own: the batch buffer is in use meanwhile.
  const lender = new PrefixScanLender((index) => (typeof descriptor === 'number' ? readBlockSync(descriptor, index) : new Uint8Array(0)), options, settings.noCrc32)
  return { settings, ctx: createReaderContext(options, undefined, lender), fd }
}

// One read buffer for the life of the thread: fresh multi-megabyte buffers per batch cost more
// in page faults and zero-filling than reading into one does.
let input = new Uint8Array(16 * CHUNK_SIZE)
const SINK_SIZE = 3 * 16 * CHUNK_SIZE
const EMPTY = new Uint8Array(0)
const sink = new ByteSink(0)

// Output buffers: shared memory, so handing one to the main thread and getting it back never
// detaches it (a detached buffer anywhere in this thread would slow every typed-array access in
// it; see WorkerResult.output). A batch renders straight into one the consumer handed back, or
// into a fresh one.
const spare: SharedArrayBuffer[] = []
const NO_OUTPUT = new SharedArrayBuffer(0)

/**
 * Reads a job's blocks into `input`; returns the bytes read.
 * @throws {EvtxError} SOURCE_ERROR when the read fails (a bad sector, a dropped share), as the
 *   sequential reader reports it: the input's error, not the worker's
 */
function readBlocks(fd: number, job: WorkerJob): number {
  if (input.length < job.count * CHUNK_SIZE) input = new Uint8Array(job.count * CHUNK_SIZE)
  const position = FILE_HEADER_BLOCK_SIZE + job.first * CHUNK_SIZE
  try {
    return readFullySync(fd, input, job.count * CHUNK_SIZE, position)
  } catch (error) {
    throw sourceError(error, { fileOffset: position, chunkIndex: job.first })
  }
}

/** Scans a job's blocks for the analyzer: the wanted records, normalized, and each block noted. */
function scan(file: OpenFile, fd: number, job: WorkerJob, fallbackChannel: string): WorkerResult {
  diagnostics = []
  scanned = []
  const got = readBlocks(fd, job)
  const events: NormalizedEvent[] = []
  const leftovers: NormalizedEvent[] = []
  const blocks: Array<[number, number]> = []
  for (let i = 0; i < job.count && i * CHUNK_SIZE < got; i++) {
    const block = input.subarray(i * CHUNK_SIZE, Math.min(got, (i + 1) * CHUNK_SIZE))
    const read = readChunkBlock(file.ctx, block, job.first + i, FILE_HEADER_BLOCK_SIZE + (job.first + i) * CHUNK_SIZE, file.settings.noCrc32)
    for (const r of read.records) {
      if (r.leftover) {
        const event = normalizeLeftover(r, fallbackChannel, (d) => diagnostics.push(d))
        if (event !== undefined) leftovers.push(event)
        continue
      }
      const event = normalizeOrReport(r, fallbackChannel, (d) => diagnostics.push(d), file.settings.strict)
      if (event !== undefined) events.push(event)
    }
    blocks.push([read.records.length - read.leftovers + read.skipped, read.maxRecordId])
  }
  return { file: job.file, batch: job.batch, events, leftovers, chunks: scanned, diagnostics, blocks }
}

function run(file: OpenFile, job: WorkerJob): WorkerResult {
  if (typeof file.fd !== 'number') throw file.fd
  const { settings, ctx } = file
  if (settings.scan !== undefined) return scan(file, file.fd, job, settings.scan.fallbackChannel)
  diagnostics = []
  // A buffer for about three bytes of XML per byte of input: one handed back if it is that
  // large (another render may batch fewer blocks), or a fresh one.
  const want = Math.max(1 << 16, 3 * job.count * CHUNK_SIZE)
  let shared = spare.pop()
  if (shared === undefined || shared.byteLength < want) shared = new SharedArrayBuffer(want)
  sink.use(new Uint8Array(shared))
  sink.pos = 0
  const start = FILE_HEADER_BLOCK_SIZE + job.first * CHUNK_SIZE
  const got = readBlocks(file.fd, job)
  const blocks: Array<[number, number]> = []
  // Records are rendered before the next batch overwrites `input`; the template cache copies
  // the definition bytes it keeps.
  for (let i = 0; i < job.count && i * CHUNK_SIZE < got; i++) {
    const block = input.subarray(i * CHUNK_SIZE, Math.min(got, (i + 1) * CHUNK_SIZE))
    const read = readChunkBlock(ctx, block, job.first + i, start + i * CHUNK_SIZE, settings.noCrc32)
    for (const r of read.records) writeRecordLine(r, settings.format, sink, (d) => diagnostics.push(d), settings.strict)
    blocks.push([read.records.length - read.leftovers + read.skipped, read.maxRecordId])
  }
  const length = sink.pos
  let output = shared
  if (length === 0) {
    // An empty batch is never handed back, so it must not take a buffer with it.
    spare.push(shared)
    output = NO_OUTPUT
  } else if (sink.buf.buffer !== shared) {
    // Huge records outgrew the buffer (the sink grew into ordinary memory): one copy into shared
    // memory of the right size; the buffer it started with stays here.
    spare.push(shared)
    output = new SharedArrayBuffer(length)
    new Uint8Array(output).set(sink.buf.subarray(0, length))
  }
  sink.use(EMPTY)
  return { file: job.file, batch: job.batch, output, length, diagnostics, blocks }
}

function closeFile(id: number): void {
  const file = files.get(id)
  files.delete(id)
  if (file !== undefined && typeof file.fd === 'number') closeSync(file.fd)
}

function runJob(job: WorkerJob): void {
  // A batch of huge records must not keep a huge buffer alive: only usual sizes are kept.
  for (const b of job.recycled ?? []) if (spare.length < 8 && b.byteLength <= 4 * SINK_SIZE) spare.push(b)
  const file = files.get(job.file)
  try {
    if (file === undefined) throw new Error(`job for file ${job.file}, which is not open`)
    port?.postMessage(run(file, job))
  } catch (error) {
    if (error instanceof EvtxError) port?.postMessage({ file: job.file, batch: job.batch, error: { code: error.code, message: error.message, location: error.location } } satisfies WorkerResult)
    else port?.postMessage({ file: job.file, batch: job.batch, crash: error instanceof Error ? (error.stack ?? error.message) : String(error) } satisfies WorkerResult)
  }
}

port.on('message', (message: WorkerMessage) => {
  if (message.kind === 'job') runJob(message)
  else if (message.kind === 'open') files.set(message.file, openFile(message.settings))
  else closeFile(message.file)
})
