/**
 * The known providers: looking one up by name (any case, or the legacy source name TermService)
 * or by GUID (braced or not), as query hints and message rendering do; the channels they log to
 * and their task names.
 */
import { describe, expect, it } from 'vitest'
import { renderMessage } from '../../src/catalog/messages.js'
import { KNOWN_PROVIDERS, knownProvider, taskName } from '../../src/catalog/providers.js'
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

describe('channels and tasks', () => {
  it('knows where the SessionBroker providers log (not System)', () => {
    expect(knownProvider('microsoft-windows-terminalservices-sessionbroker')?.channels).toEqual(['Microsoft-Windows-TerminalServices-SessionBroker/Operational'])
    expect(KNOWN_PROVIDERS.every((p) => p.channels.length > 0)).toBe(true)
  })

  it('names tasks as Windows shows them, with (N) for unknown ones', () => {
    expect(taskName(RCM, 0)).toBe('None')
    expect(taskName('Microsoft-Windows-TerminalServices-SessionBroker', 109)).toBe('(109)')
    expect(taskName('Unknown', 0)).toBe('N/A')
  })
})
