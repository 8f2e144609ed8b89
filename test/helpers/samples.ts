/**
 * The committed sample logs (samples/<case>/*.evtx), for tests that read them.
 */
import { readdirSync, statSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

export const SAMPLES_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../samples')

/** Every sample log as `case/file name` → absolute path, sorted. */
export function sampleLogs(): Array<[name: string, path: string]> {
  const out: Array<[string, string]> = []
  for (const c of readdirSync(SAMPLES_DIR).sort()) {
    const dir = join(SAMPLES_DIR, c)
    if (!statSync(dir).isDirectory()) continue
    for (const f of readdirSync(dir).sort()) if (f.endsWith('.evtx')) out.push([`${c}/${f}`, join(dir, f)])
  }
  return out
}
