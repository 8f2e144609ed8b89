/**
 * One benchmark measurement, run in its own process so its peak RSS is its own:
 * `node measure.js MODE FILE PASSES [THREADS]` prints one JSON line with the bytes, records,
 * seconds per pass and the process's peak RSS.
 */
import { statSync } from 'node:fs'
import { pathToFileURL } from 'node:url'
import { readProviderAndEventId } from '../src/access/system.js'
import { analyze } from '../src/analyze.js'
import { readEvtx } from '../src/evtx/read.js'
import { renderEvtxParallel } from '../src/node/parallel.js'
import { recordJson } from '../src/render/record-line.js'
import { renderByWalk, renderXml } from '../src/render/xml.js'

const [mode = 'xml', file = '', passesText = '1', threadsText = '2', workerPath = 'dist/parallel-worker.js'] = process.argv.slice(2)

async function pass(): Promise<{ records: number; chars: number }> {
  let records = 0
  let chars = 0
  if (mode === 'analyze') {
    const report = await analyze([file])
    for (const input of report.inputs) records += input.records
    return { records, chars: report.findings.length }
  }
  if (mode === 'xml-threads' || mode === 'json-threads') {
    const workerUrl = pathToFileURL(workerPath)
    for await (const text of renderEvtxParallel(file, { format: mode === 'xml-threads' ? 'xml' : 'jsonl', threads: Number(threadsText), workerUrl })) {
      chars += text.length
      for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) records++
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
  for await (const r of readEvtx(file, prefilter ? { prefilter, onChunk: (c) => (skipped += c.skipped) } : {})) {
    records++
    if (mode === 'xml') chars += renderXml(r).length
    // Ablation: the same XML through the reference tree walk instead of compiled programs.
    else if (mode === 'xml-walk') chars += renderByWalk(r.fragment).length
    else if (mode === 'json') chars += JSON.stringify(recordJson(r)).length
    // Ablation: scan without the prefilter (every record parsed, then provider and id read).
    else if (mode === 'scan' || mode === 'scan-full') {
      const [provider, id] = readProviderAndEventId(r)
      if (provider !== undefined && id !== undefined) chars++
    }
  }
  return { records: records + skipped, chars }
}

const seconds: number[] = []
const cpuSeconds: number[] = []
let last = { records: 0, chars: 0 }
for (let i = 0; i < Number(passesText); i++) {
  const t = performance.now()
  const c = process.cpuUsage()
  last = await pass()
  seconds.push((performance.now() - t) / 1000)
  const u = process.cpuUsage(c)
  cpuSeconds.push((u.user + u.system) / 1e6)
}
console.log(JSON.stringify({ mode, file, bytes: statSync(file).size, records: last.records, chars: last.chars, seconds, cpuSeconds, maxRssKb: process.resourceUsage().maxRSS }))
