/**
 * Records an earlier use of a chunk left in its unused space (src/evtx/leftover-records.ts):
 * found, counted and classified always, read only when asked, every reference checked.
 */
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ByteCursor } from '../../src/binary/cursor.js'
import { ChunkContext } from '../../src/binxml/context.js'
import { parseDocument } from '../../src/binxml/parser.js'
import type { Diagnostic } from '../../src/diagnostics.js'
import { EvtxError, EvtxErrorCode } from '../../src/errors.js'
import { createReaderContext, type ChunkInfo, type ParseOptions } from '../../src/evtx/options.js'
import { parseEvtx } from '../../src/evtx/parse.js'
import { parseChunk, readChunkBlock } from '../../src/evtx/chunk.js'
import { renderXml } from '../../src/render/xml.js'
import { concat, fileHeader, SIMPLE_GUID } from '../helpers/chunk-builder.js'
import { CORPUS_SKIP_MESSAGE, corpusAvailable, corpusFiles, corpusPath } from '../helpers/corpus.js'
import { chunkWith, leftBehind, OTHER_GUID, writtenOver } from '../helpers/leftovers.js'
import { PROPERTY_SEED, propertyRuns, propertyTimeout } from '../helpers/properties.js'

const ids = (from: number, n: number) => Array.from({ length: n }, (_, k) => from + k)

/** Reads one chunk with `options`: its records, diagnostics and chunk report. */
function read(bytes: Uint8Array, options: ParseOptions = {}) {
  const diagnostics: Diagnostic[] = []
  let info: ChunkInfo | undefined
  const records = [...parseChunk(bytes, 0, { ...options, onDiagnostic: (d) => diagnostics.push(d), onChunk: (c) => (info = c) })]
  return { records, diagnostics, info: info as ChunkInfo | undefined }
}

/** The XML of each record of a chunk read on its own, by id. */
function renderings(bytes: Uint8Array): Map<number, string> {
  return new Map([...parseChunk(bytes)].map((r) => [r.recordId, renderXml(r)]))
}

describe('leftover records in a chunk written again', () => {
  // A log of ids 100..139 cleared, then ids 1..12 written over its first chunk, later in time.
  const old = chunkWith(ids(100, 40), (id) => id)
  const fresh = chunkWith(ids(1, 12), (id) => 1000 + id)
  const cleared = writtenOver(old, fresh)
  const left = leftBehind(old, fresh)

  it('counts them and says what they are, but reads only the chunk\'s own records by default', () => {
    expect(left.length).toBeGreaterThan(20)
    const r = read(cleared)
    expect(r.records.map((x) => x.recordId)).toEqual(ids(1, 12))
    expect(r.info?.leftovers).toEqual({ count: left.length, beforeClear: left.length })
    const info = r.diagnostics.filter((d) => d.code === EvtxErrorCode.ChunkLeftoverRecords)
    expect(info).toHaveLength(1)
    expect(info[0]?.severity).toBe('info')
    const first = old.offsets[left[0] as number] as number
    expect(info[0]?.location).toMatchObject({ chunkIndex: 0, chunkOffset: first, recordId: 100 + (left[0] as number) })
    expect(info[0]?.message).toContain(`${left.length} whole record(s) of an earlier use of the chunk (a wrap or a clear): ids ${100 + (left[0] as number)}..139`)
    expect(info[0]?.message).toContain('all have ids above the chunk\'s own records\' and times before them: written before the log was cleared')
    expect(info[0]?.message).toContain('not read (the readLeftoverRecords option, or dump --leftover-records, reads them)')
  })

  it('reads them when asked, after the chunk\'s own records, marked, rendered as when they were written', () => {
    const r = read(cleared, { readLeftoverRecords: true })
    const own = r.records.filter((x) => !x.leftover)
    const leftovers = r.records.filter((x) => x.leftover)
    expect(own.map((x) => x.recordId)).toEqual(ids(1, 12))
    expect(r.records.slice(0, 12)).toEqual(own)
    expect(leftovers.map((x) => x.recordId)).toEqual(left.map((k) => 100 + k))
    const before = renderings(old.bytes)
    for (const x of leftovers) {
      expect(renderXml(x)).toBe(before.get(x.recordId))
      expect(x.chunkOffset).toBe(old.offsets[x.recordId - 100])
    }
    expect(r.diagnostics.find((d) => d.code === EvtxErrorCode.ChunkLeftoverRecords)?.message).toContain("read after the chunk's own records, marked leftover")
    // The chunk's own records read the same either way.
    expect(own.map(renderXml)).toEqual(read(cleared).records.map(renderXml))
  })

  it('does not count leftovers in the file\'s highest record id', () => {
    const file = concat(fileHeader({ chunkCount: 1, nextRecordId: 13 }), cleared)
    const diagnostics: Diagnostic[] = []
    const records = [...parseEvtx(file, { readLeftoverRecords: true, onDiagnostic: (d) => diagnostics.push(d) })]
    expect(records.filter((x) => x.leftover).length).toBe(left.length)
    // No "the header says 13, records go to 139" complaint: leftovers are not the log's.
    expect(diagnostics.map((d) => d.code)).toEqual([EvtxErrorCode.ChunkLeftoverRecords])
  })

  it('tells a wrap (lower ids) and newer records in a chunk copied while rewritten (higher ids, later times) from a clear', () => {
    const wrapped = writtenOver(chunkWith(ids(100, 40), (id) => id), chunkWith(ids(500, 12), (id) => id))
    const w = read(wrapped)
    expect(w.info?.leftovers?.beforeClear).toBe(0)
    expect(w.diagnostics.find((d) => d.code === EvtxErrorCode.ChunkLeftoverRecords)?.message).not.toMatch(/cleared|out of the log's order/)
    const torn = writtenOver(chunkWith(ids(500, 40), (id) => id), chunkWith(ids(100, 12), (id) => id))
    const t = read(torn)
    expect(t.info?.leftovers?.beforeClear).toBe(0)
    expect(t.diagnostics.find((d) => d.code === EvtxErrorCode.ChunkLeftoverRecords)?.message).toContain("all have ids above the chunk's own records' and later times, out of the log's order (a chunk copied while Windows wrote it again, or a file another tool wrote)")
  })

  it('finds none in a chunk whose unused space is zeros, or in a query\'s second pass', () => {
    expect(read(fresh.bytes).info?.leftovers).toBeUndefined()
    expect(read(fresh.bytes).diagnostics).toEqual([])
    // A second pass reads only the places its first pass kept: it counts nothing again.
    const diagnostics: Diagnostic[] = []
    const ctx = createReaderContext({ readLeftoverRecords: true, onDiagnostic: (d) => diagnostics.push(d) })
    const again = readChunkBlock(ctx, cleared, 0, 0, false, fresh.offsets.slice(0, 2))
    expect(again.records.map((x) => x.recordId)).toEqual([1, 2])
    expect(diagnostics).toEqual([])
  })

  it('reports every problem inside a leftover as info, never as the log\'s, and never stops a strict read', () => {
    // An unknown value type in the last leftover: a warning in a record of the log.
    const bytes = cleared.slice()
    const last = old.offsets[39] as number
    const at = Buffer.from(bytes.subarray(last, last + 600)).indexOf(Buffer.from([12, 0, 1, 0, 18, 0, 1, 0]))
    expect(at).toBeGreaterThan(0)
    bytes[last + at + 6] = 0x30
    for (const strict of [false, true]) {
      const r = read(bytes, { readLeftoverRecords: true, strict })
      expect(r.records.filter((x) => x.leftover)).toHaveLength(left.length - 1)
      expect(r.diagnostics.map((d) => [d.severity, d.code, d.location.recordId])).toEqual([
        ['info', EvtxErrorCode.BinXmlUnsupportedValue, 139],
        ['info', EvtxErrorCode.BinXmlBadTemplate, 139],
        ['info', EvtxErrorCode.ChunkLeftoverRecords, 100 + (left[0] as number)],
      ])
    }
  })

  it('lends a leftover whose definition was overwritten the template the chunk\'s own records define under its id, when it fits its values', () => {
    // The new records' first template is another one, so the old definition's place holds it;
    // the simple template is defined again by the second new record, elsewhere.
    const mixed = chunkWith(ids(1, 12), (id) => 1000 + id, (k) => (k === 0 ? OTHER_GUID : SIMPLE_GUID))
    const r = read(writtenOver(old, mixed), { readLeftoverRecords: true })
    const leftovers = r.records.filter((x) => x.leftover)
    expect(leftovers.map((x) => x.recordId)).toEqual(leftBehind(old, mixed).map((k) => 100 + k))
    const before = renderings(old.bytes)
    for (const x of leftovers) expect(renderXml(x)).toBe(before.get(x.recordId))
    // Counted in the chunk's one diagnostic: no diagnostic per record, none a warning.
    expect(r.diagnostics.map((d) => d.code)).toEqual([EvtxErrorCode.ChunkLeftoverRecords])
    expect(r.diagnostics[0]?.message).toContain(
      `read after the chunk's own records, marked leftover, ${leftovers.length} with a template this chunk or an earlier one defines under the same id, which fits every value (their own definition was overwritten)`,
    )
  })

  it('does not render a leftover whose definition was overwritten and no template with its id fits; says why', () => {
    const other = chunkWith(ids(1, 12), (id) => 1000 + id, () => OTHER_GUID)
    const r = read(writtenOver(old, other), { readLeftoverRecords: true })
    expect(r.records.every((x) => !x.leftover)).toBe(true)
    const n = leftBehind(old, other).length
    const why = r.diagnostics.filter((d) => d.message.startsWith('leftover record'))
    expect(why).toHaveLength(n)
    expect(why[0]).toMatchObject({ severity: 'info', code: EvtxErrorCode.BinXmlBadTemplate })
    expect(why[0]?.location.recordId).toBeGreaterThanOrEqual(100)
    expect(why[0]?.message).toMatch(/is not rendered: the template definition at 0x[0-9a-f]+ is not the template \{11111111-…\} the record names \(newer records overwrote it\), and this reader knows no template \{11111111-…\}/)
    expect(r.diagnostics.find((d) => d.code === EvtxErrorCode.ChunkLeftoverRecords)?.message).toContain(`but for ${n} whose template or names newer records overwrote`)
  })
})

describe('lending from earlier chunks', () => {
  // Chunk 0 defines the simple template; chunk 1's new records use another one, over old records
  // of the simple template whose definition they overwrote.
  const first = chunkWith(ids(1, 40), (id) => id)
  const old = chunkWith(ids(100, 40), (id) => id)
  const fresh = chunkWith(ids(41, 12), (id) => 1000 + id, () => OTHER_GUID)
  const file = concat(fileHeader({ chunkCount: 2, nextRecordId: 53 }), first.bytes, writtenOver(old, fresh))
  const n = leftBehind(old, fresh).length

  it('lends a leftover the template an earlier chunk defines when reading everything', () => {
    const leftovers = [...parseEvtx(file, { readLeftoverRecords: true })].filter((r) => r.leftover)
    expect(leftovers).toHaveLength(n)
    const before = renderings(old.bytes)
    for (const r of leftovers) expect(renderXml(r)).toBe(before.get(r.recordId))
  })

  it('lends from the chunk alone in scan mode, so no reader has to read the chunks before it again', () => {
    const diagnostics: Diagnostic[] = []
    const prefilter = { eventIds: new Set([1000]), accept: () => true }
    const got = [...parseEvtx(file, { readLeftoverRecords: true, prefilter, onDiagnostic: (d) => diagnostics.push(d) })]
    expect(got.filter((r) => r.leftover)).toEqual([])
    expect(got).toHaveLength(52)
    const refused = diagnostics.filter((d) => d.code === EvtxErrorCode.BinXmlBadTemplate)
    expect(refused).toHaveLength(n)
    expect(refused.every((d) => d.severity === 'info' && d.location.chunkIndex === 1 && /this chunk holds no template \{11111111-…\} \(a scan lends from the chunk alone; dump --leftover-records also looks in the chunks before it\)/.test(d.message))).toBe(true)
  })
})

describe('leftover records, any chunk written over any other (property)', () => {
  it('finds exactly the old records left whole, classifies them, and reads each as it was written or not at all', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 60 }).chain((n) => fc.tuple(fc.constant(n), fc.integer({ min: 1, max: n - 1 }))),
        fc.constantFrom('clear', 'wrap', 'newer'),
        fc.constantFrom('same', 'lent', 'other'),
        ([n, m], kind, templates) => {
          // clear: old ids above and earlier; wrap: old ids below and earlier; newer: old ids above and later.
          const oldFirst = kind === 'wrap' ? 1 : 10_000
          const freshFirst = kind === 'wrap' ? 10_000 : 1
          const old = chunkWith(ids(oldFirst, n), (id) => (kind === 'newer' ? 100_000 + id : id))
          const guid = (k: number) => (templates === 'same' ? SIMPLE_GUID : templates === 'other' || k === 0 ? OTHER_GUID : SIMPLE_GUID)
          const fresh = chunkWith(ids(freshFirst, m), (id) => 50_000 + id, guid)
          const bytes = writtenOver(old, fresh)
          const expected = leftBehind(old, fresh).map((k) => oldFirst + k)
          const plain = read(bytes)
          expect(plain.records.map((r) => r.recordId)).toEqual(ids(freshFirst, m))
          if (expected.length === 0) {
            expect(plain.info?.leftovers).toBeUndefined()
            return
          }
          expect(plain.info?.leftovers).toEqual({ count: expected.length, beforeClear: kind === 'clear' ? expected.length : 0 })
          const all = read(bytes, { readLeftoverRecords: true })
          const leftovers = all.records.filter((r) => r.leftover)
          const before = renderings(old.bytes)
          // The simple template is defined again by the fresh records unless none uses it.
          const readable = templates === 'same' || (templates === 'lent' && m >= 2)
          expect(leftovers.map((r) => r.recordId)).toEqual(readable ? expected : [])
          for (const r of leftovers) expect(renderXml(r)).toBe(before.get(r.recordId))
          expect(all.diagnostics.filter((d) => d.message.startsWith('leftover record'))).toHaveLength(readable ? 0 : expected.length)
          expect(all.records.filter((r) => !r.leftover).map(renderXml)).toEqual(plain.records.map(renderXml))
        },
      ),
      { seed: PROPERTY_SEED, numRuns: propertyRuns(100) },
    )
  }, propertyTimeout(propertyRuns(100), 200))
})

describe('checked references (ChunkContext.verify)', () => {
  const chunk = chunkWith([1], () => 1)

  /** Parses the chunk's one record, references checked or not. */
  function parseOne(bytes: Uint8Array, verify: boolean) {
    const ctx = new ChunkContext(createReaderContext(), bytes, 0, 0)
    ctx.verify = verify
    const cur = new ByteCursor(bytes, 0, 512 + 24, chunk.free - 4)
    return parseDocument(ctx, cur, 0, 0)
  }

  it('refuses a name entry whose hash is not its name\'s', () => {
    const bytes = chunk.bytes.slice()
    // The "Event" name entry: its hash is the u16 four bytes before its characters.
    const at = Buffer.from(bytes).indexOf(Buffer.from('Event', 'utf16le'))
    expect(at).toBeGreaterThan(512)
    expect(() => parseOne(bytes, true)).not.toThrow()
    bytes[at - 4] = (bytes[at - 4] as number) ^ 0xff
    expect(() => parseOne(bytes, false)).not.toThrow()
    const error = (() => {
      try {
        parseOne(bytes, true)
      } catch (e) {
        return e
      }
      return undefined
    })()
    expect(error).toBeInstanceOf(EvtxError)
    expect((error as EvtxError).code).toBe(EvtxErrorCode.BinXmlBadName)
    expect((error as EvtxError).message).toMatch(/the name entry at 0x[0-9a-f]+ does not carry its name's hash/)
  })

  it('refuses an inline definition whose GUID is not the template id the instance names', () => {
    const bytes = chunk.bytes.slice()
    // The instance's template id (u32 after 0x0c and one byte), then the definition offset.
    const instance = Buffer.from(bytes).indexOf(Buffer.from([0x0c, 0x01]), 512 + 24)
    bytes[instance + 2] = (bytes[instance + 2] as number) ^ 0x01
    expect(() => parseOne(bytes, false)).not.toThrow()
    expect(() => parseOne(bytes, true)).toThrow(/the template defined inline at 0x[0-9a-f]+ is \{11111111-2222-3333-4444-555555555555\}, not the template \{11111110-…\}/)
  })
})

const libevtx = (() => {
  try {
    execFileSync('evtxexport', ['-h'], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
})()

describe.skipIf(!corpusAvailable)('leftover records in the shared corpus', () => {
  if (!corpusAvailable) it.skip(CORPUS_SKIP_MESSAGE, () => {})

  /** Every file read with and without leftovers: the log's own records, and the leftovers. */
  const files = corpusFiles().map((name) => {
    const bytes = new Uint8Array(readFileSync(corpusPath(name)))
    const plain = [...parseEvtx(bytes)].map(renderXml)
    const diagnostics: Diagnostic[] = []
    const infos: ChunkInfo[] = []
    const all = [...parseEvtx(bytes, { readLeftoverRecords: true, onDiagnostic: (d) => diagnostics.push(d), onChunk: (c) => infos.push(c) })]
    return { name, plain, all, diagnostics, infos }
  })

  it('reads the log\'s own records exactly as without them, in every file', () => {
    for (const f of files) expect(f.all.filter((r) => !r.leftover).map(renderXml), f.name).toEqual(f.plain)
  })

  it('finds 1,506 in 30 files and renders 1,261, saying why for each of the others', () => {
    const found = files.reduce((n, f) => n + f.infos.reduce((m, c) => m + (c.leftovers?.count ?? 0), 0), 0)
    const rendered = files.reduce((n, f) => n + f.all.filter((r) => r.leftover).length, 0)
    const refused = files.reduce((n, f) => n + f.diagnostics.filter((d) => d.message.startsWith('leftover record')).length, 0)
    expect([found, rendered, refused]).toEqual([1506, 1261, 245])
    expect(files.filter((f) => f.infos.some((c) => c.leftovers !== undefined))).toHaveLength(30)
  })

  it('renders each leftover whose id another record of the file holds exactly as that record (706; 772 of all leftovers rendered with a lent template)', () => {
    let same = 0
    let lent = 0
    for (const f of files) {
      const own = new Map(f.all.filter((r) => !r.leftover).map((r) => [r.recordId, renderXml(r)]))
      for (const r of f.all.filter((x) => x.leftover)) {
        const copy = own.get(r.recordId)
        if (copy === undefined) continue
        expect(renderXml(r), `${f.name} record ${r.recordId}`).toBe(copy)
        same++
      }
      for (const d of f.diagnostics) lent += Number(/marked leftover, (\d+) with a template/.exec(d.message)?.[1] ?? 0)
    }
    expect([same, lent]).toEqual([706, 772])
  })

  it.runIf(libevtx)('renders the leftovers libevtx recovers from the RDP logs as libevtx does', () => {
    // libevtx writes " for ', upper-case GUIDs, nine digits of seconds and <X/> for an empty element.
    const norm = (x: string) =>
      x.replace(/>\s+</g, '><').replace(/\s+\/>/g, '/>').trim().toLowerCase().replace(/"/g, "'").replace(/(\.\d*?)0+z/g, '$1z').replace(/<([a-z]+)><\/\1>/g, '<$1/>')
    const counts: number[][] = []
    for (const name of ['evtx-rs__2-vss_0-Microsoft-Windows-TerminalServices-RemoteConnectionManager%4Operational.evtx', 'evtx-rs__2-vss_0-Microsoft-Windows-RemoteDesktopServices-RdpCoreTS%4Operational.evtx', 'velociraptor__RDPAuth_LocalSessionManager.evtx']) {
      const ours = new Map((files.find((f) => f.name === name)?.all ?? []).filter((r) => r.leftover).map((r) => [r.recordId, norm(renderXml(r))]))
      const out = execFileSync('evtxexport', ['-m', 'recovered', '-f', 'xml', corpusPath(name)], { maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'ignore'] }).toString('utf8')
      let same = 0
      for (const m of out.matchAll(/<Event [\s\S]*?<\/Event>/g)) {
        const id = Number(/<EventRecordID>(\d+)</.exec(m[0])?.[1])
        const x = ours.get(id)
        if (x === undefined) continue
        expect(x, `${name} record ${id}`).toBe(norm(m[0]))
        same++
      }
      counts.push([ours.size, same])
    }
    expect(counts).toEqual([
      [267, 265],
      [153, 40],
      [32, 3],
    ])
  })
})
