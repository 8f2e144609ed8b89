/**
 * The worker thread reads what a reader in file order reads, whatever the file system does: a
 * read that returns fewer bytes than asked (a network or FUSE file system may) is continued, and
 * a file replaced after its header was read is an error, never another file's records read under
 * its header, and a read that fails is the input's error (SOURCE_ERROR), as in-process.
 */
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Diagnostic } from '../../src/diagnostics.js'
import { parseEvtx } from '../../src/evtx/parse.js'
import type { EvtxRecord } from '../../src/evtx/record.js'
import { scanInput } from '../../src/inputs/scan.js'
import { renderEvtxParallel } from '../../src/node/parallel.js'
import { EvtxWorkerPool } from '../../src/node/worker-pool.js'
import { builtinRules } from '../../src/rules/builtin/index.js'
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

/**
 * A pool of two real workers whose `node:fs` function `name` is replaced by `patch` (JavaScript of
 * a function given the original as `real`): ESM imports of node:fs see the patch after
 * syncBuiltinESMExports.
 */
let patched = 0
async function patchedPool(name: 'readSync' | 'openSync', patch: string): Promise<EvtxWorkerPool> {
  const script = join(dir, `patched-worker-${++patched}.mjs`)
  writeFileSync(
    script,
    `import fs from 'node:fs'
    import { syncBuiltinESMExports } from 'node:module'
    const real = fs.${name}
    fs.${name} = ${patch}
    syncBuiltinESMExports()
    await import(${JSON.stringify((await workerBundle()).href)})
    `,
  )
  return EvtxWorkerPool.create({ threads: 2, workerUrl: pathToFileURL(script) })
}

/** Renders `path` on `pool`, one block per batch: the text yielded, and the error that ended it. */
async function render(path: string, pool: EvtxWorkerPool): Promise<{ text: string; error: unknown }> {
  let text = ''
  try {
    for await (const t of renderEvtxParallel(path, { format: 'xml', pool, batchBlocks: 1 })) text += new TextDecoder().decode(t)
    return { text, error: undefined }
  } catch (error) {
    return { text, error }
  }
}

let shortReads: EvtxWorkerPool
beforeAll(async () => {
  // Every read returns at most 700 bytes, as one may on a network file system.
  shortReads = await patchedPool('readSync', '(fd, buffer, offset, length, position) => real(fd, buffer, offset, Math.min(length, 700), position)')
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

describe('a file replaced after its header was read', () => {
  it('is an error on the workers, never the new file read under the old header', async () => {
    const path = join(dir, 'Security.evtx')
    const other = join(dir, 'other.evtx')
    writeFileSync(path, concat(fileHeader({ chunkCount: 3, nextRecordId: 91 }), simpleChunk(1, 30), simpleChunk(31, 30), simpleChunk(61, 30)))
    writeFileSync(other, concat(fileHeader({ chunkCount: 3, nextRecordId: 2091 }), simpleChunk(2001, 30), simpleChunk(2031, 30), simpleChunk(2061, 30)))
    // The first opening of a file moves `other` over `path` just before it: after the main
    // thread read the header, before the workers open the file.
    const pool = await patchedPool('openSync', `(...args) => {
      try { fs.renameSync(${JSON.stringify(other)}, ${JSON.stringify(path)}) } catch {}
      return real(...args)
    }`)
    try {
      const { text, error } = await render(path, pool)
      expect(error).toMatchObject({ code: 'SOURCE_ERROR', message: expect.stringMatching(/replaced/) })
      expect(text).toBe('')
      // It was replaced: the new file is there.
      expect(readFileSync(path).readUInt32LE(4096 + 8)).toBe(2001)
    } finally {
      await pool.close()
    }
  })
})

describe('a read that fails', () => {
  it('is a SOURCE_ERROR after the blocks before it, as the sequential reader reports it, not a worker failure', async () => {
    const path = join(dir, 'Application.evtx')
    writeFileSync(path, concat(fileHeader({ chunkCount: 4, nextRecordId: 121 }), simpleChunk(1, 30), simpleChunk(31, 30), simpleChunk(61, 30), simpleChunk(91, 30)))
    // Reads from block 2 on fail, as on a bad sector or a dropped share.
    const pool = await patchedPool('readSync', `(fd, buffer, offset, length, position) => {
      if (position >= 4096 + 2 * 65536) throw Object.assign(new Error('EIO: i/o error, read'), { code: 'EIO' })
      return real(fd, buffer, offset, length, position)
    }`)
    try {
      const { text, error } = await render(path, pool)
      expect(error).toMatchObject({ code: 'SOURCE_ERROR', message: 'reading the input failed: EIO: i/o error, read', location: { chunkIndex: 2 } })
      expect(text.trimEnd().split('\n')).toHaveLength(60)
      // The analyzer summarises the file as damaged and goes on with the others.
      const r = await scanInput({ display: path, source: path, size: statSync(path).size, origin: 'file' }, builtinRules(), () => undefined, { parallel: { pool, batchBlocks: 1 } })
      expect(r.summary).toMatchObject({ status: 'damaged', error: 'reading the input failed: EIO: i/o error, read', records: 60 })
    } finally {
      await pool.close()
    }
  })
})
