/**
 * Access to the shared real-log corpus (../shared/evtx-corpus), which lives beside the repository
 * and is never copied into it. Tests that need it skip with one clear message when it is absent.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gunzipSync } from 'node:zlib'
import type { Diagnostic } from '../../src/diagnostics.js'
import { parseEvtx } from '../../src/evtx/parse.js'

const here = dirname(fileURLToPath(import.meta.url))
export const CORPUS_DIR = process.env.RDP_TRIAGE_CORPUS ?? resolve(here, '../../../shared/evtx-corpus')
export const corpusAvailable = existsSync(join(CORPUS_DIR, 'files'))
export const CORPUS_SKIP_MESSAGE = `the shared EVTX corpus is not at ${CORPUS_DIR}; corpus tests are skipped`

export interface ExpectedRecord {
  chunk: number
  offset: number
  id?: number
  written?: string | null
  event?: unknown
  error?: string
  agree?: boolean
  windows?: boolean
  note?: string
}

export function corpusFiles(): string[] {
  if (!corpusAvailable) return []
  return readdirSync(join(CORPUS_DIR, 'files'))
    .filter((f) => f.endsWith('.evtx'))
    .sort()
}

export function corpusPath(name: string): string {
  return join(CORPUS_DIR, 'files', name)
}

export function readCorpusFile(name: string): Uint8Array {
  return new Uint8Array(readFileSync(corpusPath(name)))
}

export function expectedRecords(name: string): ExpectedRecord[] {
  const text = gunzipSync(readFileSync(join(CORPUS_DIR, 'expected', `${name}.jsonl.gz`))).toString('utf8')
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as ExpectedRecord)
}

/** Every diagnostic with `code` that parsing the corpus reports, with the file it came from, in file order. */
export function corpusDiagnostics(code: string): Array<{ name: string; diagnostic: Diagnostic }> {
  const out: Array<{ name: string; diagnostic: Diagnostic }> = []
  for (const name of corpusFiles()) {
    const onDiagnostic = (d: Diagnostic) => {
      if (d.code === code) out.push({ name, diagnostic: d })
    }
    for (const _ of parseEvtx(readCorpusFile(name), { onDiagnostic }));
  }
  return out
}
