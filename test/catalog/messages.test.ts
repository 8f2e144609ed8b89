/**
 * The message catalog: event texts filled from their fields as Event Viewer shows them, and the
 * fallback notice for events it has no text for.
 */
import { describe, expect, it } from 'vitest'
import { findMessage, formatMessage, MESSAGES, missingDescription, renderMessage } from '../../src/catalog/messages.js'
import { knownProvider } from '../../src/catalog/providers.js'
import { RCM } from '../helpers/events.js'

describe('renderMessage', () => {
  it('fills the classic RCM events from their one unnamed status string', () => {
    expect(renderMessage(RCM, 1058, ['Access is denied.'])).toBe(
      'The RD Session Host Server has failed to replace the expired self signed certificate used for RD Session Host Server authentication on SSL connections. The relevant status code was Access is denied..',
    )
    expect(renderMessage(RCM, 1057, ['Keyset does not exist'])).toContain('failed to create a new self signed certificate')
  })

  it('reads Schannel fields by name, whatever their position (newer builds add caller fields first)', () => {
    const old = renderMessage('Schannel', 36870, ['server', '0x8009030d', '10001'], ['Type', 'ErrorCode', 'ErrorStatus'])
    const newer = renderMessage('Schannel', 36870, ['1234', 'C:\\Windows\\System32\\svchost.exe', 'server', '0x8009030d', '10001'], ['CallerProcessId', 'CallerProcessImageName', 'Type', 'ErrorCode', 'ErrorStatus'])
    expect(old).toBe('A fatal error occurred when attempting to access the TLS server credential private key. The error code returned from the cryptographic module is 0x8009030d. The internal error state is 10001.')
    expect(newer).toBe(old)
    expect(renderMessage('Schannel', 36871, ['1', 'x.exe', 'server', '10013'], ['CallerProcessId', 'CallerProcessImageName', 'Type', 'ErrorState'])).toBe(
      'A fatal error occurred while creating a TLS server credential. The internal error state is 10013.',
    )
  })

  it('picks the meaning of 36872 by layout: named fields (current) or none (2000/XP-era text)', () => {
    expect(renderMessage('Schannel', 36872, ['server', '0x80092012', '0x0'], ['Type', 'ErrorCode', 'CertFlags'])).toContain("certificate's chain could not be retrieved: Failure Status 0x80092012")
    expect(renderMessage('Schannel', 36872, [])).toMatch(/^No suitable default server credential exists/)
  })

  it('matches provider names case-insensitively, like Windows', () => {
    expect(renderMessage('SCHANNEL', 36887, ['40'], ['AlertDesc'])).toBe('A fatal alert was received from the remote endpoint. The TLS protocol defined fatal alert code is 40.')
    expect(renderMessage('service control manager', 7036, ['Remote Desktop Services', 'stopped'], ['param1', 'param2'])).toBe('The Remote Desktop Services service entered the stopped state.')
  })

  it('fills each insertion point from the field it names', () => {
    // 36888: %1 the TLS alert, %2 the Schannel error state, whatever order the fields come in.
    expect(renderMessage('Schannel', 36888, ['1205', '40'], ['ErrorState', 'AlertDesc'])).toBe(
      'A fatal alert was generated and sent to the remote endpoint. This may result in termination of the connection. The TLS protocol defined fatal error code is 40. The Windows SChannel error state is 1205.',
    )
    expect(renderMessage('Service Control Manager', 7040, ['Remote Desktop Services', 'demand start', 'disabled'], ['param1', 'param2', 'param3'])).toBe(
      'The start type of the Remote Desktop Services service was changed from demand start to disabled.',
    )
    // 6013's uptime is its fifth value.
    expect(renderMessage('EventLog', 6013, ['', '', '', '', '3600', '60', '0'])).toBe('The system uptime is 3600 seconds.')
  })

  it('takes a value by position when the event names its fields otherwise', () => {
    expect(renderMessage('Schannel', 36871, ['server', '10013'], ['Role', 'State'])).toBe('A fatal error occurred while creating a TLS server credential. The internal error state is 10013.')
  })

  it('keeps %n for a field the event lacks when it names the others: no value of another field by position', () => {
    // Newer layout without ErrorState: position 2 would be CallerProcessImageName.
    expect(renderMessage('Schannel', 36871, ['1', 'C:\\Windows\\System32\\lsass.exe', 'server'], ['CallerProcessId', 'CallerProcessImageName', 'Type'])).toBe(
      'A fatal error occurred while creating a TLS server credential. The internal error state is %2.',
    )
  })

  it('knows no text for SessionBroker 2056 and unknown events', () => {
    expect(renderMessage('Microsoft-Windows-TerminalServices-SessionBroker', 2056, ['NULL', 'NULL', 'Logon to the database failed.'])).toBeUndefined()
    expect(renderMessage('Schannel', 1, [])).toBeUndefined()
    expect(findMessage('Microsoft-Windows-TerminalServices-SessionBroker', 2056)).toBeDefined()
  })

  it('covers every event the brief lists', () => {
    const want = ['RCM 1056', 'RCM 1057', 'RCM 1058', 'Schannel 36870', 'Schannel 36871', 'Schannel 36872', 'Schannel 36874', 'Schannel 36887', 'Schannel 36888', 'SessionBroker 2056', 'SessionBroker-Client 1296', 'SCM 7036', 'SCM 7040', 'EventLog 6005', 'EventLog 6006', 'EventLog 6013']
    const short = (p: string) => p.replace('Microsoft-Windows-TerminalServices-RemoteConnectionManager', 'RCM').replace('Microsoft-Windows-TerminalServices-', '').replace('Service Control Manager', 'SCM')
    const have = new Set(MESSAGES.map((m) => `${short(m.provider)} ${m.eventId}`))
    for (const w of want) expect(have.has(w), w).toBe(true)
    for (const m of MESSAGES) expect(knownProvider(m.provider), m.provider).toBeDefined()
  })
})

describe('formatMessage and the fallback', () => {
  it('replaces %n, keeps insertion points it has no value for, and turns %% into %', () => {
    expect(formatMessage('a %1 b %2 c %10 %% d', ['x'])).toBe('a x b %2 c %10 % d')
    expect(formatMessage('uptime %5 s', ['', '', '', '', '3600'])).toBe('uptime 3600 s')
  })

  it("lists the insertion strings under Event Viewer's notice", () => {
    const text = missingDescription('Microsoft-Windows-TerminalServices-SessionBroker', 2056, ['NULL', 'NULL', 'Logon to the database failed.'])
    expect(text).toMatch(/^The description for Event ID 2056 from source Microsoft-Windows-TerminalServices-SessionBroker cannot be found\./)
    expect(text.endsWith('The following information was included with the event: \n\nNULL\nNULL\nLogon to the database failed.')).toBe(true)
  })

  it('adds no empty list to the notice when the event has no insertion strings', () => {
    expect(missingDescription('X', 1, [])).toMatch(/^The description for Event ID 1 from source X cannot be found\. [^\n]*\n\nIf the event originated on another computer, the display information had to be saved with the event\.$/)
  })
})
