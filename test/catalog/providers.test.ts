/**
 * The known providers: looking one up by name (any case, or the legacy source name TermService)
 * or by GUID (braced or not), as query hints and message rendering do.
 */
import { describe, expect, it } from 'vitest'
import { renderMessage } from '../../src/catalog/messages.js'
import { knownProvider } from '../../src/catalog/providers.js'
import { RCM } from '../helpers/events.js'

describe('knownProvider', () => {
  it('takes the legacy source name TermService for RemoteConnectionManager', () => {
    expect(knownProvider('TermService')?.name).toBe(RCM)
    expect(knownProvider(' termservice ')?.name).toBe(RCM)
    expect(renderMessage('TermService', 1057, ['Keyset does not exist'])).toMatch(/^The RD Session Host Server has failed to create a new self signed certificate .* The relevant status code was Keyset does not exist\.$/)
  })

  it('finds a provider by its GUID, braced or not, in any case', () => {
    for (const g of ['{1f678132-5938-4686-9fdc-c8ff68f15c85}', '1F678132-5938-4686-9FDC-C8FF68F15C85']) expect(knownProvider(g)?.name, g).toBe('Schannel')
    expect(knownProvider('{00000000-0000-0000-0000-000000000000}')).toBeUndefined()
  })
})
