/**
 * `npm run bench`: throughput and memory of rdp-triage against the peer parsers.
 *
 * Inputs (built under .tmp/bench/, never committed): the largest corpus file and a ~21 MB log of
 * real corpus chunks (when ../shared is there), a large synthetic System log written with the
 * EVTX writer (256 MB; RDP_TRIAGE_BENCH_MB to change), and a 1 GiB log (the synthetic chunks
 * repeated) for the memory ceiling. Each measurement runs in its own process (peak RSS is its
 * own); the first pass warms the JIT and the page cache and is reported apart as "cold"; the
 * median of the others is the figure (the small files get at least 2 s of warm passes, the
 * 1 GiB run is one pass). Every CLI command runs once on the 1 GiB log, whole process, with its
 * peak RSS (through cli-rss.ts). libevtx `evtxexport -f xml` runs on the real-chunk and synthetic
 * logs, python-evtx on a 2 MB corpus log and the 20 MB synthetic log (it reads 0.15-0.4 MB/s),
 * where they are installed, each with our XML figure on the same file and the ratio. The
 * JavaScript peer, npm @ts-evtx/core (pinned in bench/peers, installed there by this script), is
 * timed as ours is, a warm library in its own process, on the files under its 100 MB cap.
 * Prints a table and writes the same figures to bench/results/latest.json.
 */
import { spawn, spawnSync } from 'node:child_process'
import { createReadStream, createWriteStream, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { cpus } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { writeRealChunkLog } from './real-chunks.js'
import { writeSyntheticSystemLog } from './synthetic.js'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
const work = join(root, '.tmp/bench')
mkdirSync(work, { recursive: true })
const corpus = resolve(root, '../shared/evtx-corpus/files')
const measureJs = join(root, '.tmp/bench-dist/measure.js')
const workerJs = join(root, 'dist/parallel-worker.js')
const threads = Math.min(cpus().length, 8)

interface Row {
  input: string
  mode: string
  mb: number
  records: number
  seconds: number
  mbPerS: number
  /** MB/s of the first pass alone (cold: nothing compiled yet), when there were more. */
  coldMbPerS: number
  /** MB per CPU-second of this process (all its threads): less sensitive to a busy machine. */
  mbPerCpuS: number
  recordsPerS: number
  maxRssMb: number
  note: string
}
const rows: Row[] = []

function log(s: string): void {
  process.stderr.write(`${s}\n`)
}

function measure(input: string, file: string, mode: string, passes: number, minSeconds: number, note = ''): Row | undefined {
  const r = spawnSync(process.execPath, [measureJs, mode, file, String(passes), String(threads), workerJs, String(minSeconds)], { encoding: 'utf8', maxBuffer: 1 << 24 })
  if (r.status !== 0) {
    log(`  ${mode} on ${input} failed: ${r.stderr.slice(0, 500)}`)
    return undefined
  }
  const m = JSON.parse(r.stdout.trim().split('\n').pop() as string) as { bytes: number; records: number; seconds: number[]; cpuSeconds: number[]; maxRssKb: number }
  // The first pass warms the JIT and the page cache; the others are timed (median).
  const median = (xs: number[]) => {
    const timed = xs.length > 1 ? xs.slice(1) : xs
    return [...timed].sort((a, b) => a - b)[Math.floor((timed.length - 1) / 2)] as number
  }
  const s = median(m.seconds)
  const cpu = median(m.cpuSeconds)
  // Worker-thread runs do not count records: take the count of the same input's other runs.
  const records = m.records > 0 ? m.records : (rows.find((r) => r.input === input && r.records > 0)?.records ?? 0)
  const coldMbPerS = m.seconds.length > 1 ? m.bytes / 1e6 / (m.seconds[0] as number) : 0
  const ran = `${m.seconds.length} passes`
  const row = { input, mode, mb: m.bytes / 1e6, records, seconds: s, mbPerS: m.bytes / 1e6 / s, coldMbPerS, mbPerCpuS: m.bytes / 1e6 / cpu, recordsPerS: records / s, maxRssMb: m.maxRssKb / 1024, note: note === '' ? ran : `${note}; ${ran}` }
  rows.push(row)
  log(`  ${mode.padEnd(14)} ${row.mbPerS.toFixed(1).padStart(7)} MB/s (cold ${coldMbPerS.toFixed(0)}) ${Math.round(row.recordsPerS).toString().padStart(9)} rec/s  RSS ${row.maxRssMb.toFixed(0)} MB, ${ran}`)
  return row
}

function timeCommand(input: string, label: string, cmd: string, args: string[], bytes: number, timeoutS: number): Row | undefined {
  const t = performance.now()
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'ignore', 'ignore'], timeout: timeoutS * 1000 })
  const s = (performance.now() - t) / 1000
  if (r.error || r.status !== 0) {
    log(`  ${label}: ${r.error ? r.error.message : `exit ${r.status}`}${r.signal ? ` (${r.signal}, after ${s.toFixed(0)} s)` : ''}`)
    return undefined
  }
  const row = { input, mode: label, mb: bytes / 1e6, records: 0, seconds: s, mbPerS: bytes / 1e6 / s, coldMbPerS: 0, mbPerCpuS: 0, recordsPerS: 0, maxRssMb: 0, note: 'whole process' }
  rows.push(row)
  log(`  ${label.padEnd(14)} ${row.mbPerS.toFixed(2).padStart(7)} MB/s  (${s.toFixed(2)} s)`)
  return row
}

async function repeatTo(src: string, dst: string, targetBytes: number): Promise<void> {
  const size = statSync(src).size
  const out = createWriteStream(dst)
  const copy = (start: number) =>
    new Promise<void>((ok, fail) => {
      const s = createReadStream(src, { start })
      s.on('error', fail)
      s.on('end', ok)
      s.pipe(out, { end: false })
    })
  await copy(0)
  let written = size
  while (written + (size - 4096) <= targetBytes) {
    await copy(4096)
    written += size - 4096
  }
  await new Promise<void>((ok) => out.end(ok))
}

const have = (cmd: string, args: string[]) => spawnSync(cmd, args, { stdio: 'ignore' }).status === 0

const syntheticMb = Number(process.env.RDP_TRIAGE_BENCH_MB ?? 256)
const synthetic = join(work, `synthetic-system-${syntheticMb}MB.evtx`)
if (!existsSync(synthetic)) {
  log(`building ${synthetic} with the EVTX writer…`)
  const t = performance.now()
  const w = writeSyntheticSystemLog(synthetic, syntheticMb * 1e6)
  log(`  ${w.records} records in ${w.chunks} chunks, ${((performance.now() - t) / 1000).toFixed(1)} s`)
}
const gib = join(work, 'synthetic-system-1GiB.evtx')
if (!existsSync(gib)) {
  log('building the 1 GiB log (synthetic chunks repeated)…')
  await repeatTo(synthetic, gib, 1 << 30)
}

// [label, file, passes, warm seconds]: the small files are timed warm for at least 4 s. On the
// corpus inputs the JIT takes six to ten passes to settle (their hundreds of templates: one
// thread on the real chunks climbs from 64 to about 230 MB/s over its first seven passes), and
// a worker sees half the log per pass, so the pool takes twice as many: the pool modes get twice
// the warm time (measure.ts stops at 60 passes). With 2 s (up to R6) the pool's median on the
// real chunks still held its warm-up and read below one thread.
const inputs: Array<[string, string, number, number]> = []
const largestCorpus = join(corpus, 'dfir-rathbunvm-w10__Microsoft-Windows-Store%4Operational.evtx')
const realChunks = join(work, 'real-chunks-21MiB.evtx')
if (existsSync(largestCorpus)) {
  inputs.push(['corpus Store/Operational (largest corpus file)', largestCorpus, 5, 4])
  if (!existsSync(realChunks)) {
    // libevtx gives up on a whole file at the first record it cannot read (CAPI2's entity
    // references, templateless WEC records): take chunks only from files it reads.
    const libevtx = have('evtxexport', ['-h'])
    const accept = (f: string) => !libevtx || spawnSync('evtxexport', ['-f', 'xml', f], { stdio: 'ignore' }).status === 0
    writeRealChunkLog(corpus, realChunks, 21 * 1024 * 1024, accept)
  }
  inputs.push(['real corpus chunks', realChunks, 5, 4])
} else log('../shared/evtx-corpus is not there: corpus inputs and the peer comparison are skipped')
// At least 10 s of warm passes (XML: five or so). Its 12 templates settle in a pass or two; the
// pool needs two or three where one thread needs one; the cold column shows the first pass of each.
const synthetic256 = `synthetic System (${syntheticMb} MB)`
inputs.push([synthetic256, synthetic, 2, 10])

const ABLATION: Record<string, string> = {
  'xml-string': 'the string API (renderXml), written out',
  'xml-walk': 'ablation: XML by tree walk, no compiled programs',
  'json-string': 'ablation: JSON objects and JSON.stringify, no compiled programs',
  'scan-full': 'ablation: scan without the prefilter',
  'scan-eager': 'ablation: scan-full with every value decoded first (no lazy rendering)',
}
for (const [label, file, passes, warmSeconds] of inputs) {
  log(`${label}: ${file}`)
  for (const mode of ['xml', 'json', 'analyze', 'scan', 'xml-string', 'xml-walk', 'json-string', 'scan-full', 'scan-eager']) measure(label, file, mode, passes, warmSeconds, ABLATION[mode] ?? (mode === 'scan' ? 'the parser scan alone' : ''))
  const poolWarmSeconds = label === synthetic256 ? warmSeconds : 2 * warmSeconds
  for (const mode of ['xml-threads', 'json-threads', 'analyze-threads']) measure(label, file, mode, passes, poolWarmSeconds, `${threads} worker threads`)
}
// The worker-pool ratio in alternating rounds: a one-thread run, then a pool run, three times, so a
// slow minute of this shared machine is less likely to fall on one side only (the separate runs
// above can each catch another minute). Separate processes: a pool idle in the same process
// slows the one-thread passes (its isolates collect garbage meanwhile). Each side's figure is the
// median of its passes after the first two (the pool warms up over two or three passes).
// Each round then runs two one-thread processes side by side: what they do together against one
// alone is what the machine gives two threads in that minute (a neighbour on the host takes part
// of a core at times), the ceiling the pool's ratio is to be read against.
interface PairResult {
  readonly input: string
  readonly rounds: Array<{ oneThreadS: number; poolS: number; ratio: number; sideBySideS: [number, number] | null; machine: number | null }>
}
let paired: PairResult | undefined
{
  const label = inputs[inputs.length - 1]?.[0] as string
  log(`${label}: one thread and the worker pool in alternating rounds`)
  const args = (mode: string) => [measureJs, mode, synthetic, '6', String(threads), workerJs, '0']
  const settledOf = (stdout: string): number => {
    const m = JSON.parse(stdout.trim().split('\n').pop() as string) as { seconds: number[] }
    const late = m.seconds.slice(2).sort((x, y) => x - y)
    return late[Math.floor((late.length - 1) / 2)] as number
  }
  const settled = (mode: string): number | undefined => {
    const r = spawnSync(process.execPath, args(mode), { encoding: 'utf8', maxBuffer: 1 << 24 })
    if (r.status !== 0) {
      log(`  ${mode} failed: ${r.stderr.slice(0, 500)}`)
      return undefined
    }
    return settledOf(r.stdout)
  }
  const settledAsync = (mode: string): Promise<number | undefined> =>
    new Promise((done) => {
      const child = spawn(process.execPath, args(mode), { stdio: ['ignore', 'pipe', 'pipe'] })
      let out = ''
      let err = ''
      child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d))
      child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d))
      child.on('close', (code) => {
        if (code !== 0) log(`  ${mode} (side by side) failed: ${err.slice(0, 500)}`)
        done(code === 0 ? settledOf(out) : undefined)
      })
    })
  const rounds: PairResult['rounds'] = []
  for (let round = 0; round < 3; round++) {
    const oneThreadS = settled('xml')
    const poolS = settled('xml-threads')
    if (oneThreadS === undefined || poolS === undefined) break
    const [a, b] = await Promise.all([settledAsync('xml'), settledAsync('xml')])
    // Two processes' passes per second together, in units of the one-thread run's.
    const machine = a !== undefined && b !== undefined ? oneThreadS / a + oneThreadS / b : null
    rounds.push({ oneThreadS, poolS, ratio: oneThreadS / poolS, sideBySideS: a !== undefined && b !== undefined ? [a, b] : null, machine })
    const side = machine === null ? '' : `; two one-thread processes side by side ${(a as number).toFixed(2)} and ${(b as number).toFixed(2)} s: the machine gave ${machine.toFixed(2)}x`
    log(`  round ${round + 1}: one thread ${oneThreadS.toFixed(2)} s, pool ${poolS.toFixed(2)} s: ${(oneThreadS / poolS).toFixed(2)}x${side}`)
  }
  paired = { input: label, rounds }
}

log('1 GiB log: memory ceiling')
measure('synthetic System (1 GiB)', gib, 'xml', 1, 0, 'peak RSS target < 150 MB')
// Every command of the CLI on it, whole runs (Node start-up included), output to /dev/null: each
// must stream, whatever it keeps (a query of one log keeps 2 bytes a match, src/cli/query-plan.ts).
{
  const article1058 = "Event[System[Provider[@Name='Microsoft-Windows-TerminalServices-RemoteConnectionManager'] and (EventID=1057 or EventID=1058)]]"
  const commands: Array<[string, string[]]> = [
    ['CLI analyze', ['analyze', gib, '--format', 'json']],
    ['CLI info', ['info', gib]],
    ['CLI query --rd -c 1 (1058)', ['query', gib, '--rd', '-c', '1', '-q', article1058]],
    ['CLI query xml (7036, 40%)', ['query', gib, '--format', 'xml', '-q', '*[System[EventID=7036]]']],
    ['CLI dump xml', ['dump', gib, '--format', 'xml']],
    ['CLI dump xml --threads 2', ['dump', gib, '--format', 'xml', '--threads', '2']],
  ]
  const bytes = statSync(gib).size
  for (const [mode, args] of commands) {
    const t = performance.now()
    const r = spawnSync(process.execPath, [join(root, '.tmp/bench-dist/cli-rss.js'), join(root, 'dist/cli.js'), ...args], { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', maxBuffer: 1 << 24 })
    const s = (performance.now() - t) / 1000
    const kb = Number(/maxRssKb (\d+)\s*$/.exec(r.stderr)?.[1] ?? 0)
    if ((r.status !== 0 && r.status !== 1) || kb === 0) {
      log(`  ${mode} failed (exit ${r.status}): ${r.stderr.slice(0, 500)}`)
      continue
    }
    rows.push({ input: 'synthetic System (1 GiB)', mode, mb: bytes / 1e6, records: 0, seconds: s, mbPerS: bytes / 1e6 / s, coldMbPerS: 0, mbPerCpuS: 0, recordsPerS: 0, maxRssMb: kb / 1024, note: `one whole run: ${s.toFixed(2)} s (RSS target < 150 MB)` })
    log(`  ${mode}: ${s.toFixed(2)} s, peak RSS ${(kb / 1024).toFixed(0)} MB`)
  }
}

// The whole CLI on a 20 MB System log, Node start-up included (median of 5 runs).
const twenty = join(work, 'synthetic-system-20MB.evtx')
if (!existsSync(twenty)) writeSyntheticSystemLog(twenty, 20e6, 11)
{
  log('whole CLI run: rdp-triage analyze on a 20 MB System log')
  const times: number[] = []
  for (let i = 0; i < 5; i++) {
    const t = performance.now()
    const r = spawnSync(process.execPath, [join(root, 'dist/cli.js'), 'analyze', twenty, '--format', 'json'], { stdio: ['ignore', 'ignore', 'ignore'] })
    times.push((performance.now() - t) / 1000)
    if (r.status !== 0 && r.status !== 1) log(`  exit ${r.status}`)
  }
  const s = [...times].sort((a, b) => a - b)[2] as number
  const bytes = statSync(twenty).size
  rows.push({ input: 'synthetic System (20 MB)', mode: 'CLI analyze (process)', mb: bytes / 1e6, records: 0, seconds: s, mbPerS: bytes / 1e6 / s, coldMbPerS: 0, mbPerCpuS: 0, recordsPerS: 0, maxRssMb: 0, note: `median of 5 whole runs: ${s.toFixed(2)} s (target < 1 s)` })
  log(`  ${s.toFixed(2)} s`)
}

if (existsSync(realChunks)) {
  const bytes = statSync(realChunks).size
  log('peers on the real-chunk log')
  if (have('evtxexport', ['-h'])) timeCommand('real corpus chunks', 'libevtx evtxexport -f xml', 'evtxexport', ['-f', 'xml', realChunks], bytes, 1200)
  else log('  libevtx (evtxexport) not installed: apt-get install libevtx-utils')
  if (have('evtxexport', ['-h'])) timeCommand(`synthetic System (${syntheticMb} MB)`, 'libevtx evtxexport -f xml', 'evtxexport', ['-f', 'xml', synthetic], statSync(synthetic).size, 1800)
}
// The JavaScript peer: installed in bench/peers (its own package and lock file, never one of our
// dependencies) when it is not there yet; skipped when npm cannot install it.
{
  const peers = join(root, 'bench/peers')
  const manifest = join(peers, 'node_modules/@ts-evtx/core/package.json')
  if (!existsSync(manifest)) {
    log('installing the JavaScript peer (npm ci in bench/peers)…')
    const r = spawnSync('npm', ['ci', '--no-audit', '--no-fund', '--silent'], { cwd: peers, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' })
    if (r.status !== 0) log(`  npm ci failed (${r.error?.message ?? `exit ${r.status}`}): ${(r.stderr ?? '').slice(0, 300)}`)
  }
  if (existsSync(manifest)) {
    const { version } = JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }
    log(`@ts-evtx/core ${version} (renderXml, warm, in its own process), and ours on the same files`)
    // It loads a whole file and refuses one over 100 MB, so not the 256 MB log.
    const files: Array<[string, string]> = [
      ['corpus Store/Operational (largest corpus file)', largestCorpus],
      ['real corpus chunks', realChunks],
      ['synthetic System (20 MB)', twenty],
    ]
    for (const [label, file] of files) {
      if (!existsSync(file)) continue
      if (!rows.some((r) => r.input === label && r.mode === 'xml')) measure(label, file, 'xml', 5, 2, '')
      // As the corpus inputs of ours: at least 5 passes and 4 s of warm ones (it settles by its third).
      measure(label, file, 'ts-evtx', 5, 4, `npm @ts-evtx/core ${version}: each record's renderXml(), written out as ours`)
    }
  } else log('  @ts-evtx/core not installed: cd bench/peers && npm ci')
}
// python-evtx stops at the first value type it does not know (one in the real-chunk log) and
// reads about 0.15-0.4 MB/s, so it runs on two files it reads whole: a real 2 MB corpus log and
// the 20 MB synthetic System log (about two minutes), each against our XML on the same file.
if (have('/usr/bin/python3', ['-c', 'import Evtx'])) {
  log('python-evtx, and ours on the same files')
  const small = join(corpus, 'tsevtx__Security.evtx')
  if (existsSync(small)) {
    measure('corpus tsevtx Security (2 MB)', small, 'xml', 5, 2, '')
    timeCommand('corpus tsevtx Security (2 MB)', 'python-evtx evtx_dump.py', '/usr/bin/python3', ['/usr/bin/evtx_dump.py', small], statSync(small).size, 900)
  }
  if (!rows.some((r) => r.input === 'synthetic System (20 MB)' && r.mode === 'xml')) measure('synthetic System (20 MB)', twenty, 'xml', 5, 2, '')
  timeCommand('synthetic System (20 MB)', 'python-evtx evtx_dump.py', '/usr/bin/python3', ['/usr/bin/evtx_dump.py', twenty], statSync(twenty).size, 900)
} else log('  python-evtx not installed: apt-get install python3-evtx')

const width = Math.max(...rows.map((r) => r.input.length))
const lines = [
  `${'input'.padEnd(width)}  ${'mode'.padEnd(26)} ${'MB'.padStart(8)} ${'MB/s'.padStart(8)} ${'cold'.padStart(6)} ${'MB/cpu-s'.padStart(9)} ${'records/s'.padStart(10)} ${'RSS MB'.padStart(7)}  note`,
  ...rows.map(
    (r) =>
      `${r.input.padEnd(width)}  ${r.mode.padEnd(26)} ${r.mb.toFixed(1).padStart(8)} ${r.mbPerS.toFixed(r.mbPerS < 10 ? 2 : 1).padStart(8)} ${(r.coldMbPerS ? r.coldMbPerS.toFixed(0) : '-').padStart(6)} ${(r.mbPerCpuS ? r.mbPerCpuS.toFixed(1) : '-').padStart(9)} ${(r.recordsPerS ? Math.round(r.recordsPerS).toString() : '-').padStart(10)} ${(r.maxRssMb ? r.maxRssMb.toFixed(0) : '-').padStart(7)}  ${r.note}`,
  ),
]
lines.push('')
// The JavaScript peer, timed as ours: the same warm passes, and how many records each rendered.
for (const peer of rows.filter((r) => r.mode === 'ts-evtx')) {
  const ours = rows.find((r) => r.input === peer.input && r.mode === 'xml')
  if (ours) lines.push(`rdp-triage parse + XML is ${(ours.mbPerS / peer.mbPerS).toFixed(1)}x @ts-evtx/core renderXml on ${peer.input} (records rendered: ours ${ours.records}, its ${peer.records}; peak RSS ${ours.maxRssMb.toFixed(0)} against ${peer.maxRssMb.toFixed(0)} MB)`)
}
for (const peer of rows.filter((r) => r.mode.startsWith('libevtx') || r.mode.startsWith('python-evtx'))) {
  const ours = rows.find((r) => r.input === peer.input && r.mode === 'xml')
  if (ours) lines.push(`rdp-triage parse + XML is ${(ours.mbPerS / peer.mbPerS).toFixed(1)}x ${peer.mode} on ${peer.input}`)
  // libevtx runs on one thread; ours with the worker pool too, as `dump --threads` runs.
  const pool = rows.find((r) => r.input === peer.input && r.mode === 'xml-threads')
  if (pool) lines.push(`  with ${threads} worker threads (warm pool): ${(pool.mbPerS / peer.mbPerS).toFixed(1)}x`)
}
const one = rows.find((r) => r.input.startsWith('synthetic System (') && r.mode === 'xml' && !r.input.includes('GiB'))
const par = rows.find((r) => r.input === one?.input && r.mode === 'xml-threads')
if (one && par) {
  lines.push(`worker threads (${threads}, one pool for all passes): ${(par.mbPerS / one.mbPerS).toFixed(2)}x single-threaded parse + XML on the synthetic log, warm`)
  lines.push(`  first passes (workers started and warmed, as in one CLI run): ${(par.coldMbPerS / one.coldMbPerS).toFixed(2)}x`)
}
for (const one of rows.filter((r) => r.mode === 'analyze')) {
  const par = rows.find((r) => r.input === one.input && r.mode === 'analyze-threads')
  if (par) lines.push(`analyze on ${threads} worker threads (warm pool) on ${one.input}: ${(par.mbPerS / one.mbPerS).toFixed(2)}x one thread (first passes ${(par.coldMbPerS / one.coldMbPerS).toFixed(2)}x)`)
}
if (paired !== undefined && paired.rounds.length > 0) {
  const ratios = paired.rounds.map((r) => r.ratio).sort((a, b) => a - b)
  const mid = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)] as number
  lines.push(`worker threads (${threads}) in ${ratios.length} alternating rounds against one thread: median ${mid(ratios).toFixed(2)}x (${ratios.map((r) => r.toFixed(2)).join(', ')})`)
  const machine = paired.rounds.flatMap((r) => (r.machine === null ? [] : [r.machine]))
  if (machine.length > 0)
    lines.push(`  two one-thread processes side by side in the same rounds (what the machine gave two threads): median ${mid(machine).toFixed(2)}x (${paired.rounds.map((r) => (r.machine === null ? '-' : r.machine.toFixed(2))).join(', ')})`)
}
console.log(lines.join('\n'))
mkdirSync(join(root, 'bench/results'), { recursive: true })
writeFileSync(join(root, 'bench/results/latest.json'), `${JSON.stringify({ node: process.version, cpus: cpus().length, cpu: cpus()[0]?.model, date: new Date().toISOString(), rows, workerPairs: paired ?? null }, null, 2)}\n`)
log('figures written to bench/results/latest.json')
