import { describe, expect, it } from 'vitest'
import { parseEvtx } from '../../src/evtx/parse.js'
import { formatEventText } from '../../src/query/format-text.js'
import { buildEvtx } from '../helpers/evtx-builder.js'
import { broker2056, brokerClient1296, rcm1058, schannel } from '../helpers/rdp-events.js'

const [rcm, sch, broker, client] = [...parseEvtx(buildEvtx([
  rcm1058('2026-11-20T08:15:02.1234567Z'),
  schannel(36870, '2026-11-20T08:16:00Z', [['Type', { t: 'string', v: 'server' }], ['ErrorCode', { t: 'hex32', v: 0x8009030d }], ['ErrorStatus', { t: 'uint32', v: 10001 }]]),
  broker2056('2026-11-20T10:00:00Z'),
  brokerClient1296('2026-11-20T10:01:00Z'),
]))]

describe("wevtutil's /f:text layout", () => {
  it('prints the fields in wevtutil order, then the description', () => {
    expect(formatEventText(rcm!, 0)).toBe(
      [
        'Event[0]:',
        '  Log Name: System',
        '  Source: Microsoft-Windows-TerminalServices-RemoteConnectionManager',
        '  Date: 2026-11-20T08:15:02.1234567Z',
        '  Event ID: 1058',
        '  Task: None',
        '  Level: Error',
        '  Opcode: Info',
        '  Keyword: Classic',
        '  User: N/A',
        '  User Name: N/A',
        '  Computer: vm01.contoso.test',
        '  Description: ',
        'The RD Session Host Server has failed to replace the expired self signed certificate used for RD Session Host Server authentication on SSL connections. The relevant status code was Access is denied..',
        '',
        '',
      ].join('\n'),
    )
  })

  it('names well-known users and fills Schannel texts by field name', () => {
    const text = formatEventText(sch!, 3)
    expect(text.split('\n').slice(0, 1)).toEqual(['Event[3]:'])
    expect(text).toContain('\n  User: S-1-5-18\n  User Name: NT AUTHORITY\\SYSTEM\n')
    expect(text).toContain('\n  Task: None\n  Level: Error\n  Opcode: Info\n  Keyword: N/A\n')
    expect(text).toContain('The error code returned from the cryptographic module is 0x8009030d. The internal error state is 10001.')
  })

  it("shows unknown tasks as (N) and events without a text as Event Viewer does (the article's 2056)", () => {
    const text = formatEventText(broker!, 0)
    expect(text).toContain('\n  Log Name: Microsoft-Windows-TerminalServices-SessionBroker/Operational\n')
    expect(text).toContain('\n  Task: (109)\n')
    expect(text).toContain('\n  User Name: NT AUTHORITY\\NETWORK SERVICE\n')
    expect(text).toContain('The following information was included with the event: \n\nNULL\nNULL\nLogon to the database failed.\n\n')
    expect(formatEventText(client!, 1)).toContain('User : CONTOSO\\alice Error: Remote Desktop Connection Broker is not ready for RPC communication.')
  })
})
