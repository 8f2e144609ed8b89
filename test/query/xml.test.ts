/**
 * The small XML reader behind QueryList documents: character and entity references, CDATA,
 * prefixes dropped from names, and the malformed documents it must refuse (with their offsets).
 */
import { describe, expect, it } from 'vitest'
import { QueryError } from '../../src/query/errors.js'
import { parseXml } from '../../src/query/xml.js'
import { thrown } from '../helpers/thrown.js'

function error(xml: string): QueryError {
  return thrown(() => parseXml(xml), QueryError)
}

describe('parseXml', () => {
  it('resolves hexadecimal, decimal and named references in text and attributes', () => {
    const root = parseXml(`<a v="&#x41;&#66;&lt;&quot;">&#x3c;=&#x10;&#62;&amp;&apos;</a>`)
    expect(root.attributes.get('v')).toBe('AB<"')
    expect(root.text).toBe("<=\u0010>&'")
  })

  it('keeps CDATA text as written and drops comments and name prefixes', () => {
    const root = parseXml(`<q:a x:k='1'><!-- note --><![CDATA[<=&amp;]]><b/>tail</q:a>`)
    expect(root.name).toBe('a')
    expect([...root.attributes]).toEqual([['k', '1']])
    expect(root.text).toBe('<=&amp;tail')
    expect(root.children.map((c) => c.name)).toEqual(['b'])
  })

  it.each([
    [`<a k='1' k="2"/>`, 10, 'attribute k is given twice'],
    [`<a/><b/>`, 5, 'unexpected content after the root element'],
    [`<a>x & y</a>`, 6, 'a bare `&` must be written &amp;'],
    [`<a>&nbsp;</a>`, 4, 'unknown entity &nbsp;'],
    [`<a><b></a>`, 7, '</a> closes <b>'],
  ])('refuses %s', (xml, column, reason) => {
    const e = error(xml)
    expect(e.reason).toBe(reason)
    expect(e.column).toBe(column)
  })

  it('refuses a reference to no character, and elements nested past 64 levels, with a query error (not a RangeError)', () => {
    expect(error(`<a>&#x110000;</a>`).reason).toBe('&#x110000; is not a character (above U+10FFFF)')
    expect(error(`<a v='&#99999999999;'/>`).column).toBe(7)
    parseXml(`${'<a>'.repeat(64)}${'</a>'.repeat(64)}`)
    for (const n of [65, 100_000]) {
      const e = error('<a>'.repeat(n))
      expect(e.reason).toBe('elements nested deeper than 64 levels')
      expect(e.column).toBe(193)
    }
  })
})
