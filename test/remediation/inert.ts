/**
 * Hostile text, and the check that a script holds it only inertly. The check reads the syntax
 * trees of two scripts rendered from the same report: one with the hostile values, one (the
 * twin) with every log string replaced by a harmless one. (1) The script is ASCII and parses;
 * (2) the two have the same code: every node type and every token except single-quoted literal
 * contents and comments; (3) each literal that differs is the argument of
 * [Convert]::FromBase64String and decodes to a value the script may embed; (4) a comment that
 * differs has no quote, $, backtick, ;, |, &, #, < or > that its twin lacks.
 * Because the script is ASCII only, PowerShell's own quote characters (’ and friends) cannot
 * occur in it, so tree-sitter's view of where strings start and end is PowerShell's view too.
 */
import { fc } from '@fast-check/vitest'
import { expect } from 'vitest'
import { parsePowerShell, syntaxProblems } from './parse.js'
import { comments, decodeUtf16Base64, isBase64Argument, skeleton, verbatimLiterals } from './tree.js'

const PIECES = [
  "'", '"', '\u2018', '\u2019', '\u201A', '\u201B', '\u201C', '\u201D', '\u201E', '`', '$(', '$(Remove-Item C:\\ -Recurse)', ')', ';', '|', '&',
  '\n', '\r', '\r\n', '\0', '#>', '<#', '#', '@"', '"@', "@'", "'@", '$x', '${env:PATH}', '{', '}', '--%', '\u2013', '\u00A0', '\u0085', '\u2028',
  '\u202E', '\x1b[2J', '\uD83D\uDE00', '\uD800', '\uDFFF', 'A', 'z', '0', ' ', '.', '\\',
]
export const hostile = fc.oneof(
  { weight: 6, arbitrary: fc.array(fc.constantFrom(...PIECES), { minLength: 1, maxLength: 12 }).map((p) => p.join('')) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 30 }) },
  { weight: 1, arbitrary: fc.string({ unit: fc.constantFrom("'", '\u2019', '`', '$', '\n', 'x'), minLength: 1500, maxLength: 3000 }) },
  { weight: 1, arbitrary: fc.string({ unit: fc.constantFrom(...'0123456789abcdefABCDEFg \'G'), minLength: 38, maxLength: 42 }) },
)

function count(text: string, ch: string): number {
  return text.split(ch).length - 1
}

export function expectInert(text: string, twinText: string, allowed: ReadonlySet<string>): void {
  expect(text).toMatch(/^[\x09\x0a\x20-\x7e]*$/)
  const tree = parsePowerShell(text)
  expect(syntaxProblems(tree)).toEqual([])

  const twin = parsePowerShell(twinText)
  expect(skeleton(tree.rootNode)).toEqual(skeleton(twin.rootNode))

  const mine = verbatimLiterals(tree.rootNode)
  const theirs = verbatimLiterals(twin.rootNode)
  expect(mine.length).toBe(theirs.length)
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
}
