import { Readable } from 'node:stream'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { describe, expect, it } from 'vitest'
import { NodeKind } from '../../src/binxml/nodes.js'
import { EvtxError } from '../../src/errors.js'
import { parseEvtx } from '../../src/evtx/parse.js'
import { readEvtx } from '../../src/evtx/read.js'
import type { EvtxRecord } from '../../src/evtx/record.js'
import { renderXml } from '../../src/render/xml.js'
import { simpleFile } from '../helpers/chunk-builder.js'
import { FIFO_SKIP_MESSAGE, feedFifo, fifosAvailable, makeFifo } from '../helpers/fifo.js'

const file = simpleFile([[1, 20], [21, 20], [41, 5]])
const expectedIds = [...parseEvtx(file)].map((r) => r.recordId)

async function ids(source: Parameters<typeof readEvtx>[0]): Promise<number[]> {
  const out: number[] = []
  for await (const r of readEvtx(source)) out.push(r.recordId)
  return out
}

describe('readEvtx sources', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rdp-triage-read-'))
  const path = join(dir, 'System.evtx')
  writeFileSync(path, file)

  it('reads a file path and a file URL', async () => {
    expect(await ids(path)).toEqual(expectedIds)
    expect(await ids(pathToFileURL(path))).toEqual(expectedIds)
  })

  it.skipIf(!fifosAvailable)(`reads a pipe, which cannot be read at a position (${FIFO_SKIP_MESSAGE})`, async () => {
    const pipe = join(dir, 'pipe.evtx')
    makeFifo(pipe)
    const fed = feedFifo(pipe, file)
    expect(await ids(pipe)).toEqual(expectedIds)
    await fed
  })

  it('reads a Uint8Array, a Blob, a web ReadableStream, a Node stream and an iterable', async () => {
    expect(await ids(file)).toEqual(expectedIds)
    expect(await ids(new Blob([file as Uint8Array<ArrayBuffer>]))).toEqual(expectedIds)
    expect(await ids(new Blob([file as Uint8Array<ArrayBuffer>]).stream())).toEqual(expectedIds)
    expect(await ids(Readable.from([file.subarray(0, 1000), file.subarray(1000)]))).toEqual(expectedIds)
    expect(await ids([file.subarray(0, 5), file.subarray(5)])).toEqual(expectedIds)
  })

  it('releases the source when the caller stops early', async () => {
    let cancelled = false
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(file.subarray(0, 4096 + 0x10000))
      },
      cancel() {
        cancelled = true
      },
    })
    for await (const r of readEvtx(stream)) {
      expect(r.recordId).toBe(1)
      break
    }
    expect(cancelled).toBe(true)
    const node = Readable.from((function* () {
      yield file.subarray(0, 4096 + 0x10000)
      yield file.subarray(4096 + 0x10000)
    })())
    for await (const _ of readEvtx(node)) break
    expect(node.destroyed).toBe(true)
  })

  it('reads a file over several 1 MiB reads, and stops cleanly with a read ahead in flight', async () => {
    // 40 chunks: three reads of up to 16 chunks, the next one started before a batch is parsed.
    const big = simpleFile(Array.from({ length: 40 }, (_, i): [number, number] => [1 + i * 3, 3]))
    const bigPath = join(dir, 'Big.evtx')
    writeFileSync(bigPath, big)
    expect(await ids(bigPath)).toEqual([...parseEvtx(big)].map((r) => r.recordId))
    expect((await ids(bigPath)).length).toBe(120)
    for (const stopAt of [1, 50, 100]) {
      const seen: number[] = []
      for await (const r of readEvtx(bigPath)) {
        seen.push(r.recordId)
        if (seen.length === stopAt) break
      }
      expect(seen.length).toBe(stopAt)
    }
  })

  it('keeps no more memory alive than a stream of 64 KiB pieces delivered', async () => {
    // 40 chunks in the 64 KiB pieces a Node file stream gives. Records keep their chunk's bytes;
    // each chunk used to be a view of its own 1 MiB read buffer (16 times the file).
    const big = simpleFile(Array.from({ length: 40 }, (_, i): [number, number] => [1 + i * 3, 3]))
    const pieces = Array.from({ length: Math.ceil(big.length / 65536) }, (_, i) => big.slice(i * 65536, (i + 1) * 65536))
    const buffers = new Set<ArrayBufferLike>()
    let records = 0
    for await (const r of readEvtx(Readable.from(pieces))) {
      records++
      for (const n of r.fragment) if (n.kind === NodeKind.TemplateInstance) buffers.add(n.values.bytes.buffer)
    }
    expect(records).toBe(120)
    const held = [...buffers].reduce((sum, b) => sum + b.byteLength, 0)
    expect(held).toBeGreaterThanOrEqual(40 * 65536)
    expect(held).toBeLessThanOrEqual(2 * big.length)
  })

  it('reads into two buffers in turn when the caller keeps no record (reuseBuffers), with the same records', async () => {
    // 40 chunks: reads of 16, 16 and 8 chunks (the last one under-filled, not copied).
    const big = simpleFile(Array.from({ length: 40 }, (_, i): [number, number] => [1 + i * 3, 3]))
    const bigPath = join(dir, 'Reused.evtx')
    writeFileSync(bigPath, big)
    const render = async (source: Parameters<typeof readEvtx>[0], reuseBuffers: boolean) => {
      const xml: string[] = []
      const buffers = new Set<ArrayBufferLike>()
      let kept: EvtxRecord | undefined
      for await (const r of readEvtx(source, { reuseBuffers })) {
        xml.push(renderXml(r))
        for (const n of r.fragment) if (n.kind === NodeKind.TemplateInstance) buffers.add(n.values.bytes.buffer)
        kept ??= r
      }
      return { xml, buffers, kept }
    }
    const fresh = await render(bigPath, false)
    const reused = await render(bigPath, true)
    expect(fresh.xml.length).toBe(120)
    expect(reused.xml).toEqual(fresh.xml)
    expect(fresh.buffers.size).toBe(3)
    expect(reused.buffers.size).toBe(2)
    // The contract: a record kept past its step stands on a buffer later reads overwrote.
    const keptBytes = (reused.kept as EvtxRecord).fragment.find((n) => n.kind === NodeKind.TemplateInstance)
    expect(keptBytes?.kind === NodeKind.TemplateInstance && reused.buffers.has(keptBytes.values.bytes.buffer)).toBe(true)
    // A stream of 64 KiB pieces: under-filled reads, the same records.
    const pieces = Array.from({ length: Math.ceil(big.length / 65536) }, (_, i) => big.slice(i * 65536, (i + 1) * 65536))
    expect((await render(Readable.from(pieces), true)).xml).toEqual(fresh.xml)
  })

  it('fails with an EvtxError for a missing file or a non-EVTX stream', async () => {
    await expect(ids(join(dir, 'missing.evtx'))).rejects.toBeInstanceOf(EvtxError)
    await expect(ids(new TextEncoder().encode('x'.repeat(5000)))).rejects.toThrowError(/not an EVTX file/)
  })

  it('reads what a failing stream gave before it failed, whole chunks and the partial one, then throws its failure', async () => {
    const three = simpleFile([[1, 20], [21, 20], [41, 20]])
    // The failure comes when the next read starts (after a chunk and a half), or in the middle of one.
    for (const pieces of [[4096, 4096 + 98_304], [4096, 4096 + 65_536 + 600, 4096 + 98_304]]) {
      const at = pieces.at(-1) as number
      async function* failing() {
        let from = 0
        for (const to of pieces) {
          yield three.slice(from, to)
          from = to
        }
        throw new Error('connection reset')
      }
      const got: number[] = []
      const error = await (async () => {
        for await (const r of readEvtx(failing(), { onDiagnostic: () => undefined })) got.push(r.recordId)
      })().catch((e: unknown) => e)
      expect(got).toEqual([...parseEvtx(three.subarray(0, at), { onDiagnostic: () => undefined })].map((r) => r.recordId))
      expect(got.length).toBeGreaterThan(20)
      expect(error).toBeInstanceOf(EvtxError)
      expect((error as Error).message).toBe('reading the input failed: connection reset')
    }
  })

  it('rejects sources of the wrong kind with a TypeError', async () => {
    await expect(ids(42 as never)).rejects.toBeInstanceOf(TypeError)
  })

  it('can be aborted between chunks', async () => {
    const controller = new AbortController()
    const seen: number[] = []
    await expect(
      (async () => {
        for await (const r of readEvtx(file, { signal: controller.signal })) {
          seen.push(r.recordId)
          controller.abort()
        }
      })(),
    ).rejects.toMatchObject({ code: 'ABORTED' })
    expect(seen.length).toBe(20)
  })
})
