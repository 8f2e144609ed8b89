// Baseline: parse + Windows XML render of one file, single-threaded, in-process.
import { readFileSync, statSync } from 'node:fs'
import { parseEvtx, renderXml } from '../dist/evtx.js'

const file = process.argv[2]
const bytes = new Uint8Array(readFileSync(file))
const mb = statSync(file).size / 1e6
for (let i = 0; i < 8; i++) {
  const t = performance.now()
  const c = process.cpuUsage()
  let n = 0
  let chars = 0
  for (const r of parseEvtx(bytes)) {
    chars += renderXml(r).length
    n++
  }
  const s = (performance.now() - t) / 1000
  const cu = process.cpuUsage(c)
  const cpu = (cu.user + cu.system) / 1e6
  console.log(`run ${i}: ${n} records, wall ${(mb / s).toFixed(1)} MB/s, cpu ${(mb / cpu).toFixed(1)} MB/s, ${Math.round(n / cpu)} records/cpu-s (${chars} chars)`)
}
