/**
 * A file header without its `ElfFile\0` signature: read without it when a chunk follows (the
 * records all come back, with one error at offset 0), thrown as not EVTX otherwise, the same way
 * by the synchronous, streaming and worker-thread readers.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Diagnostic } from '../../src/diagnostics.js'
import { EvtxError } from '../../src/errors.js'
import { parseEvtx } from '../../src/evtx/parse.js'
import { readEvtx } from '../../src/evtx/read.js'
import { renderEvtxParallel } from '../../src/node/parallel.js'
import { renderXml } from '../../src/render/xml.js'
import { concat, simpleFile } from '../helpers/chunk-builder.js'
import { workerBundle } from '../helpers/worker-bundle.js'

const clean = simpleFile([[1, 30], [31, 30]], { chunkCount: 2 })
/** The same file with its first 512 bytes zeroed (a lost sector) or its signature's 5th byte flipped. */
const zeroed = clean.slice()
zeroed.fill(0, 0, 512)
const flipped = clean.slice()
flipped[4] = 0x30
/** Not EVTX: a header block and a block of text after it. */
const notEvtx = new Uint8Array(4096 + 0x10000).fill(0x41)
/** The first 68 KiB zeroed: the header and the first chunk lost (its 30 records), the second kept. */
const lostFirstChunk = clean.slice()
lostFirstChunk.fill(0, 0, 4096 + 0x10000)
/** Zeros, then text: still not EVTX; and a file of nothing but zeros. */
const zerosThenText = concat(new Uint8Array(4096 + 0x10000), new Uint8Array(0x10000).fill(0x41))
const allZeros = new Uint8Array(4096 + 3 * 0x10000)

let dir = ''
let workerUrl: URL
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rdp-triage-headerless-'))
  workerUrl = await workerBundle()
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

function xmlOf(bytes: Uint8Array, diagnostics: Diagnostic[] = []): string[] {
  return [...parseEvtx(bytes, { onDiagnostic: (d) => diagnostics.push(d) })].map(renderXml)
}

/** What the streaming reader and the worker threads (batches of 1 and 16 blocks) give for `bytes`. */
async function otherReaders(name: string, bytes: Uint8Array): Promise<{ streamed: string[]; threaded: Array<{ text: string; seen: Diagnostic[] }> }> {
  const streamed: string[] = []
  for await (const r of readEvtx(bytes, { onDiagnostic: () => {} })) streamed.push(renderXml(r))
  const path = join(dir, `${name}.evtx`)
  writeFileSync(path, bytes)
  const threaded: Array<{ text: string; seen: Diagnostic[] }> = []
  for (const batchBlocks of [1, 16]) {
    let text = ''
    const seen: Diagnostic[] = []
    for await (const t of renderEvtxParallel(path, { format: 'xml', threads: 2, batchBlocks, workerUrl, onDiagnostic: (d) => seen.push(d) })) text += new TextDecoder().decode(t)
    threaded.push({ text, seen })
  }
  return { streamed, threaded }
}

async function thrownCode(run: () => Promise<unknown>): Promise<string | undefined> {
  try {
    await run()
  } catch (e) {
    return e instanceof EvtxError ? e.code : `not an EvtxError: ${String(e)}`
  }
  return undefined
}

describe('a header without its signature', () => {
  it.each([
    ['zeroed', zeroed, 'signature is "\\0\\0\\0\\0\\0\\0\\0\\0", expected "ElfFile\\0"; a chunk follows it'],
    ['flipped', flipped, 'signature is "ElfF0le\\0", expected "ElfFile\\0"; a chunk follows it'],
  ])('%s: every record is read, with one error at offset 0 and no note about the header', async (_, bytes, signature) => {
    const want = xmlOf(clean)
    expect(want).toHaveLength(60)
    const diagnostics: Diagnostic[] = []
    expect(xmlOf(bytes, diagnostics)).toEqual(want)
    expect(diagnostics).toEqual([
      expect.objectContaining({ severity: 'error', code: 'EVTX_FILE_BAD_MAGIC', location: { fileOffset: 0 }, message: expect.stringContaining(`file header ${signature}`) }),
    ])
    const streamed: string[] = []
    for await (const r of readEvtx(bytes, { onDiagnostic: () => {} })) streamed.push(renderXml(r))
    expect(streamed).toEqual(want)
    const path = join(dir, `${_}.evtx`)
    writeFileSync(path, bytes)
    let text = ''
    const seen: Diagnostic[] = []
    for await (const t of renderEvtxParallel(path, { format: 'xml', threads: 2, batchBlocks: 1, workerUrl, onDiagnostic: (d) => seen.push(d) })) text += new TextDecoder().decode(t)
    expect(text).toBe(want.map((x) => `${x}\n`).join(''))
    expect(seen.map((d) => d.code)).toEqual(['EVTX_FILE_BAD_MAGIC'])
  })

  it('looks past all-zero blocks (the first chunk lost with the header) for the chunk that decides, in every reader', async () => {
    const want = xmlOf(clean).slice(30)
    const diagnostics: Diagnostic[] = []
    expect(xmlOf(lostFirstChunk, diagnostics)).toEqual(want)
    expect(diagnostics.map((d) => d.code)).toEqual(['EVTX_FILE_BAD_MAGIC'])
    const { streamed, threaded } = await otherReaders('lost-first-chunk', lostFirstChunk)
    expect(streamed).toEqual(want)
    for (const { text, seen } of threaded) {
      expect(text).toBe(want.map((x) => `${x}\n`).join(''))
      expect(seen.map((d) => d.code)).toEqual(['EVTX_FILE_BAD_MAGIC'])
    }
  })

  it('takes a first chunk that lost its header too (the first 8 KiB zeros) for a chunk, in every reader', async () => {
    // A copy that lost its first sectors past the file header: it was refused whole as not EVTX,
    // losing the intact chunk after it. Chunk 0's records after the zeros use the template its lost
    // first record defined: they are named; chunk 1 is read whole.
    const lostMore = clean.slice()
    lostMore.fill(0, 0, 4096 + 0x1000)
    const want = xmlOf(clean).slice(30)
    const diagnostics: Diagnostic[] = []
    expect(xmlOf(lostMore, diagnostics)).toEqual(want)
    const codes = diagnostics.map((d) => d.code)
    expect(codes.slice(0, 2)).toEqual(['EVTX_FILE_BAD_MAGIC', 'EVTX_CHUNK_BAD_MAGIC'])
    expect(diagnostics[1]?.message).toMatch(/^block 0 has no chunk header: its first 0x[0-9a-f]+ bytes are zeros \(lost\)/)
    const named = diagnostics.slice(2)
    expect(named.length).toBeGreaterThan(0)
    expect(named.every((d) => d.code === 'BINXML_BAD_TEMPLATE' && d.location.chunkIndex === 0 && d.location.recordId !== undefined)).toBe(true)
    const { streamed, threaded } = await otherReaders('lost-more', lostMore)
    expect(streamed).toEqual(want)
    for (const { text, seen } of threaded) {
      expect(text).toBe(want.map((x) => `${x}\n`).join(''))
      expect(seen).toEqual(diagnostics)
    }
  })

  it('is thrown as not EVTX when no chunk follows, or the file ends first, by every reader', async () => {
    const short = zeroed.slice(0, 2000)
    const diagnostics: Diagnostic[] = []
    for (const bytes of [notEvtx, short, zeroed.slice(0, 4096), zerosThenText, allZeros]) {
      expect(await thrownCode(async () => [...parseEvtx(bytes, { onDiagnostic: (d) => diagnostics.push(d) })])).toBe('EVTX_FILE_BAD_MAGIC')
      expect(await thrownCode(async () => {
        for await (const _ of readEvtx(bytes, { onDiagnostic: (d) => diagnostics.push(d) })) void _
      })).toBe('EVTX_FILE_BAD_MAGIC')
      const path = join(dir, 'not-evtx.evtx')
      writeFileSync(path, bytes)
      expect(await thrownCode(async () => {
        for await (const _ of renderEvtxParallel(path, { format: 'xml', threads: 1, workerUrl, onDiagnostic: (d) => diagnostics.push(d) })) void _
      })).toBe('EVTX_FILE_BAD_MAGIC')
    }
    // Thrown before anything was reported.
    expect(diagnostics).toEqual([])
  })
})

describe("the header's next record id", () => {
  it('is stale when the file holds that very id, and not when it holds only ids below it', () => {
    const stale = (nextRecordId: number): string[] => {
      const diagnostics: Diagnostic[] = []
      for (const _ of parseEvtx(simpleFile([[1, 5]], { nextRecordId }), { onDiagnostic: (d) => diagnostics.push(d) }));
      return diagnostics.filter((d) => d.message.includes('is stale')).map((d) => d.message)
    }
    expect(stale(5)).toEqual(["file header's next record id 5 is stale: records up to id 5 are present"])
    expect(stale(6)).toEqual([])
  })
})
