/**
 * The worker thread reads what a reader in file order reads, whatever the file system does: a
 * read that returns fewer bytes than asked (a network or FUSE file system may) is continued.
 */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Diagnostic } from '../../src/diagnostics.js'
import { parseEvtx } from '../../src/evtx/parse.js'
import type { EvtxRecord } from '../../src/evtx/record.js'
import { renderEvtxParallel } from '../../src/node/parallel.js'
import { EvtxWorkerPool } from '../../src/node/worker-pool.js'
import { concat, fileHeader, simpleChunk } from '../helpers/chunk-builder.js'
import { sequentialLines } from '../helpers/sequential-lines.js'
import { workerBundle } from '../helpers/worker-bundle.js'

const dir = mkdtempSync(join(tmpdir(), 'rdp-triage-pworker-'))

/** Records `first`…, the first three (the first defined the template) lost to zeros; the chunk header intact. */
function midLost(first: number, count: number): Uint8Array {
  const chunk = simpleChunk(first, count)
  chunk.fill(0, 0x200, ([...parseEvtx(concat(fileHeader({ chunkCount: 1, nextRecordId: first + count }), chunk))][3] as EvtxRecord).chunkOffset)
  return chunk
}

let shortReads: EvtxWorkerPool
beforeAll(async () => {
  // The real worker, with every readSync returning at most 700 bytes (as a read may on a
  // network file system): ESM imports of node:fs see the patch after syncBuiltinESMExports.
  const script = join(dir, 'short-reads-worker.mjs')
  writeFileSync(
    script,
    `import fs from 'node:fs'
    import { syncBuiltinESMExports } from 'node:module'
    const readSync = fs.readSync
    fs.readSync = (fd, buffer, offset, length, position) => readSync(fd, buffer, offset, Math.min(length, 700), position)
    syncBuiltinESMExports()
    await import(${JSON.stringify((await workerBundle()).href)})
    `,
  )
  shortReads = await EvtxWorkerPool.create({ threads: 2, workerUrl: pathToFileURL(script) })
})
afterAll(async () => {
  await shortReads.close()
})

describe('the worker thread', () => {
  it('reads every byte of its blocks when a read returns fewer bytes than asked', async () => {
    // Chunks 3 and 5 borrow their template from chunk 0: the worker reads the chunks before them again.
    const bytes = concat(fileHeader({ chunkCount: 6, nextRecordId: 241 }), simpleChunk(1, 40), simpleChunk(41, 40), simpleChunk(81, 40), midLost(121, 40), simpleChunk(161, 40), midLost(201, 40))
    const path = join(dir, 'System.evtx')
    writeFileSync(path, bytes)
    for (const batchBlocks of [1, 4]) {
      const diagnostics: Diagnostic[] = []
      let text = ''
      const decoder = new TextDecoder()
      for await (const t of renderEvtxParallel(path, { format: 'xml', pool: shortReads, batchBlocks, onDiagnostic: (d) => diagnostics.push(d) })) text += decoder.decode(t)
      const want = await sequentialLines(path, 'xml')
      expect(want.diagnostics.filter((d) => d.includes('BINXML_TEMPLATE_BORROWED')).length).toBeGreaterThan(0)
      expect(text.split('\n')).toHaveLength(want.text.split('\n').length)
      expect(text).toBe(want.text)
      expect(diagnostics.map((d) => JSON.stringify(d))).toEqual(want.diagnostics)
    }
  })
})
