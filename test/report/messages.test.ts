import { describe, expect, it } from 'vitest'
import { makeEvent } from '../../src/model/event.js'
import { hasMessage, renderMessage } from '../../src/report/messages.js'
import { at, broker2056, client1296, rcm, schannel } from '../helpers/events.js'

describe('renderMessage', () => {
  it('fills a classic RCM message from its unnamed Data, without doubling the final period', () => {
    expect(renderMessage(rcm(1058, at(0), { status: 'Access is denied.' }))).toBe(
      'The RD Session Host Server has failed to replace the expired self signed certificate used for RD Session Host Server authentication on SSL connections. The relevant status code was Access is denied.',
    )
    expect(renderMessage(rcm(1057, at(0), { status: 'Keyset does not exist' }))).toMatch(/failed to create a new self signed certificate.*status code was Keyset does not exist\.$/)
  })
  it('fills Schannel messages by field name, whatever the layout', () => {
    const text = 'A fatal error occurred when attempting to access the TLS server credential private key. The error code returned from the cryptographic module is 0x8009030d. The internal error state is 10001.'
    expect(renderMessage(schannel(36870, at(0), { Type: 'server', ErrorCode: '0x8009030d', ErrorStatus: '10001' }))).toBe(text)
    expect(renderMessage(schannel(36870, at(0), { Type: 'server', ErrorCode: '0x8009030d', ErrorStatus: '10001' }, true))).toBe(text)
    expect(renderMessage(schannel(36871, at(0), { Type: 'client', ErrorState: '10013' }))).toBe('A fatal error occurred while creating a TLS client credential. The internal error state is 10013.')
  })
  it('fills SessionBroker-Client 1296 from its values in order', () => {
    expect(renderMessage(client1296(at(0)))).toBe(
      'Remote Desktop Connection Broker Client failed while getting redirection packet from Connection Broker. User : CONTOSO\\alice Error: Remote Desktop Connection Broker is not ready for RPC communication.',
    )
  })
  it('keeps %n for a missing value, finds the provider by GUID, and has no text for 2056 or unknown events', () => {
    expect(renderMessage(schannel(36871, at(0), { Type: 'server' }))).toMatch(/internal error state is %2\.$/)
    expect(renderMessage(makeEvent({ providerGuid: '{1F678132-5938-4686-9FDC-C8FF68F15C85}', eventId: 36887, data: { AlertDesc: '40' } }))).toMatch(/fatal alert code is 40\./)
    expect(renderMessage(broker2056(at(0)))).toBeUndefined()
    expect(renderMessage(makeEvent({ provider: 'Service Control Manager', eventId: 7036, data: { param1: 'Remote Desktop Services', param2: 'running' } }))).toBe('The Remote Desktop Services service entered the running state.')
    expect(renderMessage(makeEvent({ provider: 'Some-Other-Provider', eventId: 7036 }))).toBeUndefined()
  })
  it('trims insertion strings, and tells a named-field layout from unnamed Data', () => {
    expect(renderMessage(rcm(1058, at(0), { status: '  Access is denied.  ' }))).toMatch(/status code was Access is denied\.$/)
    // Schannel 36872 has two texts: one for named fields, one for the older unnamed layout.
    expect(renderMessage(makeEvent({ provider: 'Schannel', eventId: 36872, unnamedData: ['x'] }))).toMatch(/^No suitable default server credential exists/)
    expect(renderMessage(makeEvent({ provider: 'Schannel', eventId: 36872, data: { Type: 'server', ErrorCode: '0x1', CertFlags: '0' } }))).toMatch(/^The TLS server specified certificate's chain/)
  })
  it("goes by the provider's name, and by its GUID only when the record has no name", () => {
    expect(renderMessage({ ...rcm(1058, at(0), { status: 'x' }), provider: 'Some-Other-Provider' })).toBeUndefined()
    expect(renderMessage({ ...rcm(1058, at(0), { status: 'x' }), provider: undefined })).toMatch(/status code was x\.$/)
  })
})

describe('hasMessage', () => {
  it('is true only for events whose text the catalog has', () => {
    expect(hasMessage(rcm(1058, at(0)))).toBe(true)
    expect(hasMessage(broker2056(at(0)))).toBe(false)
    expect(hasMessage(makeEvent({ provider: 'Some-Other-Provider', eventId: 1058 }))).toBe(false)
    expect(hasMessage(makeEvent({ provider: 'Schannel' }))).toBe(false)
  })
})
