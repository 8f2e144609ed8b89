import { describe, expect, it } from 'vitest'
import { channelFromFileName, fileNameForChannel, hintForChannel } from '../../src/inputs/channels.js'

describe('channels and file names', () => {
  it('maps %4 to / and drops the extension, in any case, from a path', () => {
    expect(channelFromFileName('Microsoft-Windows-TerminalServices-SessionBroker%4Operational.evtx')).toBe('Microsoft-Windows-TerminalServices-SessionBroker/Operational')
    expect(channelFromFileName('F:\\Windows\\System32\\winevt\\Logs\\System.EVTX')).toBe('System')
    expect(channelFromFileName('/x/y/Application.evtx')).toBe('Application')
  })
  it('maps a channel back to its Windows file name', () => {
    expect(fileNameForChannel('Microsoft-Windows-TerminalServices-RemoteConnectionManager/Admin')).toBe('Microsoft-Windows-TerminalServices-RemoteConnectionManager%4Admin.evtx')
  })
  it('says where the SessionBroker Operational log lives and that the standard collection skips it', () => {
    const hint = hintForChannel('microsoft-windows-terminalservices-sessionbroker/operational')
    expect(hint).toMatch(/Windows\\System32\\winevt\\Logs/)
    expect(hint).toMatch(/does NOT copy/)
    expect(hintForChannel('Some/Channel')).toMatch(/Some%4Channel\.evtx/)
  })
})
