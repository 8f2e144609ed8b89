import { fc, test as prop } from '@fast-check/vitest'
import { describe, expect, test } from 'vitest'
import {
  assertAscii,
  commentPath,
  commentText,
  embeddedForm,
  MAX_EMBEDDED_LENGTH,
  ps,
  psComment,
  psDriveLetter,
  psIdentifier,
  psInt,
  psLiteral,
  psLogString,
  psThumbprint,
  psTlsProtocol,
  psVar,
  utf16leBase64,
  validThumbprint,
} from '../../src/remediation/powershell.js'
import { propOptions } from './fc-options.js'
import { parsePowerShell, syntaxProblems } from './parse.js'
import { decodeUtf16Base64, isBase64Argument, verbatimLiterals } from './tree.js'

/**
 * A reader for PowerShell verbatim strings as PowerShell's tokenizer reads them
 * (about_Quoting_Rules): ', U+2018, U+2019, U+201A and U+201B all open, close and escape.
 * Returns the value and how many characters the literal took.
 */
function readVerbatim(source: string): { value: string; length: number } {
  const isQuote = (c: string | undefined) => c !== undefined && /['\u2018-\u201B]/.test(c)
  if (!isQuote(source[0])) throw new Error('no opening quote')
  let value = ''
  for (let i = 1; i < source.length; i++) {
    const c = source[i] as string
    if (isQuote(c)) {
      if (!isQuote(source[i + 1])) return { value, length: i + 1 }
      value += source[i + 1]
      i++
      continue
    }
    value += c
  }
  throw new Error('unterminated')
}

const QUOTES = ["'", '\u2018', '\u2019', '\u201A', '\u201B', '"', '\u201C', '\u201D', '\u201E', '`']
const hostileChar = fc.constantFrom(...QUOTES, '$', '(', ')', ';', '|', '\n', '\r', '\0', '#', '<', '>', '{', '}', '\u2028', 'a', ' ', '\uD83D\uDE00', '\uD800', '\uDFFF', '\u2013')
const hostileString = fc.oneof(fc.string({ unit: hostileChar, maxLength: 40 }), fc.string({ unit: 'binary', maxLength: 40 }), fc.string({ unit: 'grapheme', maxLength: 20 }))

describe('psLiteral', () => {
  test('doubles the ASCII quote and every typographic single quote', () => {
    expect(psLiteral("it's").text).toBe("'it''s'")
    expect(psLiteral('a\u2018b\u2019c\u201Ad\u201Be').text).toBe("'a\u2018\u2018b\u2019\u2019c\u201A\u201Ad\u201B\u201Be'")
    expect(psLiteral('"$(x)`').text).toBe('\'"$(x)`\'')
  })

  prop.prop([hostileString], propOptions(300))('reads back as the same value and ends where it should', (value) => {
    const text = psLiteral(value).text
    const read = readVerbatim(`${text} trailing`)
    expect(read.value).toBe(value)
    expect(read.length).toBe(text.length)
  })
})

describe('psLogString', () => {
  test('embeds UTF-16LE base64 decoded at run time', () => {
    expect(psLogString('AB').text).toBe("[Text.Encoding]::Unicode.GetString([Convert]::FromBase64String('QQBCAA=='))")
  })

  prop.prop([hostileString], propOptions(300))('holds only base64 in its literal, which decodes to the value, and parses', (value) => {
    const text = psLogString(value).text
    const tree = parsePowerShell(`$x = ${text}\n`)
    expect(syntaxProblems(tree)).toEqual([])
    const literals = verbatimLiterals(tree.rootNode)
    expect(literals).toHaveLength(1)
    const literal = literals[0] as (typeof literals)[number]
    expect(isBase64Argument(literal)).toBe(true)
    expect(decodeUtf16Base64(literal.text.slice(1, -1))).toBe(value)
  })

  test('cuts text longer than MAX_EMBEDDED_LENGTH and says so', () => {
    const long = 'x'.repeat(MAX_EMBEDDED_LENGTH + 5)
    expect(embeddedForm(long)).toBe(`${'x'.repeat(MAX_EMBEDDED_LENGTH)} [cut: ${MAX_EMBEDDED_LENGTH + 5} code units in the log]`)
    const literal = /'([^']*)'/.exec(psLogString(long).text)?.[1] as string
    expect(decodeUtf16Base64(literal)).toBe(embeddedForm(long))
    // Exactly the limit is kept whole.
    const full = 'y'.repeat(MAX_EMBEDDED_LENGTH)
    expect(embeddedForm(full)).toBe(full)
  })

  test('the limit is 1024 code units, a surrogate pair counting two', () => {
    const emoji = '\uD83D\uDE00'.repeat(513)
    expect(embeddedForm(emoji)).toBe(`${'\uD83D\uDE00'.repeat(512)} [cut: 1026 code units in the log]`)
  })

  prop.prop([fc.string({ unit: 'binary', maxLength: 64 })], propOptions(100))('utf16leBase64 matches Node for well-formed text', (value) => {
    expect(utf16leBase64(value)).toBe(Buffer.from(value, 'utf16le').toString('base64'))
  })

  test('keeps lone surrogates as they are', () => {
    expect(decodeUtf16Base64(utf16leBase64('a\uD800b\uDFFF'))).toBe('a\uD800b\uDFFF')
  })
})

describe('strict values', () => {
  test('a thumbprint is exactly 40 hex digits', () => {
    const t = 'ab'.repeat(20)
    expect(validThumbprint(t)).toBe(t.toUpperCase())
    expect(psThumbprint(t)?.text).toBe(`'${t.toUpperCase()}'`)
    for (const bad of ['ab'.repeat(19), `${'ab'.repeat(20)}0`, `${'ab'.repeat(19)}a'`, `${'ab'.repeat(19)}g0`, ` ${t}`, `${t}\n`, '']) {
      expect(psThumbprint(bad)).toBeUndefined()
    }
  })

  test('a protocol is one of the SCHANNEL key names', () => {
    expect(psTlsProtocol('TLS 1.2')?.text).toBe("'TLS 1.2'")
    for (const bad of ['tls 1.2', 'TLS 1.2 ', 'TLS 1.4', "TLS 1.2'", '']) expect(psTlsProtocol(bad)).toBeUndefined()
  })

  test('a drive letter is one ASCII letter', () => {
    expect(psDriveLetter('f')?.text).toBe("'F'")
    for (const bad of ['', 'FF', '1', 'F:', '\u00C9']) expect(psDriveLetter(bad)).toBeUndefined()
  })

  test('an integer literal is a safe integer, written as digits', () => {
    expect(psInt(0).text).toBe('0')
    expect(psInt(-42).text).toBe('-42')
    expect(psInt(Number.MAX_SAFE_INTEGER).text).toBe('9007199254740991')
    for (const bad of [1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53, 1e21]) expect(() => psInt(bad), String(bad)).toThrow(RangeError)
  })

  test('variable and function names must be plain', () => {
    expect(psVar('Apply').text).toBe('$Apply')
    expect(() => psVar('a;b')).toThrow(RangeError)
    expect(psIdentifier('Step01-FindWindowsVolume').text).toBe('Step01-FindWindowsVolume')
    expect(() => psIdentifier('Step01-$(x)')).toThrow(RangeError)
  })
})

describe('commentText', () => {
  /** Undoes {U+XXXX}; plain characters stand for themselves. */
  function readComment(text: string): string {
    return text.replace(/\{U\+([0-9A-F]{4,6})\}/g, (_, hex: string) => {
      const cp = Number.parseInt(hex, 16)
      return cp > 0xffff ? String.fromCodePoint(cp) : String.fromCharCode(cp)
    })
  }

  prop.prop([hostileString], propOptions(300))('keeps only plain characters and reads back to the value', (value) => {
    const text = commentText(value, 10_000)
    expect(text).toMatch(/^[A-Za-z0-9 .,:_/\\()[\]@%=+!{}-]*$/)
    expect(readComment(text)).toBe(value)
    const tree = parsePowerShell(`${psComment([text]).text}\n$after = 1\n`)
    expect(syntaxProblems(tree)).toEqual([])
    expect(tree.rootNode.children.filter((c) => c.type === 'comment')).toHaveLength(1)
  })

  test('writes a non-BMP character as its code point and a lone surrogate as its unit', () => {
    expect(commentText('a\uD83D\uDE00b\uD800')).toBe('a{U+1F600}b{U+D800}')
    expect(commentText("#> <# ' \n")).toBe('{U+0023}{U+003E} {U+003C}{U+0023} {U+0027} {U+000A}')
  })

  test('writes braces as code points too, so log text cannot pass for an escape', () => {
    expect(commentText('{U+0027}')).toBe('{U+007B}U+0027{U+007D}')
  })

  test('pairs a surrogate only with a partner in range, up to U+DBFF U+DFFF', () => {
    expect(commentText('\uD800\uDC00 \uDBFF\uDFFF \uD83D\uDFFF')).toBe('{U+10000} {U+10FFFF} {U+1F7FF}')
    expect(commentText('\uDC00\uD800 \uDBFF\uE000 \uD7FF\uDC00')).toBe('{U+DC00}{U+D800} {U+DBFF}{U+E000} {U+D7FF}{U+DC00}')
  })

  test('cuts long values and says how long they were', () => {
    expect(commentText('y'.repeat(200), 10)).toBe('yyyyyyyyyy... (200 code units)')
    // Exactly the limit is kept whole, one more is cut.
    expect(commentText('y'.repeat(10), 10)).toBe('yyyyyyyyyy')
    expect(commentText('y'.repeat(11), 10)).toBe('yyyyyyyyyy... (11 code units)')
    expect(commentPath('C:\\a.evtx', 9)).toBe('C:\\a.evtx')
    expect(commentPath('C:\\ab.evtx', 9)).toBe('...:\\ab.evtx (10 code units)')
  })

  test('commentPath keeps the end of a long path (the file name), made plain the same way', () => {
    const path = `/mnt/rescue/${'d'.repeat(150)}/Logs/Microsoft-Windows-TerminalServices-SessionBroker%4Operational.evtx`
    const shown = commentPath(path)
    expect(shown).toBe(`...${path.slice(path.length - 160)} (${path.length} code units)`)
    expect(shown).toContain('SessionBroker%4Operational.evtx (')
    expect(commentPath('C:\\Logs\\System.evtx')).toBe('C:\\Logs\\System.evtx')
    expect(commentPath('C:\\CaseLogs.zip!/F/System.evtx')).toBe('C:\\CaseLogs.zip!/F/System.evtx')
    expect(commentPath("x'#>\n.evtx", 7)).toBe('...{U+003E}{U+000A}.evtx (10 code units)')
  })

  test('psComment refuses a line break', () => {
    expect(() => psComment(['a\nb'])).toThrow(RangeError)
    expect(() => psComment(['a\u2028b'])).toThrow(RangeError)
    for (const lineBreak of ['\r', '\u0085', '\u2029']) expect(() => psComment([`a${lineBreak}b`]), JSON.stringify(lineBreak)).toThrow(RangeError)
    expect(psComment(['a', '', 'b']).text).toBe('# a\n#\n# b')
  })
})

describe('ps and assertAscii', () => {
  test('ps only takes PsCode', () => {
    const bad = 'Remove-Item C:\\' as unknown as ReturnType<typeof psLiteral>
    expect(() => ps`x ${bad}`).toThrow(TypeError)
    expect(ps`a ${psLiteral('b')} ${[psLiteral('c'), psLiteral('d')]}`.text).toBe("a 'b' 'c'\n'd'")
    expect(ps`C:\Windows\System32`.text).toBe('C:\\Windows\\System32')
  })

  test('assertAscii rejects anything outside printable ASCII, tab and newline', () => {
    expect(() => assertAscii('ok\n\tfine')).not.toThrow()
    for (const bad of ['\r', '\u2019', '\0', '\u00e9', '\u007f']) expect(() => assertAscii(`a${bad}`)).toThrow(RangeError)
  })
})
