/**
 * The safety property: put hostile text into every report field a log controls, and check on
 * the syntax tree that (1) the script still parses, (2) its code is exactly the code of the same
 * report with harmless values (only single-quoted literal contents and comments may differ),
 * (3) every literal that differs is base64 passed to [Convert]::FromBase64String and decodes to
 * the hostile value, and (4) a comment that differs has no quote, $, backtick, ;, |, #, < or > that
 * its twin lacks.
 * Because the script is ASCII only, PowerShell's own quote characters (’ and friends) cannot
 * occur in it, so tree-sitter's view of where strings start and end is PowerShell's view too.
 */
import { fc, test as prop } from '@fast-check/vitest'
import { describe, expect } from 'vitest'
import { renderScript } from '../../src/remediation/index.js'
import type { RemediationEvidence, RemediationFinding, RemediationInput } from '../../src/remediation/input.js'
import { embeddedForm, validThumbprint, validTlsProtocol } from '../../src/remediation/powershell.js'
import { propOptions } from './fc-options.js'
import { parsePowerShell, syntaxProblems } from './parse.js'
import { comments, decodeUtf16Base64, isBase64Argument, skeleton, verbatimLiterals } from './tree.js'

const PIECES = [
  "'", '"', '\u2018', '\u2019', '\u201A', '\u201B', '\u201C', '\u201D', '\u201E', '`', '$(', '$(Remove-Item C:\\ -Recurse)', ')', ';', '|', '&',
  '\n', '\r', '\r\n', '\0', '#>', '<#', '#', '@"', '"@', "@'", "'@", '$x', '${env:PATH}', '{', '}', '--%', '\u2013', '\u00A0', '\u0085', '\u2028',
  '\u202E', '\x1b[2J', '\uD83D\uDE00', '\uD800', '\uDFFF', 'A', 'z', '0', ' ', '.', '\\',
]
const hostile = fc.oneof(
  { weight: 6, arbitrary: fc.array(fc.constantFrom(...PIECES), { minLength: 1, maxLength: 12 }).map((p) => p.join('')) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 30 }) },
  { weight: 1, arbitrary: fc.string({ unit: fc.constantFrom("'", '\u2019', '`', '$', '\n', 'x'), minLength: 1500, maxLength: 3000 }) },
  { weight: 1, arbitrary: fc.string({ unit: fc.constantFrom(...'0123456789abcdefABCDEFg \'G'), minLength: 38, maxLength: 42 }) },
)

const evidenceArb: fc.Arbitrary<RemediationEvidence> = fc.record({
  file: hostile,
  recordId: fc.oneof(fc.nat(), hostile),
  time: hostile,
  provider: hostile,
  eventId: fc.constantFrom(1057, 1058, 36870, 36871, 2056, 1296),
  channel: fc.option(hostile, { nil: undefined }),
  computer: fc.option(hostile, { nil: undefined }),
  fields: fc.array(fc.tuple(hostile, hostile), { maxLength: 4 }),
})

const findingArb: fc.Arbitrary<RemediationFinding> = fc.record({
  ruleId: hostile,
  scenario: fc.constantFrom('S1' as const, 'S2' as const, 'S3' as const),
  status: fc.constantFrom('current' as const, 'stale' as const, 'resolved' as const),
  confidence: fc.oneof(hostile, fc.double({ noNaN: true })),
  title: fc.option(hostile, { nil: undefined }),
  firstSeen: fc.option(hostile, { nil: undefined }),
  lastSeen: fc.option(hostile, { nil: undefined }),
  count: fc.option(fc.nat(), { nil: undefined }),
  evidence: fc.array(evidenceArb, { minLength: 1, maxLength: 3 }),
  thumbprints: fc.option(fc.array(hostile, { maxLength: 2 }), { nil: undefined }),
})

const reportArb: fc.Arbitrary<RemediationInput> = fc.record({
  toolVersion: hostile,
  reportTime: fc.option(hostile, { nil: undefined }),
  inputs: fc.array(fc.record({ path: hostile, channel: fc.option(hostile, { nil: undefined }), records: fc.option(fc.nat(), { nil: undefined }) }), { maxLength: 3 }),
  findings: fc.array(findingArb, { maxLength: 4 }),
})

/** The same report with every string replaced by a distinct harmless one (valid thumbprints and protocols kept). */
function harmlessTwin(r: RemediationInput): RemediationInput {
  const names = new Map<string, string>()
  const h = (s: string): string => {
    if (validThumbprint(s) !== undefined || validTlsProtocol(s) !== undefined) return s
    if (!names.has(s)) names.set(s, `v${names.size}`)
    return names.get(s) as string
  }
  const o = <T extends string | undefined>(s: T): T => (s === undefined ? s : (h(s) as T))
  return {
    toolVersion: h(r.toolVersion),
    reportTime: o(r.reportTime),
    inputs: r.inputs.map((i) => ({ ...i, path: h(i.path), channel: o(i.channel) })),
    findings: r.findings.map((f) => ({
      ...f,
      ruleId: h(f.ruleId),
      confidence: typeof f.confidence === 'string' ? h(f.confidence) : f.confidence,
      title: o(f.title),
      firstSeen: o(f.firstSeen),
      lastSeen: o(f.lastSeen),
      thumbprints: f.thumbprints?.map(h),
      evidence: f.evidence.map((e) => ({
        ...e,
        file: h(e.file),
        recordId: typeof e.recordId === 'string' ? h(e.recordId) : e.recordId,
        time: h(e.time),
        provider: h(e.provider),
        channel: o(e.channel),
        computer: o(e.computer),
        fields: e.fields.map(([k, v]) => [h(k), h(v)] as const),
      })),
    })),
  }
}

/** Every string in the report that a script may embed at run time. */
function embeddable(r: RemediationInput): Set<string> {
  const out = new Set<string>()
  for (const f of r.findings) {
    out.add(embeddedForm(f.ruleId))
    for (const e of f.evidence) if (e.computer) out.add(embeddedForm(e.computer))
  }
  return out
}

function count(text: string, ch: string): number {
  return text.split(ch).length - 1
}

describe('hostile report text', () => {
  for (const mode of ['online', 'offline'] as const) {
    prop.prop([reportArb], propOptions(60))(`${mode}: parses, keeps its code, and holds log text only inert`, (r) => {
      const text = renderScript(r, { mode })
      expect(text).toMatch(/^[\x09\x0a\x20-\x7e]*$/)
      const tree = parsePowerShell(text)
      expect(syntaxProblems(tree)).toEqual([])

      const twin = parsePowerShell(renderScript(harmlessTwin(r), { mode }))
      expect(skeleton(tree.rootNode)).toEqual(skeleton(twin.rootNode))

      const mine = verbatimLiterals(tree.rootNode)
      const theirs = verbatimLiterals(twin.rootNode)
      expect(mine.length).toBe(theirs.length)
      const allowed = embeddable(r)
      mine.forEach((literal, i) => {
        if (literal.text === theirs[i]?.text) return
        expect(isBase64Argument(literal)).toBe(true)
        expect(allowed.has(decodeUtf16Base64(literal.text.slice(1, -1)))).toBe(true)
      })

      const myComments = comments(tree.rootNode)
      const theirComments = comments(twin.rootNode)
      expect(myComments.length).toBe(theirComments.length)
      myComments.forEach((c, i) => {
        const other = theirComments[i]?.text ?? ''
        if (c.text === other) return
        // A comment that shows log text may differ from its twin only in plain characters: every
        // quote, $, backtick, ;, |, #, < or > in it is one the tool's own wording put there.
        for (const ch of '\'"`$;|#<>&') expect([ch, count(c.text, ch)]).toEqual([ch, count(other, ch)])
      })
    })
  }
})
