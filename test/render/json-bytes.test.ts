/**
 * JSON lines written by compiled JSON programs (and the string API's, decoded from them) are byte
 * for byte what the reference renderer gives (`JSON.stringify(recordJson(record))`): on every record of the corpus, on built records at
 * the corners of the shape rules, and on random templates with random values.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseChunk } from '../../src/evtx/chunk.js'
import { parseEvtx } from '../../src/evtx/parse.js'
import type { EvtxRecord } from '../../src/evtx/record.js'
import { ByteSink } from '../../src/render/byte-sink.js'
import { writeJsonRecord } from '../../src/render/json-bytes.js'
import { recordJson, renderRecordLine, writeRecordLine } from '../../src/render/record-line.js'
import { attribute, ChunkWriter, element, openElement, substitution, templateChunk, templateInstance, text, v, type Value } from '../helpers/chunk-builder.js'
import { corpusAvailable, corpusFiles, readCorpusFile } from '../helpers/corpus.js'
import { oddRecords } from '../helpers/odd-template.js'
import { oneValueRecord } from '../helpers/one-value.js'
import { PROPERTY_SEED, propertyRuns } from '../helpers/properties.js'

const decoder = new TextDecoder()

/** The programs' line, or undefined when they leave the record to the reference renderer. */
function fast(r: EvtxRecord): string | undefined {
  const sink = new ByteSink(16)
  sink.byte(0x2a)
  if (!writeJsonRecord(r, sink)) {
    // Nothing written: the sink is where it was.
    expect(sink.pos).toBe(1)
    return undefined
  }
  const bytes = sink.view().subarray(1)
  const line = decoder.decode(bytes)
  // Valid UTF-8 (decoding and encoding again gives the same bytes).
  expect(Buffer.from(line).equals(Buffer.from(bytes))).toBe(true)
  return line
}

function reference(r: EvtxRecord): string {
  return JSON.stringify(recordJson(r))
}

function stringArray(items: readonly string[]): Value {
  return { type: 0x81, bytes: v.str(items.map((x) => `${x}\0`).join('')).bytes }
}

describe('compiled JSON programs', () => {
  it('write what the reference writes for single values of every kind', () => {
    const cases: Value[][] = [
      [v.str('plain')],
      [v.str('')],
      [v.str(`quote " backslash \\ tab \t nl \n cr \r ff \f bs \b ctl \u0001\u001f del \u007f`)],
      [v.str('é € 😀 <&> \u2028')],
      [v.raw(0x01, [0x00, 0xd8, 0x41, 0x00])], // unpaired surrogate
      [v.raw(0x01, [0x41, 0x00, 0x00, 0x00, 0x42, 0x00])], // text after a NUL
      [v.null()],
      [v.u8(200)],
      [v.raw(0x03, [0xff])], // Int8 -1
      [v.raw(0x05, [0x00, 0x80])], // Int16 -32768
      [v.raw(0x07, [0xff, 0xff, 0xff, 0xff])], // Int32 -1
      [v.u32(4_000_000_000)],
      [v.raw(0x08, [1, 2])], // UInt32 too short: null
      [v.raw(0x0b, [0x00, 0x00, 0xc0, 0x7f])], // Real32 NaN: its text
      [v.raw(0x0c, [0, 0, 0, 0, 0, 0, 0xf8, 0x3f])], // Real64 1.5
      [v.raw(0x0d, [0, 0, 0, 1])], // Bool true
      [v.u64(2n ** 60n)],
      [v.hex64(0x8000000000000000n)],
      [v.filetime(134_081_568_000_000_000n)],
      [v.guid('{12345678-1234-1234-1234-123456789abc}')],
      [v.raw(0x0e, [0xde, 0xad])], // Binary
      [v.raw(0x13, [1, 1, 0, 0, 0, 0, 0, 5, 18, 0, 0, 0])], // SID
      [v.raw(0x02, [0x41, 0x22, 0x5c, 0x0a, 0xe9])], // AnsiString, not all ASCII
      [v.raw(0x02, [0x41, 0x22, 0x5c, 0x0a])], // AnsiString, ASCII with escapes
      [stringArray(['a', 'b', 'c'])], // repeats the named Data: an array under one key
      [stringArray(['only'])],
      [stringArray([])],
      [v.raw(0x86, [1, 0, 2, 0])], // UInt16 array
      [v.raw(0x99, [1, 2, 3])], // unknown type
    ]
    let used = 0
    for (const vals of cases) {
      const r = oneValueRecord(vals)
      const line = fast(r)
      if (line !== undefined) used++
      expect(line ?? reference(r)).toBe(reference(r))
    }
    expect(used).toBe(cases.length)
  })

  it('leave out a dependent element and an optional attribute as the reference does', () => {
    for (const r of [oneValueRecord([v.null()], { depId: 0 }), oneValueRecord([v.null()], { optional: true }), oneValueRecord([v.str('x')], { depId: 0 })]) {
      expect(fast(r)).toBe(reference(r))
    }
  })

  it('hand a record they do not model back untouched (an array repeating the top element)', () => {
    const records = oddRecords()
    let declined = 0
    for (const r of records) {
      const line = fast(r)
      if (line === undefined) declined++
      else expect(line).toBe(reference(r))
    }
    expect(declined).toBeGreaterThan(0)
  })

  it('leave a record that may exceed its render budget to the reference, which reports it', () => {
    const r = oneValueRecord([v.str('x'.repeat(2000))])
    const small = Object.assign(Object.create(Object.getPrototypeOf(r)), r, { limits: { ...r.limits, maxRenderedLength: 20 } }) as EvtxRecord
    expect(fast(small)).toBeUndefined()
    const sink = new ByteSink()
    sink.byte(0x2a)
    const reported: unknown[] = []
    expect(writeRecordLine(small, 'jsonl', sink, (d) => reported.push(d), false)).toBe(false)
    expect(sink.pos).toBe(1)
    expect(reported).toHaveLength(1)
    expect(() => writeRecordLine(small, 'jsonl', sink, () => undefined, true)).toThrowError(/LIMIT|exceed|budget/i)
    expect(sink.pos).toBe(1)
    // The string API reports it too, and renders the record within its budget.
    expect(renderRecordLine(small, 'jsonl', () => undefined, false)).toBeUndefined()
    expect(renderRecordLine(r, 'jsonl', () => undefined, true)).toBe(reference(r))
  })

  it.runIf(corpusAvailable)('write what the reference writes on every corpus record, and model nearly all of them', () => {
    let n = 0
    let used = 0
    for (const name of corpusFiles()) {
      for (const r of parseEvtx(readCorpusFile(name))) {
        let expected: string
        try {
          expected = reference(r)
        } catch {
          // A record the reference cannot render (reported by dump) is not compared.
          continue
        }
        const line = fast(r)
        n++
        // The string API gives the same line.
        const text = renderRecordLine(r, 'jsonl', () => undefined, true)
        if (text !== expected) expect(text, `${name} record ${r.recordId} (renderRecordLine)`).toBe(expected)
        if (line === undefined) continue
        used++
        if (line !== expected) expect(line, `${name} record ${r.recordId}`).toBe(expected)
      }
    }
    expect(n).toBeGreaterThan(50_000)
    // Measured: 50,544 of the 50,598 records the reference renders; the rest are mostly forwarded
    // events without templates.
    expect(used / n).toBeGreaterThan(0.995)
  })
})

/**
 * A record of `<Event>[<System><EventID>%0</EventID></System>]%1</Event>` whose value 1 is BinXml:
 * an instance of a template whose only element is `<name [Name='n']>%0</name>`.
 */
function nestedRecord(withSystem: boolean, inner: { name: string; nameAttr?: string; plain?: boolean; items?: number; tops?: number }): EvtxRecord {
  const innerBody = (w: ChunkWriter) => {
    const close = openElement(w, inner.name, { inTemplate: true, attrs: inner.nameAttr !== undefined })
    if (inner.nameAttr !== undefined) {
      attribute(w, 'Name', false)
      text(w, inner.nameAttr)
    }
    w.u8(0x02)
    substitution(w, 0, 0x01)
    w.u8(0x04)
    close()
  }
  // The BinXml value written at chunk offset `at` (its template definition and names are inline,
  // at offsets of their own).
  const binxml = (at: number): Value => {
    const w = new ChunkWriter()
    w.pos = at
    w.raw([0x0f, 0x01, 0x01, 0x00])
    if (inner.plain === true) {
      // Elements without a template (as CAPI2 writes its payloads): `<name><Item>plain</Item>…</name>`,
      // `tops` times.
      for (let k = 0; k < (inner.tops ?? 1); k++) {
        element(w, inner.name, (x) => {
          for (let i = 0; i < (inner.items ?? 1); i++) element(x, 'Item', (y) => text(y, 'plain "text"'))
        })
      }
    } else templateInstance(w, '{1e1e1e1e-0000-0000-0000-000000000002}', innerBody, [v.str('inner value')])
    w.u8(0x00)
    return { type: 0x21, bytes: w.bytes.slice(at, w.pos) }
  }
  const size = binxml(512).bytes.length
  const T = { inTemplate: true }
  const outerBody = (w: ChunkWriter) =>
    element(
      w,
      'Event',
      (x) => {
        if (withSystem) element(x, 'System', (y) => element(y, 'EventID', (z) => substitution(z, 0, 0x06), T), T)
        substitution(x, 1, 0x21)
      },
      T,
    )
  // A placeholder of the value's size marks where the value lands; the value is written there.
  const marker = new Uint8Array(size).fill(0xee)
  const chunk = templateChunk('{1e1e1e1e-0000-0000-0000-000000000001}', outerBody, [[v.u16(7), { type: 0x21, bytes: marker }]])
  const at = Buffer.from(chunk).indexOf(Buffer.from(marker))
  chunk.set(binxml(at).bytes, at)
  const [r] = [...parseChunk(chunk, 0, { onDiagnostic: () => undefined })]
  if (r === undefined) throw new Error('nested record not read')
  return r
}

describe('compiled JSON programs with a BinXml payload', () => {
  it('write the payload as its own member, after a comma only when a member precedes it', () => {
    for (const withSystem of [true, false]) {
      const r = nestedRecord(withSystem, { name: 'EventData' })
      expect(fast(r)).toBe(reference(r))
      expect(reference(r)).toContain('"EventData":"inner value"')
    }
    const named = nestedRecord(true, { name: 'Data', nameAttr: 'Key' })
    expect(fast(named)).toBe(reference(named))
  })

  it('write a payload of plain elements (no template) through the reference renderer, in place', () => {
    for (const withSystem of [true, false]) {
      const r = nestedRecord(withSystem, { name: 'Payload', plain: true })
      expect(fast(r)).toBe(reference(r))
      expect(reference(r)).toContain('"Payload":{"Item":"plain \\"text\\""}')
    }
    for (const name of ['System', 'Data', '7', '10']) expect(fast(nestedRecord(true, { name, plain: true })), name).toBeUndefined()
  })

  it("count a payload's template in the record's render budget", () => {
    // The payload's element name (300 characters) alone takes the record past a 300-character
    // limit; its values and the outer template's take far less.
    const r = nestedRecord(true, { name: 'X'.repeat(300) })
    expect(fast(r)).toBe(reference(r))
    const small = Object.assign(Object.create(Object.getPrototypeOf(r)), r, { limits: { ...r.limits, maxRenderedLength: 300 } }) as EvtxRecord
    expect(() => reference(small)).toThrowError(/LIMIT|exceed|budget/i)
    expect(fast(small)).toBeUndefined()
  })

  it('hand the record back when a plain payload repeats a name', () => {
    // Two namesakes join one array in the reference.
    const twice = nestedRecord(true, { name: 'Payload', plain: true, tops: 2 })
    expect(reference(twice)).toContain('"Payload":[{"Item":"plain \\"text\\""},{"Item":"plain \\"text\\""}]')
    expect(fast(twice)).toBeUndefined()
  })

  it("count a plain payload in the record's render budget", () => {
    const r = nestedRecord(true, { name: 'Payload', plain: true, items: 40 })
    expect(fast(r)).toBe(reference(r))
    // Within the budget the template's own part needs, beyond it with the payload's 81 elements
    // and texts: the reference reports the record, so the programs must hand it back.
    const small = Object.assign(Object.create(Object.getPrototypeOf(r)), r, { limits: { ...r.limits, maxRenderedLength: 40 } }) as EvtxRecord
    expect(() => reference(small)).toThrowError(/LIMIT|exceed|budget/i)
    expect(fast(small)).toBeUndefined()
  })

  it('hand the record back when the payload would merge with a sibling or join a Data array', () => {
    for (const inner of [{ name: 'System' }, { name: 'Data' }, { name: 'Data', nameAttr: 'System' }]) {
      const r = nestedRecord(true, inner)
      expect(fast(r), inner.name).toBeUndefined()
    }
  })
})

// Random templates: element trees over names chosen to collide with the shape's own keys, with
// dependency ids, optional attributes, text (blank too) and substitutions of random types.
type TNode =
  | { readonly k: 'el'; readonly name: string; readonly dep: number | undefined; readonly attrs: ReadonlyArray<{ readonly name: string; readonly parts: readonly TPart[] }>; readonly kids: readonly TNode[] }
  | { readonly k: 'text'; readonly s: string }
  | { readonly k: 'sub'; readonly i: number; readonly optional: boolean }
type TPart = { readonly k: 'text'; readonly s: string } | { readonly k: 'sub'; readonly i: number; readonly optional: boolean }

const SLOTS = 6
const name = fc.oneof(
  { arbitrary: fc.constantFrom('Data', 'A', 'B', 'EventData'), weight: 6 },
  { arbitrary: fc.constantFrom('Name', '0', '__proto__', '#text', '#attributes', 'record', 'xmlns'), weight: 1 },
)
const textArb = fc.constantFrom('', ' ', ' \n ', 'x', 'Name', 'a"b', '12')
const subArb = fc.record({ k: fc.constant('sub' as const), i: fc.integer({ min: 0, max: SLOTS }), optional: fc.boolean() })
const partArb: fc.Arbitrary<TPart> = fc.oneof(fc.record({ k: fc.constant('text' as const), s: textArb }), subArb)
const attrArb = fc.record({
  name: fc.oneof({ arbitrary: fc.constantFrom('Name', 'x'), weight: 6 }, { arbitrary: fc.constantFrom('xmlns', '1', 'Name'), weight: 1 }),
  parts: fc.array(partArb, { minLength: 1, maxLength: 2 }),
})

/** An element whose subtree is at most `depth` levels deep. */
function elementArb(depth: number): fc.Arbitrary<TNode> {
  const leaf = fc.oneof(fc.record({ k: fc.constant('text' as const), s: textArb }), subArb)
  return fc.record({
    k: fc.constant('el' as const),
    name,
    dep: fc.option(fc.integer({ min: 0, max: SLOTS - 1 }), { nil: undefined }),
    attrs: fc.array(attrArb, { maxLength: 2 }),
    kids: fc.array(depth > 0 ? fc.oneof(elementArb(depth - 1), leaf) : leaf, { maxLength: 4 }),
  })
}
const tree = elementArb(3)

const valueArb: fc.Arbitrary<Value> = fc.oneof(
  fc.constant(v.null()),
  fc.string({ unit: fc.constantFrom('a', ' ', '"', '\\', '\n', '\u0001', 'é', '😀', '\ud800', '\0'), maxLength: 6 }).map((s) => v.str(s)),
  fc.tuple(fc.constantFrom(0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x0b, 0x0c, 0x0d, 0x0f, 0x11, 0x13, 0x15, 0x02, 0x0e), fc.uint8Array({ maxLength: 10 })).map(([t, b]) => v.raw(t, b)),
  fc.array(fc.constantFrom('a', '', 'b c'), { maxLength: 3 }).map(stringArray),
  fc.uint8Array({ maxLength: 6 }).map((b) => v.raw(0x86, b)),
)

function writeNode(w: ChunkWriter, n: TNode): void {
  if (n.k === 'text') {
    if (n.s !== '') text(w, n.s)
    return
  }
  if (n.k === 'sub') {
    substitution(w, n.i, 0x01, n.optional)
    return
  }
  const close = openElement(w, n.name, { inTemplate: true, attrs: n.attrs.length > 0, ...(n.dep === undefined ? {} : { depId: n.dep }) })
  n.attrs.forEach((a, i) => {
    attribute(w, a.name, i < n.attrs.length - 1)
    for (const p of a.parts) {
      if (p.k === 'text') text(w, p.s)
      else substitution(w, p.i, 0x01, p.optional)
    }
  })
  if (n.kids.length === 0) {
    w.u8(0x03)
  } else {
    w.u8(0x02)
    n.kids.forEach((k) => writeNode(w, k))
    w.u8(0x04)
  }
  close()
}

describe('compiled JSON programs on random templates', () => {
  const runs = propertyRuns(300)
  it('write what the reference writes, or hand the record back untouched', () => {
    let used = 0
    let total = 0
    fc.assert(
      fc.property(tree, fc.array(fc.array(valueArb, { minLength: SLOTS, maxLength: SLOTS }), { minLength: 1, maxLength: 3 }), (root, valueSets) => {
        const chunk = templateChunk('{0a0a0a0a-0000-0000-0000-000000000001}', (w) => writeNode(w, root), valueSets)
        for (const r of parseChunk(chunk, 0, { onDiagnostic: () => undefined })) {
          let expected: string
          try {
            expected = reference(r)
          } catch {
            expect(fast(r)).toBeUndefined()
            continue
          }
          total++
          const line = fast(r)
          if (line === undefined) continue
          used++
          expect(line).toBe(expected)
        }
      }),
      { numRuns: runs, seed: PROPERTY_SEED },
    )
    // The programs must actually be exercised, not only declined.
    expect(used).toBeGreaterThan(total / 4)
  })
})

/** The records of a chunk of one template (a tree of the random-template shape) and these value sets. */
function treeRecords(root: TNode, valueSets: readonly (readonly Value[])[]): EvtxRecord[] {
  const chunk = templateChunk('{0a0a0a0a-0000-0000-0000-000000000002}', (w) => writeNode(w, root), valueSets)
  return [...parseChunk(chunk, 0, { onDiagnostic: () => undefined })]
}

const el = (name: string, kids: readonly TNode[], attrs: Extract<TNode, { k: 'el' }>['attrs'] = []): TNode => ({ k: 'el', name, dep: undefined, attrs, kids })
const sub = (i: number): TNode => ({ k: 'sub', i, optional: false })
const txt = (s: string): TNode => ({ k: 'text', s })

describe('compiled JSON programs at the corners of keys and arrays', () => {
  it('hand back a record with an index-like key of several digits, which an object moves first', () => {
    const [r] = treeRecords(el('Event', [el('A', [txt('x')]), el('10', [txt('y')])]), [[]])
    expect(reference(r as EvtxRecord)).toContain('"Event":{"10":"y","A":"x"}')
    expect(fast(r as EvtxRecord)).toBeUndefined()
  })

  it('repeat an element by the first array among its children, reading every value at the same item', () => {
    const [r] = treeRecords(el('Event', [el('A', [sub(0), txt('-'), sub(1)])]), [[stringArray(['a', 'b']), stringArray(['c', 'd', 'e'])]])
    expect(reference(r as EvtxRecord)).toContain('"Event":{"A":["a-c","b-d"]}')
    expect(fast(r as EvtxRecord)).toBe(reference(r as EvtxRecord))
  })

  it('escape an array value read into an attribute', () => {
    const [r] = treeRecords(el('Event', [el('A', [txt('y')], [{ name: 'x', parts: [{ k: 'sub', i: 0, optional: false }] }])]), [[stringArray(['say "hi"\\', 'b'])]])
    expect(reference(r as EvtxRecord)).toContain('"#attributes":{"x":"say \\"hi\\"\\\\"}')
    expect(fast(r as EvtxRecord)).toBe(reference(r as EvtxRecord))
  })

  it('write the text of references and leave processing instructions out, as the reference does', () => {
    // `<Event><A>x&foo;&lt;<?t d?>%0</A></Event>`: an unknown entity keeps its reference form.
    const T = { inTemplate: true }
    const chunk = templateChunk(
      '{0a0a0a0a-0000-0000-0000-000000000003}',
      (w) =>
        element(
          w,
          'Event',
          (x) =>
            element(
              x,
              'A',
              (y) => {
                text(y, 'x')
                y.u8(0x09).name('foo')
                y.u8(0x09).name('lt')
                y.u8(0x0a).name('t').u8(0x0b).u16(1).utf16('d')
                substitution(y, 0, 0x01)
              },
              T,
            ),
          T,
        ),
      [[v.str('z')]],
    )
    const [r] = [...parseChunk(chunk, 0, { onDiagnostic: () => undefined })]
    expect(reference(r as EvtxRecord)).toContain('"Event":{"A":"x&foo;<z"}')
    expect(fast(r as EvtxRecord)).toBe(reference(r as EvtxRecord))
  })
})
