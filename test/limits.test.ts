import { describe, expect, it } from 'vitest'
import { parseEvtx } from '../src/evtx/parse.js'
import { DEFAULT_LIMITS, LIMIT_CEILINGS, type Limits, resolveLimits } from '../src/limits.js'
import { ChunkWriter, finishChunk, openElement, record, simpleFile } from './helpers/chunk-builder.js'
import { parseChunk } from '../src/evtx/chunk.js'
import { renderXml } from '../src/render/xml.js'
import { recordJson } from '../src/render/record-line.js'
import { normalizeRecord } from '../src/model/from-record.js'
import { textContent } from '../src/access/path.js'
import { renderJson } from '../src/render/json.js'
import { renderByWalk } from '../src/render/xml.js'
import { nestedTemplateChunk } from './helpers/nesting.js'
import { renderAll } from './helpers/render-all.js'

/** One record of `levels` nested `<E>` elements (no template). */
function nestedChunk(levels: number): Uint8Array {
  const w = new ChunkWriter()
  const at = record(w, 1, 0n, (x) => {
    x.raw([0x0f, 0x01, 0x01, 0x00])
    const closers: Array<() => void> = []
    for (let i = 0; i < levels; i++) {
      closers.push(openElement(x, 'E'))
      x.u8(0x02)
    }
    for (let i = closers.length - 1; i >= 0; i--) {
      x.u8(0x04)
      ;(closers[i] as () => void)()
    }
    x.u8(0x00)
  })
  return finishChunk(w, { firstId: 1, lastId: 1, lastRecordOffset: at })
}

describe('limits', () => {
  it('are the defaults with the given ones applied', () => {
    expect(resolveLimits(undefined)).toBe(DEFAULT_LIMITS)
    expect(resolveLimits({ maxDepth: 10, maxRenderedLength: undefined })).toEqual({ ...DEFAULT_LIMITS, maxDepth: 10 })
    expect(resolveLimits({ maxNestedBinXml: 0, maxDepth: 512 })).toEqual({ ...DEFAULT_LIMITS, maxNestedBinXml: 0, maxDepth: 512 })
  })

  it('refuse what would turn a bound off or past where it protects: NaN, Infinity, fractions, negatives, strings, depths past the ceiling', () => {
    const bad: Array<[Partial<Record<keyof Limits, unknown>>, RegExp]> = [
      [{ maxDepth: Number.NaN }, /limits\.maxDepth must be a whole number from 0 to 512, got NaN/],
      [{ maxRenderedLength: Number.POSITIVE_INFINITY }, /limits\.maxRenderedLength must be a whole number from 0 to 9007199254740991, got Infinity/],
      [{ maxArrayItems: 1.5 }, /maxArrayItems .* got 1\.5/],
      [{ maxSubstitutions: -1 }, /maxSubstitutions .* got -1/],
      [{ maxCachedTemplates: '10' }, /maxCachedTemplates .* got "10"/],
      [{ maxDepth: 513 }, /from 0 to 512, got 513/],
      [{ maxNestedBinXml: 65 }, /from 0 to 64, got 65/],
    ]
    for (const [limits, message] of bad) expect(() => resolveLimits(limits as Partial<Limits>), JSON.stringify(limits)).toThrow(message)
    expect(() => resolveLimits({ maxDeep: 3 } as Partial<Limits>)).toThrow(/unknown limit: maxDeep \(known: maxDepth, /)
    // Checked before any byte is read, by every entry point.
    expect(() => [...parseEvtx(simpleFile([[1, 2]]), { limits: { maxDepth: 1e9 } })]).toThrow(RangeError)
  })

  it('at their ceilings, still bound recursion: the deepest nesting allowed parses and renders in every form', () => {
    const depth = LIMIT_CEILINGS.maxDepth as number
    const diagnostics: string[] = []
    const [r] = [...parseChunk(nestedChunk(depth), 0, { limits: { maxDepth: depth }, onDiagnostic: (d) => diagnostics.push(d.code) })]
    expect(diagnostics).toEqual([])
    expect(renderXml(r!)).toBe(`${'<E>'.repeat(depth - 1)}<E></E>${'</E>'.repeat(depth - 1)}`)
    expect(JSON.stringify(recordJson(r!)).length).toBeGreaterThan(depth * 4)
    expect(normalizeRecord(r!).eventId).toBeUndefined()
    // One level more is refused, as a diagnostic for that record, not a thrown stack overflow.
    const over: string[] = []
    expect([...parseChunk(nestedChunk(depth + 1), 0, { limits: { maxDepth: depth }, onDiagnostic: (d) => over.push(d.code) })]).toEqual([])
    expect(over).toEqual(['BINXML_DEPTH_LIMIT'])
  })

  it('at their ceilings, bound the depth of the whole record, template bodies and BinXml values included: it renders in every form', () => {
    const limits = { maxDepth: LIMIT_CEILINGS.maxDepth as number, maxNestedBinXml: LIMIT_CEILINGS.maxNestedBinXml as number }
    const read = (levels: number, nests: number) => {
      const diagnostics: string[] = []
      const records = [...parseChunk(nestedTemplateChunk(levels, nests), 0, { limits, onDiagnostic: (d) => diagnostics.push(d.code) })]
      return { record: records.find((r) => r.recordId === 2), diagnostics }
    }
    // 8 levels in each of 64 bodies (63 nested values): the 512 levels allowed.
    const { record, diagnostics } = read(8, 63)
    expect(diagnostics).toEqual([])
    const xml = `${'<E>'.repeat(512)}${'</E>'.repeat(512)}`
    expect(renderAll(record!)).toBe(xml)
    expect(renderByWalk(record!.fragment)).toBe(xml)
    expect(JSON.stringify(renderJson(record!)).length).toBeGreaterThan(512 * 4)
    expect(textContent(record!.fragment, undefined, -1)).toBe('')
    // 200 levels in 9 bodies would be 1,800: refused as a diagnostic, not a stack overflow when rendered.
    expect(read(200, 8)).toEqual({ record: undefined, diagnostics: ['BINXML_DEPTH_LIMIT'] })
  })
})
