/**
 * Readers that take chunks out of order (worker threads, the query's second pass) lend a record
 * whose template was lost the same template a reader in file order lends, and find the same
 * earlier chunk holding an id: they read the chunks before it again.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { analyze } from '../../src/analyze.js'
import { runCli } from '../../src/cli/run.js'
import type { Diagnostic } from '../../src/diagnostics.js'
import { parseEvtx } from '../../src/evtx/parse.js'
import { renderEvtxParallel } from '../../src/node/parallel.js'
import { pathBlockReader, PrefixScanLender } from '../../src/node/prefix-lender.js'
import { EvtxWorkerPool } from '../../src/node/worker-pool.js'
import type { EvtxRecord } from '../../src/evtx/record.js'
import { renderXml } from '../../src/render/xml.js'
import { concat, fileHeader, simpleChunk } from '../helpers/chunk-builder.js'
import { CORPUS_SKIP_MESSAGE, corpusAvailable, readCorpusFile } from '../helpers/corpus.js'
import { buildEvtx } from '../helpers/evtx-builder.js'
import { memoryIo } from '../helpers/io.js'
import { rcm1058 } from '../helpers/rdp-events.js'
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

/** A lender over `bytes` that records which blocks it reads. */
function recordingLender(): { lender: PrefixScanLender; asked: number[] } {
  const asked: number[] = []
  const lender = new PrefixScanLender((k) => {
    asked.push(k)
    return bytes.subarray(4096 + k * 0x10000, Math.min(bytes.length, 4096 + (k + 1) * 0x10000))
  }, {}, false)
  return { lender, asked }
}

describe('PrefixScanLender', () => {
  it('reads the chunks before the asking one once, in order, and lends from them', () => {
    const { lender, asked } = recordingLender()
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

  it('names the earlier chunk that holds an id, from the same reading as its templates', () => {
    const { lender, asked } = recordingLender()
    expect(lender.holderOf(50, 2)).toBe(1)
    expect(asked).toEqual([0, 1])
    // Only chunks before the asking one: chunk 1 holds 50, but not for chunk 1 itself.
    expect(lender.holderOf(50, 1)).toBeUndefined()
    expect(lender.holderOf(100, 2)).toBeUndefined()
    expect(lender.lend(0x11111111, 3, () => true)?.chunkIndex).toBe(0)
    expect(asked).toEqual([0, 1, 2])
    // Chunk 3 lost its first three records: it holds the ids its walk met (124..160).
    expect(lender.holderOf(123, 9)).toBeUndefined()
    expect(lender.holderOf(124, 9)).toBe(3)
    expect(asked).toEqual([0, 1, 2, 3, 4, 5, 6])
  })

  it('reads blocks of a file by path, short at its end, none past it or of a file that cannot be opened', () => {
    const read = pathBlockReader(path)
    expect(read(0)).toEqual(bytes.subarray(4096, 4096 + 0x10000))
    expect(read(5).length).toBe(bytes.length - 4096 - 5 * 0x10000)
    expect(read(6).length).toBe(0)
    expect(pathBlockReader(join(dir, 'missing.evtx'))(0).length).toBe(0)
    expect(pathBlockReader(dir)(0).length).toBe(0)
  })

  it('reads the earlier chunks with the options of the reader it lends for (a chunk checksums skip lends nothing)', () => {
    // Chunk 0's header CRC broken: with validateChecksums a reader in file order skips it, and
    // lends chunk 1's template; without, chunk 0's.
    const broken = simpleChunk(1, 10)
    broken[100] = (broken[100] as number) ^ 0xff
    const file = concat(fileHeader({ chunkCount: 3, nextRecordId: 91 }), broken, simpleChunk(11, 40), midLost(51, 40))
    const block = (k: number) => file.subarray(4096 + k * 0x10000, Math.min(file.length, 4096 + (k + 1) * 0x10000))
    expect(new PrefixScanLender(block, { validateChecksums: true }, false).lend(0x11111111, 2, () => true)?.chunkIndex).toBe(1)
    expect(new PrefixScanLender(block, {}, false).lend(0x11111111, 2, () => true)?.chunkIndex).toBe(0)
    // A reader in file order lends the same (with checksums validated it skips chunk 2 as well,
    // whose zeros fail its data CRC, so nothing is lent there).
    const inOrder: Diagnostic[] = []
    ;[...parseEvtx(file, { onDiagnostic: (d) => inOrder.push(d) })]
    expect(inOrder.find((d) => d.code === 'BINXML_TEMPLATE_BORROWED')?.message).toContain('as chunk 0 defines it')
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

  it('analyze on a worker pool finds in records with a borrowed template what it finds in process', async () => {
    // Three chunks of RCM 1058 events; in the last, the first records (the template's definition
    // with them) lost to zeros up to the fourth, whose place is not 8-byte aligned in this
    // builder, so the walk resumes at the fifth: its other 36 events are read with chunk 0's template.
    const events = Array.from({ length: 120 }, (_, k) => rcm1058(`2026-11-20T08:${String(Math.floor(k / 60)).padStart(2, '0')}:${String(k % 60).padStart(2, '0')}Z`))
    const log = buildEvtx(events, 40)
    const base = 4096 + 2 * 0x10000
    const fourth = ([...parseEvtx(log)].filter((r) => r.chunkIndex === 2)[3] as EvtxRecord).chunkOffset
    log.fill(0, base + 0x200, base + fourth)
    const file = join(dir, 'rcm', 'System.evtx')
    mkdirSync(join(dir, 'rcm'), { recursive: true })
    writeFileSync(file, log)
    const inProcess = await analyze(file)
    expect(inProcess.inputs[0]?.diagnostics.byCode.BINXML_TEMPLATE_BORROWED).toBe(36)
    expect(inProcess.findings[0]?.count).toBe(116)
    const pool = await EvtxWorkerPool.create({ threads: 2, workerUrl: await workerBundle() })
    try {
      expect(await analyze(file, { pool })).toEqual(inProcess)
    } finally {
      await pool.close()
    }
  })

  it.skipIf(!corpusAvailable)('analyze on a worker pool lends what it lends in process on a real log, nested templates and scan mode included', async () => {
    // The corpus System log, chunk 4's first records (0 to 2) or first eight lost: in scan mode a
    // reader in file order parses each chunk's first record in full (its sample), which loads the
    // templates of values nested in it; the workers' reading of the earlier chunks must too.
    const original = readCorpusFile('evtx-rs__system.evtx')
    const offsets = [...parseEvtx(original)].filter((r) => r.chunkIndex === 4).map((r) => r.chunkOffset)
    const pool = await EvtxWorkerPool.create({ threads: 2, workerUrl: await workerBundle() })
    try {
      for (const lost of [3, 8]) {
        const bytes = original.slice()
        bytes.fill(0, 4096 + 4 * 0x10000 + (offsets[0] as number), 4096 + 4 * 0x10000 + (offsets[lost] as number))
        const file = join(dir, `system-${lost}.evtx`)
        writeFileSync(file, bytes)
        const inProcess = await analyze(file)
        expect(inProcess.inputs[0]?.diagnostics.byCode.BINXML_TEMPLATE_BORROWED).toBeGreaterThan(0)
        expect(await analyze(file, { pool }), `${lost} records lost`).toEqual(inProcess)
      }
    } finally {
      await pool.close()
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

if (!corpusAvailable) it.skip(CORPUS_SKIP_MESSAGE, () => undefined)
