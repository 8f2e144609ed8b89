import { describe, expect, it } from 'vitest'
import { channelFromFileName, fileNameForChannel, parseLogPath, sameChannel } from '../../src/query/channels.js'

describe('channels and files', () => {
  it('maps %4 in file names to / in channel names and back', () => {
    expect(channelFromFileName('/x/Microsoft-Windows-TerminalServices-SessionBroker%4Operational.evtx')).toBe('Microsoft-Windows-TerminalServices-SessionBroker/Operational')
    expect(channelFromFileName('C:\\logs\\System.EVTX')).toBe('System')
    expect(fileNameForChannel('Microsoft-Windows-TerminalServices-SessionBroker-Client/Operational')).toBe('Microsoft-Windows-TerminalServices-SessionBroker-Client%4Operational.evtx')
  })

  it('compares channel names case-insensitively, and reads file:// paths', () => {
    expect(sameChannel('system', 'System')).toBe(true)
    expect(sameChannel('System', 'Security')).toBe(false)
    expect(parseLogPath('file://C:/logs/System.evtx')).toEqual({ file: 'C:/logs/System.evtx' })
    expect(parseLogPath('file:///tmp/a%20b.evtx')).toEqual({ file: '/tmp/a b.evtx' })
    expect(parseLogPath('file:///C:/logs/System.evtx')).toEqual({ file: 'C:/logs/System.evtx' })
    expect(parseLogPath(' System ')).toEqual({ channel: 'System' })
  })
})
