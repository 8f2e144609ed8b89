/**
 * One benchmark measurement, run in its own process so its peak RSS is its own:
 * `node measure.js MODE FILE PASSES [THREADS] [WORKER] [MIN_SECONDS]` prints one JSON line with the
 * bytes, records, seconds per pass and the process's peak RSS. After the first pass (cold: the
 * JIT has compiled nothing yet), passes go on until there are PASSES in all and the passes after
 * the first took MIN_SECONDS together (at most 60 passes), so a small file is timed warm for long
 * enough to be more than noise.
 *
 * Rendered output is written to /dev/null in 64 KiB batches, as `dump > /dev/null` does, so the
 * figures include producing the bytes (a JavaScript string built by concatenation is only
 * flattened and encoded when it is used).
 *
 * Mode `ts-evtx` times the JavaScript peer instead, npm `@ts-evtx/core` as the bench installs it
 * under bench/peers: each record's `renderXml()`, written out the same way, so both are timed
 * alike (a warm library in its own process).
 */
import { openSync, statSync, writeSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { readProviderAndEventId } from '../src/access/system.js'
import { type Fragment, NodeKind } from '../src/binxml/nodes.js'
import { ARRAY_BIT } from '../src/binxml/value-types.js'
import { itemCount, valueText } from '../src/binxml/values.js'
import { analyze } from '../src/analyze.js'
import { readEvtxChunks } from '../src/evtx/read.js'
import { renderEvtxParallel } from '../src/node/parallel.js'
import { EvtxWorkerPool } from '../src/node/worker-pool.js'
import { recordJson, writeRecordLine } from '../src/render/record-line.js'
import { ByteSink } from '../src/render/byte-sink.js'
import { renderByWalk, renderXml } from '../src/render/xml.js'
import { writeXml } from '../src/render/xml-bytes.js'

const [mode = 'xml', file = '', passesText = '1', threadsText = '2', workerPath = 'dist/parallel-worker.js', minSecondsText = '0'] = process.argv.slice(2)

const devNull = openSync('/dev/null', 'w')
const sink = new ByteSink(1 << 17)
let pending: string[] = []
let pendingLength = 0
function emit(text: string): void {
  pending.push(text)
  pendingLength += text.length
  if (pendingLength >= 1 << 16) flush()
}
function flush(): void {
  if (pending.length > 0) writeSync(devNull, pending.join(''))
  pending = []
  pendingLength = 0
}

let pool: EvtxWorkerPool | undefined

/**
 * Ablation of lazy rendering (`scan-eager`): every value of a record decoded into a string, each
 * array item too, nested BinXml walked, as a parser that decodes while parsing does; returns
 * the number of characters so the work cannot be skipped.
 */
function decodeAll(fragment: Fragment): number {
  let chars = 0
  for (const n of fragment) {
    if (n.kind === NodeKind.Element) chars += decodeAll(n.children)
    if (n.kind !== NodeKind.TemplateInstance) continue
    const vt = n.values
    for (let i = 0; i < vt.count; i++) {
      const nested = vt.nested(i)
      if (nested !== undefined) chars += decodeAll(nested)
      else if (vt.type(i) & ARRAY_BIT) for (let k = 0, m = itemCount(vt, i); k < m; k++) chars += valueText(vt, i, k).length
      else chars += valueText(vt, i).length
    }
  }
  return chars
}

/** The part of @ts-evtx/core's API the bench uses (its README: `EvtxFile.open`, `records()`, `renderXml()`). */
interface TsEvtx {
  readonly EvtxFile: { open(path: string): Promise<{ records(): Iterable<{ renderXml(): string }> }> }
}
let tsEvtx: TsEvtx | undefined
/** bench/peers/node_modules, from .tmp/bench-dist where this file is bundled to. */
const peers = resolve(dirname(fileURLToPath(import.meta.url)), '../../bench/peers/node_modules')
// A record too large to render is reported by `dump`; here it is only left out.
const onDiagnostic = () => undefined

async function pass(): Promise<{ records: number; chars: number }> {
  let records = 0
  let chars = 0
  if (mode === 'analyze' || mode === 'analyze-threads') {
    // With workers: one pool kept for every pass, as for the renders below.
    if (mode === 'analyze-threads') pool ??= await EvtxWorkerPool.create({ threads: Number(threadsText), workerUrl: pathToFileURL(workerPath) })
    const report = await analyze([file], mode === 'analyze' ? {} : { pool })
    for (const input of report.inputs) records += input.records
    return { records, chars: report.findings.length }
  }
  if (mode === 'ts-evtx') {
    // Loaded from its own folder (a bench peer, not one of our dependencies); a record it
    // cannot render is counted apart (`chars`), as our own modes leave such records out.
    tsEvtx ??= (await import(pathToFileURL(join(peers, '@ts-evtx/core/dist/index.js')).href)) as TsEvtx
    const log = await tsEvtx.EvtxFile.open(file)
    for (const r of log.records()) {
      let xml: string
      try {
        xml = r.renderXml()
      } catch {
        chars++
        continue
      }
      records++
      emit(`${xml}\n`)
    }
    flush()
    return { records, chars }
  }
  if (mode === 'xml-threads' || mode === 'json-threads') {
    // One pool for every pass, as a tool rendering many files keeps one: the first (cold) pass
    // starts the workers and warms their JIT, the warm passes measure the steady state.
    pool ??= await EvtxWorkerPool.create({ threads: Number(threadsText), workerUrl: pathToFileURL(workerPath) })
    for await (const bytes of renderEvtxParallel(file, { format: mode === 'xml-threads' ? 'xml' : 'jsonl', pool, reuseOutput: true })) {
      // The main thread only writes, as `dump --threads` does, and hands each buffer back once
      // written (records are counted by the single-threaded run of the same file).
      chars += bytes.length
      writeSync(devNull, bytes)
    }
    return { records, chars }
  }
  // Scan mode: the analyzer's question (the three scenarios' providers and event ids).
  const prefilter =
    mode === 'scan'
      ? {
          eventIds: new Set([1056, 1057, 1058, 36870, 36871, 36872, 2056, 1296]),
          accept: (provider: string | undefined) =>
            provider === 'Schannel' || (provider ?? '').startsWith('Microsoft-Windows-TerminalServices-'),
        }
      : undefined
  let skipped = 0
  // Every record is rendered or read at once and none is kept, as in `dump`: the reader reuses its buffers.
  for await (const batch of readEvtxChunks(file, prefilter ? { prefilter, onChunk: (c) => (skipped += c.skipped), reuseBuffers: true } : { reuseBuffers: true })) {
   for (const r of batch) {
    records++
    // As `dump` renders: straight into UTF-8 bytes.
    if (mode === 'xml') {
      writeXml(r, sink)
      sink.byte(10)
      if (sink.pos >= 1 << 16) {
        writeSync(devNull, sink.view())
        sink.reset()
      }
    }
    // The string API (`renderXml`), written out the same way.
    else if (mode === 'xml-string') emit(`${renderXml(r)}\n`)
    // Ablation: the same XML through the reference tree walk instead of compiled programs.
    else if (mode === 'xml-walk') emit(`${renderByWalk(r.fragment)}\n`)
    // As `dump --format jsonl` renders: compiled JSON programs straight into UTF-8 bytes.
    else if (mode === 'json') {
      writeRecordLine(r, 'jsonl', sink, onDiagnostic, false)
      if (sink.pos >= 1 << 16) {
        writeSync(devNull, sink.view())
        sink.reset()
      }
    }
    // Ablation: JSON objects and JSON.stringify, the reference renderer.
    else if (mode === 'json-string') emit(`${JSON.stringify(recordJson(r))}\n`)
    // Ablation: scan without the prefilter (every record parsed, then provider and id read);
    // and without lazy rendering either (every value decoded first).
    else if (mode === 'scan' || mode === 'scan-full' || mode === 'scan-eager') {
      if (mode === 'scan-eager') chars += decodeAll(r.fragment)
      const [provider, id] = readProviderAndEventId(r)
      if (provider !== undefined && id !== undefined) chars++
    }
   }
  }
  flush()
  writeSync(devNull, sink.view())
  sink.reset()
  return { records: records + skipped, chars }
}

const seconds: number[] = []
const cpuSeconds: number[] = []
let last = { records: 0, chars: 0 }
const minSeconds = Number(minSecondsText)
let warmSeconds = 0
for (let i = 0; i < 60 && (i < Number(passesText) || warmSeconds < minSeconds); i++) {
  const t = performance.now()
  const c = process.cpuUsage()
  last = await pass()
  seconds.push((performance.now() - t) / 1000)
  if (i > 0) warmSeconds += seconds[i] as number
  const u = process.cpuUsage(c)
  cpuSeconds.push((u.user + u.system) / 1e6)
}
await pool?.close()
console.log(JSON.stringify({ mode, file, bytes: statSync(file).size, records: last.records, chars: last.chars, seconds, cpuSeconds, maxRssKb: process.resourceUsage().maxRSS }))
