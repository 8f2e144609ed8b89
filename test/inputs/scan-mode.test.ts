/** The scan's prefilter: a record passes by its provider's name, or by its GUID when only that can match. */
import { describe, expect, it } from 'vitest'
import { scanPrefilter } from '../../src/inputs/scan-mode.js'
import { prefilterOf } from '../../src/rules/compile.js'

describe('scanPrefilter', () => {
  const wanted = [{ providerNames: ['Wanted-Provider'], providerGuids: ['{11111111-2222-3333-4444-555555555555}'], eventId: 1058 }]
  const { eventIds, accept } = scanPrefilter(prefilterOf(wanted))

  it('passes the wanted ids of a wanted provider, known by its name or, failing that, its GUID', () => {
    expect([...eventIds]).toEqual([1058])
    expect(accept('Wanted-Provider', undefined, 1058)).toBe(true)
    expect(accept('Other', '{11111111-2222-3333-4444-555555555555}', 1058)).toBe(true)
    expect(accept(undefined, '{11111111-2222-3333-4444-555555555555}', 1058)).toBe(true)
  })
  it('skips another provider whose GUID is not wanted, and ids no rule wants', () => {
    expect(accept('Other', '{99999999-2222-3333-4444-555555555555}', 1058)).toBe(false)
    expect(accept('Other', undefined, 1058)).toBe(false)
    expect(accept('Wanted-Provider', '{11111111-2222-3333-4444-555555555555}', 1057)).toBe(false)
  })
})
