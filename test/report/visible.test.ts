import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { forDisplay, visibleText } from '../../src/report/visible.js'
import { PROPERTY_SEED, propertyRuns } from '../helpers/properties.js'

/** What may reach a terminal from a log: printable text, tabs, and (with keepLines) line breaks. */
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/

describe('visibleText', () => {
  it('shows terminal controls, line breaks and bidirectional overrides as escapes', () => {
    expect(visibleText('a\u001b[2Jb\u0007c\bd\re\nf\u202eg\u0085h\u0000')).toBe('a\\x1b[2Jb\\x07c\\x08d\\re\\nf\\u202eg\\x85h\\x00')
    expect(visibleText('C:\\Windows\tok, ünïcode, 日本')).toBe('C:\\Windows\tok, ünïcode, 日本')
    // The bidirectional isolates and the Unicode line and paragraph separators too.
    expect(visibleText('a\u2066b\u2067c\u2068d\u2069e\u2028f\u2029g\u202ah')).toBe('a\\u2066b\\u2067c\\u2068d\\u2069e\\u2028f\\u2029g\\u202ah')
    // Windows' own direction marks in formatted dates stay as they are.
    expect(visibleText('\u200eThursday, \u200eMarch 15')).toBe('\u200eThursday, \u200eMarch 15')
  })

  it('keeps line breaks when asked, but not a lone carriage return (it would overwrite the line)', () => {
    expect(visibleText('one\r\ntwo\nthree\rfour\u001b', true)).toBe('one\r\ntwo\nthree\\rfour\\x1b')
  })

  it('never lets a control character through, whatever the text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), fc.boolean(), (s, keepLines) => {
        const shown = visibleText(s, keepLines)
        const rest = keepLines ? shown.replace(/\r\n|\n/g, '') : shown
        expect(rest).not.toMatch(UNSAFE)
        expect(rest).not.toMatch(keepLines ? /\r/ : /[\r\n]/)
        // Text without such characters is left as it is.
        if (!/[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/.test(s)) expect(shown).toBe(s)
      }),
      { seed: PROPERTY_SEED, numRuns: propertyRuns(300) },
    )
  })
})

describe('forDisplay', () => {
  it('copies plain data with every string (keys too) made visible, the original untouched', () => {
    const input = { a: 'x\u001b', list: ['ok', { 'k\n': 'v\r' }], n: 3, none: null, yes: true }
    expect(forDisplay(input)).toEqual({ a: 'x\\x1b', list: ['ok', { 'k\\n': 'v\\r' }], n: 3, none: null, yes: true })
    expect(input.a).toBe('x\u001b')
  })
  it('keeps a key named __proto__ as a key of the copy', () => {
    const copy = forDisplay(JSON.parse('{"__proto__": "v\\u001b", "a": "b"}') as Record<string, string>)
    expect(Object.entries(copy)).toEqual([['__proto__', 'v\\x1b'], ['a', 'b']])
  })
})
