/**
 * The writer's chunk layout, checked on the bytes: names and templates inline once per chunk and
 * referenced after, head-inserted bucket chains, header fields and CRCs, and the stale-header
 * damage that hides the newest chunks.
 */
import { describe, expect, it } from 'vitest'
import type { Diagnostic } from '../../src/diagnostics.js'
import { nameHash } from '../../src/binxml/names.js'
import { readChunkHeader } from '../../src/evtx/chunk-header.js'
import { readFileHeader } from '../../src/evtx/file-header.js'
import { parseEvtx } from '../../src/evtx/parse.js'
import { applyDamage, buildEvtx, templateBucket, type WriterRecord } from '../../src/writer/index.js'
import * as E from '../../src/writer/templates/index.js'

const target = { computer: 'rdsh01.contoso.local', channel: 'System' }
function records(n: number): WriterRecord[] {
  return Array.from({ length: n }, (_, i) =>
    E.scm7036({ target, recordId: 1000 + i, time: 134_080_000_000_000_000n + BigInt(i) * 10_000_000n, processId: 652, threadId: 700 }, 'Windows Update', 'wuauserv', i % 2 === 0),
  )
}

function u32(b: Uint8Array, at: number): number {
  return new DataView(b.buffer, b.byteOffset).getUint32(at, true)
}

describe('chunk layout', () => {
  const w = buildEvtx(records(400))
  const chunk = w.bytes.subarray(4096, 4096 + 0x10000)
  const h = readChunkHeader(chunk)

  it('fills chunks in order and describes them in the headers', () => {
    expect(w.chunks.length).toBeGreaterThan(1)
    expect(h.firstRecordId).toBe(1000n)
    expect(h.lastRecordId - h.firstRecordId + 1n).toBe(BigInt(w.chunks[0]?.recordCount ?? 0))
    expect(h.freeSpaceOffset).toBeLessThanOrEqual(0x10000 - 8)
    expect(u32(chunk, h.lastRecordOffset)).toBe(0x2a2a)
    const fh = readFileHeader(w.bytes)
    expect([fh.chunkCount, fh.lastChunkNumber, fh.nextRecordId, fh.checksumValid, fh.dirty]).toEqual([w.chunks.length, BigInt(w.chunks.length - 1), 1400n, true, false])
  })

  it('chains names head-first by NameHash mod 64', () => {
    let names = 0
    h.stringTable.forEach((head, bucket) => {
      let prev = Number.POSITIVE_INFINITY
      for (let off = head; off !== 0; off = u32(chunk, off)) {
        const n = chunk[off + 6] as number
        const name = String.fromCharCode(...Array.from({ length: n }, (_, i) => u32(chunk, off + 8 + 2 * i) & 0xffff))
        expect(nameHash(name) % 64).toBe(bucket)
        expect(off).toBeLessThan(prev)
        prev = off
        names++
      }
    })
    expect(names).toBeGreaterThan(20)
  })

  it('points the template table at definitions, 10 bytes past their 0x0C token', () => {
    let defs = 0
    h.templateTable.forEach((head, bucket) => {
      for (let off = head; off !== 0; off = u32(chunk, off)) {
        expect(chunk[off - 10]).toBe(0x0c)
        expect(templateBucket(chunk.subarray(off + 4, off + 20))).toBe(bucket)
        defs++
      }
    })
    expect(defs).toBe(2) // the SCM envelope and its EventData payload, each once per chunk
  })

  it('a stale dirty header hides the newest chunks from the header but not from the reader', () => {
    const damaged = applyDamage(w.bytes, { kind: 'stale-header', visibleChunks: 1 })
    const fh = readFileHeader(damaged)
    expect([fh.dirty, fh.chunkCount, fh.nextRecordId, fh.checksumValid]).toEqual([true, 1, (w.chunks[0]?.lastRecordId ?? 0n) + 1n, true])
    const diagnostics: Diagnostic[] = []
    const ids = [...parseEvtx(damaged, { onDiagnostic: (d) => diagnostics.push(d) })].map((r) => r.recordId)
    expect(ids.length).toBe(400)
    expect(diagnostics.map((d) => d.code)).toContain('EVTX_FILE_DIRTY')
  })
})
