import { describe, expect, it } from 'vitest'
import { channelFromFileName, fileNameForChannel, hintForChannel } from '../../src/inputs/channels.js'

describe('channels and file names', () => {
  it('maps %4 to / and drops the extension, in any case, from a path', () => {
    expect(channelFromFileName('Microsoft-Windows-TerminalServices-SessionBroker%4Operational.evtx')).toBe('Microsoft-Windows-TerminalServices-SessionBroker/Operational')
    expect(channelFromFileName('F:\\Windows\\System32\\winevt\\Logs\\System.EVTX')).toBe('System')
    expect(channelFromFileName('/x/y/Application.evtx')).toBe('Application')
  })
  it('reads the second entry of a name in a ZIP archive (`#2`) as that name', () => {
    expect(channelFromFileName('CaseLogs.zip!/Logs/System.evtx#2')).toBe('System')
    expect(channelFromFileName('CaseLogs.zip!/Logs/Microsoft-Windows-TerminalServices-SessionBroker%4Operational.evtx#12')).toBe('Microsoft-Windows-TerminalServices-SessionBroker/Operational')
  })
  it("takes a full log's automatic backup for the log it was backed up from", () => {
    expect(channelFromFileName('F:\\Windows\\System32\\winevt\\Logs\\Archive-System-2026-11-20-14-00-00-123.evtx')).toBe('System')
    expect(channelFromFileName('Archive-Microsoft-Windows-TerminalServices-RemoteConnectionManager%4Operational-2026-01-02-03-04-05-006.EVTX')).toBe('Microsoft-Windows-TerminalServices-RemoteConnectionManager/Operational')
    // Only Windows' exact pattern: another name that starts with Archive- is its own channel.
    expect(channelFromFileName('Archive-System.evtx')).toBe('Archive-System')
    expect(channelFromFileName('Archive-System-2026-11-20.evtx')).toBe('Archive-System-2026-11-20')
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
