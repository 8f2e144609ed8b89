/**
 * The file-level template cache: every chunk defines its templates again, and a definition met
 * before is reused without parsing when its bytes are the same apart from the chunk offsets in its
 * name fields: an inline name must be inline at the same place (its characters compared), and a
 * name the body refers back to (defined earlier in the chunk, outside the body) must be the same
 * name.
 */
import { readFileSync } from 'node:fs'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { AttributeNode, CDataNode, CharRefNode, type ContentNode, ElementNode, EntityRefNode, NodeKind, ProcessingInstructionNode, SubstitutionNode, TextNode } from '../../src/binxml/nodes.js'
import { CompiledTemplate, sameStructure } from '../../src/binxml/template.js'
import { readChunkBlock } from '../../src/evtx/chunk.js'
import { createReaderContext } from '../../src/evtx/options.js'
import { parseEvtx } from '../../src/evtx/parse.js'
import type { EvtxRecord } from '../../src/evtx/record.js'
import { renderXml } from '../../src/render/xml.js'
import { ChunkWriter, concat, element, fileHeader, finishChunk, instanceRecord, openElement, record, substitution, templateInstance, v } from '../helpers/chunk-builder.js'
import { PROPERTY_SEED, propertyRuns } from '../helpers/properties.js'
import { sampleLogs } from '../helpers/samples.js'

const DEFINES = '{0dd0dd00-0000-0000-0000-00000000000a}'
const REFERS = '{0dd0dd00-0000-0000-0000-00000000000b}'

function emptyElement(w: ChunkWriter, name: string): void {
  const close = openElement(w, name, { inTemplate: true })
  w.u8(0x03)
  close()
}

/**
 * A chunk whose first template defines the name `name` inline and whose second template's body
 * is only a back-reference to it: the second body's bytes are the same for any name of one length.
 * With `slot`, the second body is `<name>%slot</name>` instead, and its instances hold two strings.
 */
function chunk(name: string, firstId: number, refers = REFERS, lead = 0, slot?: number): Uint8Array {
  const w = new ChunkWriter()
  const defined = new Map<string, number>()
  // Leading records of another template move this chunk's definitions to other offsets.
  for (let k = 0; k < lead; k++) {
    record(w, firstId - lead + k, 0n, (x) => {
      x.raw([0x0f, 0x01, 0x01, 0x00])
      templateInstance(x, `{0dd0dd00-0000-0000-0000-0000000001${String(k).padStart(2, '0')}}`, (y) => emptyElement(y, `Lead${k}`), [], new Map())
      x.u8(0x00)
    })
  }
  record(w, firstId, 0n, (x) => {
    x.raw([0x0f, 0x01, 0x01, 0x00])
    templateInstance(x, DEFINES, (y) => emptyElement(y, name), [], defined)
    x.u8(0x00)
  })
  const last = record(w, firstId + 1, 0n, (x) => {
    x.raw([0x0f, 0x01, 0x01, 0x00])
    if (slot === undefined) templateInstance(x, refers, (y) => emptyElement(y, name), [], defined)
    else templateInstance(x, refers, (y) => element(y, name, (z) => substitution(z, slot, 0x01), { inTemplate: true }), [v.str('zero'), v.str('one')], defined)
    x.u8(0x00)
  })
  return finishChunk(w, { firstId: firstId - lead, lastId: firstId + 1, lastRecordOffset: last })
}

function templateOf(r: EvtxRecord): CompiledTemplate {
  const top = r.fragment[0]
  if (top === undefined || top.kind !== NodeKind.TemplateInstance) throw new Error('not a template record')
  return top.template
}

describe('template cache', () => {
  const file = concat(fileHeader({ chunkCount: 3, nextRecordId: 7 }), chunk('Alpha', 1), chunk('Bravo', 3), chunk('Alpha', 5))
  const records = [...parseEvtx(file)]

  it('keeps apart two definitions with the same bytes that refer back to different names', () => {
    expect(records.map((r) => renderXml(r))).toEqual(['<Alpha/>', '<Alpha/>', '<Bravo/>', '<Bravo/>', '<Alpha/>', '<Alpha/>'])
    expect(templateOf(records[3] as EvtxRecord)).not.toBe(templateOf(records[1] as EvtxRecord))
  })

  it('reuses a definition met before byte for byte, names included', () => {
    expect(templateOf(records[5] as EvtxRecord)).toBe(templateOf(records[1] as EvtxRecord))
    expect(templateOf(records[4] as EvtxRecord)).toBe(templateOf(records[0] as EvtxRecord))
  })

  it('keeps apart the same body under another GUID', () => {
    const other = '{0dd0dd00-0000-0000-0000-00000000000c}'
    const [, a, , b] = [...parseEvtx(concat(fileHeader({ chunkCount: 2, nextRecordId: 5 }), chunk('Alpha', 1), chunk('Alpha', 3, other)))]
    expect([templateOf(a as EvtxRecord).guid, templateOf(b as EvtxRecord).guid]).toEqual([REFERS, other])
  })

  it('reuses a definition moved to another offset without parsing it again', () => {
    // Chunk 2 puts both definitions further on: the inline name and the back-reference to it hold
    // other chunk offsets, and nothing else differs.
    const ctx = createReaderContext()
    const chunks = [chunk('Alpha', 1), chunk('Alpha', 4, REFERS, 1), chunk('Alpha', 8, REFERS, 2)]
    const read = chunks.map((c, i) => readChunkBlock(ctx, c, i, 0x1000 + i * c.length).records)
    expect(read.map((rs) => rs.map((r) => renderXml(r)))).toEqual([
      ['<Alpha/>', '<Alpha/>'],
      ['<Lead0/>', '<Alpha/>', '<Alpha/>'],
      ['<Lead0/>', '<Lead1/>', '<Alpha/>', '<Alpha/>'],
    ])
    expect(templateOf(read[2]?.[3] as EvtxRecord)).toBe(templateOf(read[0]?.[1] as EvtxRecord))
    // DEFINES, REFERS, Lead0 and Lead1: each parsed once, though defined six times at new offsets.
    expect(ctx.templates.definitions).toBe(9)
    expect(ctx.templates.parsed).toBe(4)
  })

  it('keeps apart a back-reference to a longer name that starts with the same letters', () => {
    const read = [...parseEvtx(concat(fileHeader({ chunkCount: 2, nextRecordId: 5 }), chunk('Alpha', 1), chunk('AlphaX', 3)))]
    expect(read.map((r) => renderXml(r))).toEqual(['<Alpha/>', '<Alpha/>', '<AlphaX/>', '<AlphaX/>'])
  })

  it('parses a moved definition again when its inline name or the name it refers to differs', () => {
    const ctx = createReaderContext()
    const chunks = [chunk('Alpha', 1), chunk('Bravo', 4, REFERS, 1)]
    const read = chunks.map((c, i) => readChunkBlock(ctx, c, i, 0x1000 + i * c.length).records)
    expect(read.map((rs) => rs.map((r) => renderXml(r)))).toEqual([
      ['<Alpha/>', '<Alpha/>'],
      ['<Lead0/>', '<Bravo/>', '<Bravo/>'],
    ])
    expect(ctx.templates.parsed).toBe(5)
  })

  it('keeps apart definitions that differ right after a name field that refers back', () => {
    // The substitution index is in the 4 bytes after the back-reference to `Alpha`.
    const read = [...parseEvtx(concat(fileHeader({ chunkCount: 2, nextRecordId: 5 }), chunk('Alpha', 1, REFERS, 0, 0), chunk('Alpha', 3, REFERS, 0, 1)))]
    expect(read.map((r) => renderXml(r))).toEqual(['<Alpha/>', '<Alpha>zero</Alpha>', '<Alpha/>', '<Alpha>one</Alpha>'])
  })

  it('keeps many variants of one GUID and size apart', () => {
    // Twenty names of one length under the same two GUIDs: more variants than the cache keeps per
    // GUID, so old ones are dropped, and every record still renders its own name.
    const names = Array.from({ length: 20 }, (_, k) => `N${String(k).padStart(3, '0')}`)
    const file = concat(fileHeader({ chunkCount: names.length, nextRecordId: 2 * names.length + 1 }), ...names.map((n, k) => chunk(n, 2 * k + 1)))
    const rendered = [...parseEvtx(file)].map((r) => renderXml(r))
    expect(rendered).toEqual(names.flatMap((n) => [`<${n}/>`, `<${n}/>`]))
  })

  it('parses a moved definition again when a name that was inline is a back-reference there', () => {
    // Chunk 2's first definition of DEFINES keeps its bytes, but its element's name field is made
    // to refer back to `Lead0` (as long as `Alpha`): the inline entry after the field is then no
    // name but tokens, and the definition must be parsed, not taken from chunk 1.
    const moved = chunk('Alpha', 4, REFERS, 1)
    const guid = guidBytes(DEFINES)
    const guidAt = indexOf(moved, guid)
    const field = guidAt + 16 + 4 + 4 + 1 + 2 + 4
    const view = new DataView(moved.buffer, moved.byteOffset, moved.byteLength)
    expect(view.getUint32(field, true)).toBe(field + 4)
    view.setUint32(field, indexOf(moved, utf16('Lead0')) - 8, true)
    const problems: Array<number | undefined> = []
    const ctx = createReaderContext({ onDiagnostic: (d) => problems.push(d.location?.recordId) })
    const read = [chunk('Alpha', 1), moved].map((c, i) => readChunkBlock(ctx, c, i, 0x1000 + i * c.length).records)
    // Record 4 does not parse (it is reported and left out); record 5 still refers to `Alpha`.
    expect(read[1]?.map((r) => [r.recordId, renderXml(r)])).toEqual([
      [3, '<Lead0/>'],
      [5, '<Alpha/>'],
    ])
    expect(problems).toContain(4)
  })
})

describe('template cache memory and budget', () => {
  const WASTE = '{0dd0dd00-0000-0000-0000-0000000000aa}'

  /** A chunk of one record of a template `<W>text</W>` under `guid`, declaring `waste` bytes after its end-of-stream token. */
  function wasteChunk(id: number, waste: readonly number[], guid = WASTE, text = 'w'): Uint8Array {
    const w = new ChunkWriter()
    const last = record(w, id, 0n, (x) => {
      x.raw([0x0f, 0x01, 0x01, 0x00])
      templateInstance(x, guid, (y) => {
        element(y, 'W', (z) => z.u8(0x05).u8(0x01).u16(text.length).utf16(text), { inTemplate: true })
        y.u8(0x00).raw(waste)
      }, [], new Map())
      x.u8(0x00)
    })
    return finishChunk(w, { firstId: id, lastId: id, lastRecordOffset: last })
  }

  it('keeps a body up to its end-of-stream token: the bytes declared after it are neither kept nor compared', () => {
    const ctx = createReaderContext()
    const chunks = [1, 2, 3].map((k) => wasteChunk(k, Array.from({ length: 4000 }, (_, i) => (i * k) & 0xff)))
    const read = chunks.map((c, i) => readChunkBlock(ctx, c, i, 0x1000 + i * c.length).records)
    expect(read.map((rs) => rs.map((r) => renderXml(r)))).toEqual([['<W>w</W>'], ['<W>w</W>'], ['<W>w</W>']])
    expect(ctx.templates.parsed).toBe(1)
    expect(ctx.templates.bytes).toBeLessThan(1000)
  })

  it('keeps at most maxCachedTemplateBytes: past it the cache is emptied, and every record still renders', () => {
    const cap = 3000
    const ctx = createReaderContext({ limits: { maxCachedTemplateBytes: cap } })
    const guid = (k: number) => `{0dd0dd00-0000-0000-0000-0000000001${String(k % 40).padStart(2, '0')}}`
    for (let k = 0; k < 120; k++) {
      const c = wasteChunk(k + 1, [], guid(k), `text ${k % 40}`.repeat(20))
      const [r] = readChunkBlock(ctx, c, k, 0x1000 + k * c.length).records
      expect(renderXml(r as EvtxRecord)).toBe(`<W>${`text ${k % 40}`.repeat(20)}</W>`)
      expect(ctx.templates.bytes).toBeLessThanOrEqual(cap)
    }
    // 40 templates of some 400 bytes each, met three times: more than the cache holds, parsed again.
    expect(ctx.templates.parsed).toBeGreaterThan(40)
    // One larger than the whole cap is never kept: parsed in every chunk, and rendered.
    const big = 'x'.repeat(2000)
    for (let k = 0; k < 2; k++) {
      const [r] = readChunkBlock(ctx, wasteChunk(200 + k, [], WASTE, big), 200 + k, 0).records
      expect(renderXml(r as EvtxRecord)).toBe(`<W>${big}</W>`)
    }
    expect(ctx.templates.bytes).toBeLessThanOrEqual(cap)
  })

  it('charges a definition the cache holds too: the chunk budget bounds the bytes compared, not only those parsed', () => {
    // Chunk 2 defines a template chunk 1 defined, three times over (in three records): every
    // definition is the cache's, yet the third passes the budget.
    const body = (w: ChunkWriter) => element(w, 'Big', (x) => x.u8(0x05).u8(0x01).u16(3000).utf16('b'.repeat(3000)), { inTemplate: true })
    const chunk = (first: number, count: number) => {
      const w = new ChunkWriter()
      let last = 0
      for (let k = 0; k < count; k++) last = instanceRecord(w, first + k, DEFINES, body, [], new Map())
      return finishChunk(w, { firstId: first, lastId: first + count - 1, lastRecordOffset: last })
    }
    const problems: Array<[string, number | undefined]> = []
    const ctx = createReaderContext({ limits: { maxTemplateBytesPerChunk: 15_000 }, onDiagnostic: (d) => problems.push([d.code, d.location?.recordId]) })
    const read = [chunk(1, 1), chunk(2, 3)].map((c, i) => readChunkBlock(ctx, c, i, 0x1000 + i * c.length).records.map((r) => r.recordId))
    expect(read).toEqual([[1], [2, 3]])
    expect(problems).toEqual([['LIMIT_EXCEEDED', 4]])
    // Compared with the cache: the one of chunk 1 and the first two of chunk 2, not the third.
    expect(ctx.templates.definitions).toBe(3)
  })
})

describe('substitution count', () => {
  it('counts the substitution an element depends on, though no substitution node uses it', () => {
    const body = [new ElementNode('Event', -1, [], [new ElementNode('Data', 3, [], [new SubstitutionNode(1, 0x01, false)], false)], false)]
    expect(new CompiledTemplate(DEFINES, 0, body).substitutionCount).toBe(4)
    expect(new CompiledTemplate(DEFINES, 0, [new ElementNode('Event', -1, [], [], true)]).substitutionCount).toBe(0)
  })
})

describe('template structure', () => {
  it('shares the compiled template when one chunk has a name inline and another refers back to it', () => {
    // Chunk 2 defines `Alpha` in an earlier template, so its DEFINES body is shorter (a
    // back-reference): other bytes, the same tree.
    const w = new ChunkWriter()
    const defined = new Map<string, number>()
    const lead = (x: ChunkWriter): void => {
      x.raw([0x0f, 0x01, 0x01, 0x00])
      templateInstance(x, REFERS, (y) => emptyElement(y, 'Alpha'), [], defined)
      x.u8(0x00)
    }
    record(w, 3, 0n, lead)
    const last = record(w, 4, 0n, (x) => {
      x.raw([0x0f, 0x01, 0x01, 0x00])
      templateInstance(x, DEFINES, (y) => emptyElement(y, 'Alpha'), [], defined)
      x.u8(0x00)
    })
    const second = finishChunk(w, { firstId: 3, lastId: 4, lastRecordOffset: last })
    const ctx = createReaderContext()
    const read = [chunk('Alpha', 1), second].map((c, i) => readChunkBlock(ctx, c, i, 0x1000 + i * c.length).records)
    expect(read.flat().map((r) => renderXml(r))).toEqual(['<Alpha/>', '<Alpha/>', '<Alpha/>', '<Alpha/>'])
    expect(templateOf(read[1]?.[1] as EvtxRecord)).toBe(templateOf(read[0]?.[0] as EvtxRecord))
    expect(templateOf(read[1]?.[0] as EvtxRecord)).toBe(templateOf(read[0]?.[1] as EvtxRecord))
    expect([ctx.templates.parsed, ctx.templates.compiled]).toEqual([4, 2])
  })

  const base = (): ContentNode[] => [
    new ElementNode(
      'Event',
      -1,
      [new AttributeNode('xmlns', [new TextNode('urn:x')]), new AttributeNode('Id', [new SubstitutionNode(1, 8, true)])],
      [
        new ElementNode('Data', 2, [], [new SubstitutionNode(2, 1, false)], false),
        new TextNode('t'),
        new CharRefNode(65),
        new EntityRefNode('amp'),
        new CDataNode('c'),
        new ProcessingInstructionNode('pi', 'd'),
        new ElementNode('Empty', -1, [], [], true),
      ],
      false,
    ),
  ]

  it('holds a fragment the same as a copy of it', () => {
    expect(sameStructure(base(), base())).toBe(true)
    expect(sameStructure([], [])).toBe(true)
  })

  it('tells apart fragments that differ in any one thing that is rendered', () => {
    const variants: Array<[string, (e: ElementNode) => ContentNode[]]> = [
      ['element name', (e) => [new ElementNode('Evnt', e.depId, e.attrs, e.children, e.empty)]],
      ['dependency', (e) => [new ElementNode(e.name, 3, e.attrs, e.children, e.empty)]],
      ['empty form', (e) => [new ElementNode(e.name, e.depId, e.attrs, e.children, true)]],
      ['attribute name', (e) => [new ElementNode(e.name, e.depId, [new AttributeNode('xmlnz', [new TextNode('urn:x')]), ...e.attrs.slice(1)], e.children, e.empty)]],
      ['attribute value', (e) => [new ElementNode(e.name, e.depId, [new AttributeNode('xmlns', [new TextNode('urn:y')]), ...e.attrs.slice(1)], e.children, e.empty)]],
      ['attribute count', (e) => [new ElementNode(e.name, e.depId, e.attrs.slice(1), e.children, e.empty)]],
      ['substitution index', (e) => [new ElementNode(e.name, e.depId, [e.attrs[0] as AttributeNode, new AttributeNode('Id', [new SubstitutionNode(4, 8, true)])], e.children, e.empty)]],
      ['substitution type', (e) => [new ElementNode(e.name, e.depId, [e.attrs[0] as AttributeNode, new AttributeNode('Id', [new SubstitutionNode(1, 6, true)])], e.children, e.empty)]],
      ['substitution optional', (e) => [new ElementNode(e.name, e.depId, [e.attrs[0] as AttributeNode, new AttributeNode('Id', [new SubstitutionNode(1, 8, false)])], e.children, e.empty)]],
      ['text', (e) => [withChild(e, 1, new TextNode('u'))]],
      ['text against CDATA', (e) => [withChild(e, 1, new CDataNode('t'))]],
      ['character reference', (e) => [withChild(e, 2, new CharRefNode(66))]],
      ['entity', (e) => [withChild(e, 3, new EntityRefNode('lt'))]],
      ['CDATA', (e) => [withChild(e, 4, new CDataNode('d'))]],
      ['PI target', (e) => [withChild(e, 5, new ProcessingInstructionNode('pj', 'd'))]],
      ['PI data', (e) => [withChild(e, 5, new ProcessingInstructionNode('pi', 'e'))]],
      ['child count', (e) => [new ElementNode(e.name, e.depId, e.attrs, e.children.slice(1), e.empty)]],
      ['top-level count', (e) => [e, new TextNode('x')]],
    ]
    const original = base()
    for (const [what, change] of variants) {
      const changed = change(base()[0] as ElementNode)
      expect({ what, same: sameStructure(original, changed) }).toEqual({ what, same: false })
      expect({ what, same: sameStructure(changed, original) }).toEqual({ what, same: false })
    }
  })
})

describe('template cache against no cache', () => {
  // Every chunk of the committed samples: the same Windows templates, defined again in each chunk
  // at offsets of its own.
  const pool: Array<{ bytes: Uint8Array; letters: number[] }> = []
  for (const [, path] of sampleLogs()) {
    const file = readFileSync(path)
    for (let at = 0x1000; at + 0x10000 <= file.length; at += 0x10000) {
      const bytes = new Uint8Array(file.subarray(at, at + 0x10000))
      pool.push({ bytes, letters: definitionLetters(bytes) })
    }
  }

  /** Each chunk's records as `id xml` lines (or `id !code` when a record fails to render). */
  const render = (chunks: Uint8Array[], shared: boolean): string[][] => {
    let ctx = createReaderContext()
    return chunks.map((c, i) => {
      if (!shared) ctx = createReaderContext()
      return readChunkBlock(ctx, c, i, 0x1000 + i * 0x10000).records.map((r) => {
        try {
          return `${r.recordId} ${renderXml(r)}`
        } catch (error) {
          return `${r.recordId} !${(error as { code?: string }).code ?? String(error)}`
        }
      })
    })
  }

  it('renders every record as a fresh cache per chunk does, with letters in the definitions changed', () => {
    expect(pool.length).toBeGreaterThan(10)
    expect(pool.every((c) => c.letters.length > 0)).toBe(true)
    // A change turns a letter of a name or text inside a template definition into another letter,
    // so the definition still parses but renders (or refers back to) another name.
    const change = fc.record({ chunk: fc.nat(), letter: fc.nat(), to: fc.constantFrom(0x41, 0x5a, 0x61, 0x7a) })
    fc.assert(
      fc.property(fc.array(fc.nat(), { minLength: 2, maxLength: 8 }), fc.array(change, { maxLength: 3 }), (picks, changes) => {
        const chosen = picks.map((k) => pool[k % pool.length] as (typeof pool)[number])
        const chunks = chosen.map((c) => new Uint8Array(c.bytes))
        for (const c of changes) {
          const k = c.chunk % chunks.length
          const letters = (chosen[k] as (typeof pool)[number]).letters
          ;(chunks[k] as Uint8Array)[letters[c.letter % letters.length] as number] = c.to
        }
        expect(render(chunks, true)).toEqual(render(chunks, false))
      }),
      { seed: PROPERTY_SEED, numRuns: propertyRuns(60) },
    )
  })
})

/**
 * Where the chunk's inline template definitions hold ASCII letters as UTF-16 (names and texts):
 * a definition is found by its template instance token (0x0c, a byte, the template id) whose
 * definition offset points right after it.
 */
function definitionLetters(chunk: Uint8Array): number[] {
  const view = new DataView(chunk.buffer, chunk.byteOffset, chunk.byteLength)
  const out: number[] = []
  for (let p = 0x200; p + 34 <= chunk.length; p++) {
    if (chunk[p] !== 0x0c || view.getUint32(p + 6, true) !== p + 10) continue
    const end = Math.min(chunk.length - 1, p + 34 + view.getUint32(p + 30, true))
    for (let q = p + 34; q < end; q++) {
      const c = chunk[q] as number
      if (chunk[q + 1] === 0 && ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a))) out.push(q)
    }
  }
  return out
}

function withChild(e: ElementNode, at: number, node: ContentNode): ElementNode {
  const children = [...e.children]
  children[at] = node
  return new ElementNode(e.name, e.depId, e.attrs, children, e.empty)
}

function guidBytes(text: string): Uint8Array {
  const h = text.replace(/[{}-]/g, '')
  const b = Uint8Array.from({ length: 16 }, (_, i) => Number.parseInt(h.slice(2 * i, 2 * i + 2), 16))
  // The first three groups are little-endian.
  return Uint8Array.from([b[3], b[2], b[1], b[0], b[5], b[4], b[7], b[6], ...b.slice(8)] as number[])
}

function utf16(text: string): Uint8Array {
  return Uint8Array.from([...text].flatMap((c) => [c.charCodeAt(0), 0]))
}

function indexOf(haystack: Uint8Array, needle: Uint8Array): number {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer
    return i
  }
  throw new Error('not found')
}
