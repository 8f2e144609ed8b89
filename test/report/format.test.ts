import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { clipText, eventName, evidenceText, factsLine, inputComputer, inputHealth, MAX_EVIDENCE_TEXT, MAX_FACT_TEXT, MAX_FACT_VALUES, statusLine, withThousands } from '../../src/report/format.js'
import type { Evidence, Finding, Report } from '../../src/report/schema.js'
import { PROPERTY_SEED, propertyRuns } from '../helpers/properties.js'
import { inputSummary } from '../helpers/reports.js'

describe('withThousands', () => {
  it('puts a comma between thousands', () => {
    expect(withThousands(0)).toBe('0')
    expect(withThousands(999)).toBe('999')
    expect(withThousands(1000)).toBe('1,000')
    expect(withThousands(1234567)).toBe('1,234,567')
    expect(withThousands(-12345)).toBe('-12,345')
  })

  it('writes what is not a safe integer as it is (no comma inside an exponent or a fraction)', () => {
    for (const n of [Number.NaN, Number.POSITIVE_INFINITY, 1e21, 1234.5, 2 ** 53]) expect(withThousands(n), String(n)).toBe(String(n))
  })

  it("writes every safe integer as toLocaleString('en-US') does", () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer(), fc.maxSafeInteger(), fc.integer({ min: -1_000_000, max: 1_000_000 })), (n) => {
        expect(withThousands(n)).toBe(n.toLocaleString('en-US'))
      }),
      { numRuns: propertyRuns(500), seed: PROPERTY_SEED },
    )
  })
})

describe('clipText and evidence text', () => {
  it('keeps short text, clips long text with the count left, never inside a surrogate pair', () => {
    expect(clipText('abc', 3)).toBe('abc')
    expect(clipText('abcdef', 3)).toBe('abc… (3 more characters)')
    expect(clipText('ab\u{1F600}cd', 3)).toBe('ab… (4 more characters)')
    // The last high surrogate, U+DBFF, is not cut from its pair either; a low one ends the clip as it is.
    expect(clipText('ab\uDBFF\uDFFFcd', 3)).toBe('ab… (4 more characters)')
    expect(clipText('ab\uDC00\uDFFFcd', 3)).toBe('ab\uDC00… (3 more characters)')
    expect(clipText('x'.repeat(5000), 1000)).toBe(`${'x'.repeat(1000)}… (4,000 more characters)`)
  })

  it('clips a message or the insertion strings of a crafted event, not a real one', () => {
    const base: Evidence = {
      file: 'System.evtx', channel: 'System', recordId: 1, time: null, provider: 'p', eventId: 1058, computer: null,
      signal: 's', role: 'failure', inWindow: true, matched: {}, data: {}, message: 'The RD Session Host Server has failed to replace the expired self signed certificate.',
    }
    expect(evidenceText(base)).toBe(base.message)
    const long = evidenceText({ ...base, message: 'y'.repeat(3_000_000) })
    expect(long).toHaveLength(MAX_EVIDENCE_TEXT + ' (2,999,000 more characters)'.length + 1)
    expect(evidenceText({ ...base, message: null, data: { param1: 'z'.repeat(2000) } })).toMatch(/^param1=z{993}… \(1,007 more characters\)$/)
  })
})

describe('factsLine', () => {
  const finding = (facts: Record<string, Array<string | number>>) =>
    ({ facts: Object.fromEntries(Object.entries(facts).map(([k, values]) => [k, { kind: 'text', values }])) }) as unknown as Finding

  it('lists a few short values as they are', () => {
    expect(factsLine(finding({ statusCode: ['0x80070005'], errorState: [10013, 10001] }))).toBe('statusCode: 0x80070005; errorState: 10013, 10001')
    expect(factsLine(finding({}))).toBeUndefined()
  })

  it(`shows ${MAX_FACT_VALUES} values and counts one more`, () => {
    const values = Array.from({ length: MAX_FACT_VALUES + 1 }, (_, i) => `v${i}`)
    expect(factsLine(finding({ x: values }))).toBe(`x: ${values.slice(0, MAX_FACT_VALUES).join(', ')} (+1 more)`)
    expect(factsLine(finding({ x: values.slice(0, MAX_FACT_VALUES) }))).toBe(`x: ${values.slice(0, MAX_FACT_VALUES).join(', ')}`)
  })

  it('shows the first values of a crafted fact, each clipped, and how many more there are', () => {
    const values = Array.from({ length: 1000 }, (_, i) => `${i}:${'x'.repeat(60_000)}`)
    const line = factsLine(finding({ statusText: values })) as string
    expect(line.length).toBeLessThan(MAX_FACT_VALUES * (MAX_FACT_TEXT + 40) + 100)
    expect(line).toContain(`statusText: 0:${'x'.repeat(MAX_FACT_TEXT - 2)}… (59,802 more characters), 1:`)
    expect(line.endsWith(` (+${withThousands(1000 - MAX_FACT_VALUES)} more)`)).toBe(true)
  })
})

describe('inputComputer', () => {
  it('names the computer of most records, counts the others, and says - for none', () => {
    const on = (...names: string[]) => inputSummary('System.evtx', 'System', { computers: names.map((name, i) => ({ name, records: 10 - i })) })
    expect(inputComputer(on())).toBe('-')
    expect(inputComputer(on('rdsh01.contoso.local'))).toBe('rdsh01.contoso.local')
    expect(inputComputer(on('rdcb-new', 'rdcb01', 'WIN-AN5B2T7E4GI'))).toBe('rdcb-new (+2 more)')
  })
})

describe('eventName and statusLine', () => {
  it('names an event by its short provider name, whatever the case, or its name without Microsoft-Windows-', () => {
    expect(eventName({ provider: 'SCHANNEL', eventId: 36870 })).toBe('Schannel 36870')
    expect(eventName({ provider: 'Microsoft-Windows-TerminalServices-RemoteConnectionManager', eventId: 1058 })).toBe('RCM 1058')
    expect(eventName({ provider: 'Microsoft-Windows-Kernel-General', eventId: 1 })).toBe('Kernel-General 1')
    expect(eventName({ provider: null, eventId: -1 })).toBe('? -1')
  })

  it('counts every failure event of a stale finding, and the window ones of a current one', () => {
    const report = { analysis: { window: { duration: '24h' } } } as Report
    const f = { status: 'stale', count: 5, countInWindow: 0 } as Finding
    expect(statusLine(f, report)).toBe('stale: 5 failure event(s), all before the 24h window')
    expect(statusLine({ ...f, status: 'current', countInWindow: 2 }, report)).toBe('current: 2 failure event(s) in the 24h window, 5 in all')
  })
})

describe('inputHealth', () => {
  const diagnostics = (byCode: Record<string, number>, error = 0, warning = 0) => ({ total: error + warning, bySeverity: { info: 0, warning, error }, byCode, items: [] })
  it('says ok for a clean input, and why for an unreadable one', () => {
    expect(inputHealth(inputSummary('System.evtx', 'System'))).toBe('ok')
    expect(inputHealth(inputSummary('System.evtx', 'System', { status: 'unreadable', error: 'not an EVTX file' }))).toBe('unreadable: not an EVTX file')
    expect(inputHealth(inputSummary('System.evtx', 'System', { status: 'unreadable' }))).toBe('unreadable: unknown error')
  })
  it('names each kind of damage: skipped and cut-off chunks, zeros, errors, warnings, a dirty header, an incomplete copy, a stop', () => {
    const damaged = inputSummary('System.evtx', 'System', {
      status: 'damaged',
      chunks: { valid: 3, empty: 0, bad: 2, truncated: 1 },
      diagnostics: diagnostics({ EVTX_CHUNK_INCOMPLETE: 1, EVTX_FILE_DIRTY: 1, EVTX_FILE_INCOMPLETE: 1 }, 4, 2),
      error: 'reading the input failed: connection reset',
    })
    expect(inputHealth(damaged)).toBe(
      'damaged: 2 bad chunk(s), 1 chunk(s) cut off (read up to the cut), 1 chunk(s) with zeros before their last record, 4 error(s), 2 warning(s), dirty header (all chunks read), incomplete copy, stopped: reading the input failed: connection reset',
    )
    // Each on its own.
    expect(inputHealth(inputSummary('a', 'System', { status: 'damaged', chunks: { valid: 1, empty: 0, bad: 0, truncated: 1 } }))).toBe('damaged: 1 chunk(s) cut off (read up to the cut)')
    expect(inputHealth(inputSummary('a', 'System', { status: 'damaged', diagnostics: diagnostics({ EVTX_FILE_INCOMPLETE: 1 }, 0, 1) }))).toBe('damaged: 1 warning(s), incomplete copy')
  })
})
