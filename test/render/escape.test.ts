/**
 * Escaping for XML: names from the log kept when XML allows them and encoded otherwise, CDATA
 * split at `]]>`, entity references and processing instructions that cannot end early.
 */
import { describe, expect, it } from 'vitest'
import { cdataXml, entityXml, escapeAttribute, escapeText, processingInstructionXml, xmlName } from '../../src/render/escape.js'

describe('XML escaping', () => {
  it('escapes & < > in text, and quotes too in attributes', () => {
    expect(escapeText(`a&<>'"`)).toBe(`a&amp;&lt;&gt;'"`)
    expect(escapeAttribute(`a&<>'"`)).toBe('a&amp;&lt;&gt;&apos;&quot;')
  })

  it('keeps every valid name as it is, prefixes and non-Latin and non-BMP letters included', () => {
    for (const name of ['Event', 'Data', 'xmlns:auto-ns2', '_x', 'Événement', 'a.b-c·d', 'データ', '\u{10000}x']) expect(xmlName(name)).toBe(name)
  })

  it('writes each character a name cannot hold as _xHHHH_', () => {
    expect(xmlName('a b')).toBe('a_x0020_b')
    expect(xmlName("x'/><y")).toBe('x_x0027__x002F__x003E__x003C_y')
    expect(xmlName('1a')).toBe('_x0031_a')
    expect(xmlName('-')).toBe('_x002D_')
    expect(xmlName('a\ud800')).toBe('a_xD800_')
  })

  it('splits CDATA at ]]>, writes an undefined entity as text, and keeps ?> out of a processing instruction', () => {
    expect(cdataXml('x]]>y]]>')).toBe('<![CDATA[x]]]]><![CDATA[>y]]]]><![CDATA[>]]>')
    expect(cdataXml('<plain>')).toBe('<![CDATA[<plain>]]>')
    expect(entityXml('lt')).toBe('&lt;')
    expect(entityXml('nbsp')).toBe('&amp;nbsp;')
    expect(processingInstructionXml('t', 'a?>b')).toBe('<?t a? >b?>')
  })
})
