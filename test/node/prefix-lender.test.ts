/**
 * Readers that take chunks out of order (worker threads, the query's second pass) lend a record
 * whose template was lost the same template a reader in file order lends: they read the chunks
 * before it again for their templates.
 */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runCli } from '../../src/cli/run.js'
import type { Diagnostic } from '../../src/diagnostics.js'
import { parseEvtx } from '../../src/evtx/parse.js'
import { renderEvtxParallel } from '../../src/node/parallel.js'
import { PrefixScanLender } from '../../src/node/prefix-lender.js'
import type { EvtxRecord } from '../../src/evtx/record.js'
import { renderXml } from '../../src/render/xml.js'
import { concat, fileHeader, simpleChunk } from '../helpers/chunk-builder.js'
import { memoryIo } from '../helpers/io.js'
import { workerBundle } from '../helpers/worker-bundle.js'

/** Records `first`…, the first three (the first defined the template) lost to zeros; the chunk header intact. */
function midLost(first: number, count: number): Uint8Array {
  const chunk = simpleChunk(first, count)
  chunk.fill(0, 0x200, ([...parseEvtx(concat(fileHeader({ chunkCount: 1, nextRecordId: first + count }), chunk))][3] as EvtxRecord).chunkOffset)
  return chunk
}

/** Six chunks: 0-2 intact, 3 and 5 with their first records (and the template's definition) lost, 4 intact. */
const bytes = concat(fileHeader({ chunkCount: 6, nextRecordId: 241 }), simpleChunk(1, 40), simpleChunk(41, 40), simpleChunk(81, 40), midLost(121, 40), simpleChunk(161, 40), midLost(201, 40))
const dir = mkdtempSync(join(tmpdir(), 'rdp-triage-lender-'))
const path = join(dir, 'System.evtx')
writeFileSync(path, bytes)

describe('PrefixScanLender', () => {
  it('reads the chunks before the asking one once, in order, and lends from them', () => {
    const asked: number[] = []
    const lender = new PrefixScanLender((k) => {
      asked.push(k)
      return bytes.subarray(4096 + k * 0x10000, Math.min(bytes.length, 4096 + (k + 1) * 0x10000))
    }, {}, false)
    const lent = lender.lend(0x11111111, 3, () => true)
    expect(lent?.template.guid).toBe('{11111111-2222-3333-4444-555555555555}')
    expect(lent?.chunkIndex).toBe(0)
    expect(asked).toEqual([0, 1, 2])
    expect(lender.lend(0x11111111, 5, () => true)?.chunkIndex).toBe(0)
    expect(asked).toEqual([0, 1, 2, 3, 4])
    // Nothing fits: undefined, and nothing read past the file's end.
    expect(lender.lend(0x11111111, 99, () => false)).toBeUndefined()
    expect(asked).toEqual([0, 1, 2, 3, 4, 5, 6])
    expect(lender.lend(0x11111111, 200, () => false)).toBeUndefined()
    expect(asked).toHaveLength(7)
  })
})

describe('out-of-order readers', () => {
  const seen: Diagnostic[] = []
  const want = [...parseEvtx(bytes, { onDiagnostic: (d) => seen.push(d) })]

  it('render on worker threads, a batch or one block at a time, exactly what a reader in file order renders', async () => {
    expect(want.filter((r) => r.chunkIndex === 3 || r.chunkIndex === 5).length).toBeGreaterThan(30)
    expect(seen.filter((d) => d.code === 'BINXML_TEMPLATE_BORROWED').length).toBeGreaterThan(30)
    const workerUrl = await workerBundle()
    for (const batchBlocks of [1, 2, 16]) {
      let text = ''
      const threaded: Diagnostic[] = []
      for await (const t of renderEvtxParallel(path, { format: 'xml', threads: 2, batchBlocks, workerUrl, onDiagnostic: (d) => threaded.push(d) })) text += new TextDecoder().decode(t)
      expect(text, `batches of ${batchBlocks}`).toBe(want.map((r) => `${renderXml(r)}\n`).join(''))
      expect(threaded).toEqual(seen)
    }
  })

  it("print a query's matches from the chunks read again, as the first pass found them", async () => {
    for (const args of [[], ['--rd'], ['-c', '3']]) {
      const io = memoryIo()
      expect(await runCli(['query', path, '--format', 'xml', '-q', '*[System[EventRecordID >= 150 and EventRecordID <= 230]]', ...args], io), args.join(' ')).toBe(0)
      const ids = io.out().trimEnd().split('\n').map((l) => Number(/<EventRecordID>(\d+)</.exec(l)?.[1]))
      const expected = want.map((r) => r.recordId).filter((id) => id >= 150 && id <= 230)
      expect(ids).toEqual(args[0] === '--rd' ? expected.reverse() : args[0] === '-c' ? expected.slice(0, 3) : expected)
      expect(ids.some((id) => id > 200)).toBe(args[0] !== '-c')
    }
  })
})
