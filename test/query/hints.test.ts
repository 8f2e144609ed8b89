import { describe, expect, it } from 'vitest'
import { correctQuery, describeTypo, findProviderTypos, providerNameLiterals, suggestProvider } from '../../src/query/hints.js'
import { parseQuery } from '../../src/query/parser.js'

const ARTICLE_2056 = "Event[System[Provider[@Name=' Microsoft-Windows-TerminalServices-SessionBroker '] and EventID=2056 and TimeCreated[timediff(@SystemTime) <= 86400000]]]"
const ARTICLE_1296 = "Event[System[Provider[@Name=' Microsoft-Windows-TerminalServices-SessionBroker-Client '] and EventID=1296 and TimeCreated[timediff(@SystemTime) <= 86400000]]]"

describe('providerNameLiterals', () => {
  it('finds provider names however the query reaches System/Provider/@Name', () => {
    const names = (q: string) => providerNameLiterals(parseQuery(q)).map((l) => l.value)
    expect(names("*[System[Provider[@Name='A']]]")).toEqual(['A'])
    expect(names("*[System/Provider/@Name='B' or System[Provider/@Name='C']]")).toEqual(['B', 'C'])
    expect(names("*[*[Provider[@Name='D']]]")).toEqual(['D'])
    expect(names("*[System[Provider[@Guid='E'] and Channel='F']]")).toEqual([])
    expect(names("*[System/Provider/@Name!='G']")).toEqual([])
    expect(providerNameLiterals(parseQuery(ARTICLE_2056))[0]?.offset).toBe(28)
  })
})

describe('suggestProvider', () => {
  it("names the provider the article's queries meant", () => {
    expect(suggestProvider(' Microsoft-Windows-TerminalServices-SessionBroker ', [])).toEqual({ suggestion: 'Microsoft-Windows-TerminalServices-SessionBroker', kind: 'spaces' })
    expect(suggestProvider(' Microsoft-Windows-TerminalServices-SessionBroker-Client ', ['System'])?.suggestion).toBe('Microsoft-Windows-TerminalServices-SessionBroker-Client')
  })

  it('catches case and small misspellings, and keeps quiet about exact or unrelated names', () => {
    expect(suggestProvider('schannel', [])).toEqual({ suggestion: 'Schannel', kind: 'case' })
    expect(suggestProvider('Schanel', [])).toEqual({ suggestion: 'Schannel', kind: 'spelling' })
    expect(suggestProvider('Microsoft-Windows-Kernel-Powr', ['Microsoft-Windows-Kernel-Power'])).toEqual({ suggestion: 'Microsoft-Windows-Kernel-Power', kind: 'spelling' })
    expect(suggestProvider('Schannel', [])).toBeUndefined()
    expect(suggestProvider('Contoso-App', ['Microsoft-Windows-Kernel-Power'])).toBeUndefined()
    expect(suggestProvider('Foo', ['Fob'])).toBeUndefined()
  })
})

describe('correctQuery', () => {
  it('replaces exactly the misspelt literals, leaving the rest of the text as written', () => {
    const typos = findProviderTypos(parseQuery(ARTICLE_1296), [])
    expect(typos).toHaveLength(1)
    expect(correctQuery(ARTICLE_1296, typos)).toBe(ARTICLE_1296.replace(' Microsoft-Windows-TerminalServices-SessionBroker-Client ', 'Microsoft-Windows-TerminalServices-SessionBroker-Client'))
    const two = "*[System[Provider[@Name='schannel']] or System[Provider[@Name=\"Schanel\"]]]"
    expect(correctQuery(two, findProviderTypos(parseQuery(two), []))).toBe("*[System[Provider[@Name='Schannel']] or System[Provider[@Name=\"Schannel\"]]]")
    // A correction that changes the length must not move the place of the ones after it.
    const shifting = "*[System[Provider[@Name=' Schannel '] or Provider[@Name='Schanel']]]"
    expect(correctQuery(shifting, findProviderTypos(parseQuery(shifting), []))).toBe("*[System[Provider[@Name='Schannel'] or Provider[@Name='Schannel']]]")
  })

  it('describes the typo with its column', () => {
    const [t] = findProviderTypos(parseQuery(ARTICLE_2056), [])
    expect(describeTypo(t!, 29)).toBe(
      "provider name ' Microsoft-Windows-TerminalServices-SessionBroker ' (column 29) has spaces no provider name has: Windows compares names exactly, so this matches nothing. Did you mean 'Microsoft-Windows-TerminalServices-SessionBroker'?",
    )
  })
})
