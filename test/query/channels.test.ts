import { describe, expect, it } from 'vitest'
import { parseLogPath, sameChannel } from '../../src/query/channels.js'

describe('log paths', () => {
  it('compares channel names case-insensitively, as wevtutil does', () => {
    expect(sameChannel('system', 'System')).toBe(true)
    expect(sameChannel('microsoft-windows-terminalservices-sessionbroker/operational', 'Microsoft-Windows-TerminalServices-SessionBroker/Operational')).toBe(true)
    expect(sameChannel('System', 'Security')).toBe(false)
  })

  it('reads file:// QueryList paths (Windows and POSIX forms) and channel names', () => {
    expect(parseLogPath('file://C:/logs/System.evtx')).toEqual({ file: 'C:/logs/System.evtx' })
    expect(parseLogPath('file:///C:/logs/System.evtx')).toEqual({ file: 'C:/logs/System.evtx' })
    expect(parseLogPath('file:///tmp/a%20b.evtx')).toEqual({ file: '/tmp/a b.evtx' })
    expect(parseLogPath(' System ')).toEqual({ channel: 'System' })
  })
})
