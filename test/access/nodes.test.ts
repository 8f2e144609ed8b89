import { describe, expect, it } from 'vitest'
import { childNodes, eventNode, nodeAttribute, nodeName, nodeText, pathExists, selectNodes } from '../../src/access/nodes.js'
import { selectValues } from '../../src/access/select.js'
import { parseEvtx } from '../../src/evtx/parse.js'
import type { EvtxRecord } from '../../src/evtx/record.js'
import { buildEvtx, systemEvent, type BuiltEvent } from '../helpers/evtx-builder.js'

function records(events: BuiltEvent[]): EvtxRecord[] {
  return [...parseEvtx(buildEvtx(events))]
}

const schannel = systemEvent({
  provider: 'Schannel',
  eventId: 36871,
  time: '2026-11-20T08:16:02Z',
  channel: 'System',
  userId: 'S-1-5-18',
  data: [['Type', { t: 'string', v: 'server' }], ['ErrorState', { t: 'uint32', v: 10013 }]],
})
const rcm = systemEvent({
  provider: 'Microsoft-Windows-TerminalServices-RemoteConnectionManager',
  eventId: 1058,
  time: '2026-11-20T08:15:02Z',
  channel: 'System',
  data: [{ t: 'string', v: 'Access is denied.' }],
  binary: Uint8Array.of(0xab),
})
const broker = systemEvent({
  provider: 'Microsoft-Windows-TerminalServices-SessionBroker-Client',
  eventId: 1296,
  time: '2026-11-20T08:17:02Z',
  channel: 'Microsoft-Windows-TerminalServices-SessionBroker-Client/Operational',
  userData: { name: 'EventXML', fields: [['param1', { t: 'string', v: 'CONTOSO' }], ['param2', { t: 'string', v: 'user' }]] },
})

describe('element nodes', () => {
  it('navigates from the Event element by name, *, predicate and position', () => {
    const [r] = records([schannel])
    const event = eventNode(r as EvtxRecord)
    expect(event && nodeName(event)).toBe('Event')
    const data = childNodes(childNodes(event!, 'EventData')[0]!, 'Data')
    expect(data.map((d) => nodeAttribute(d, 'Name'))).toEqual(['Type', 'ErrorState'])
    expect(data.map(nodeText)).toEqual(['server', '10013'])
    const system = childNodes(event!, '*')
    expect(system.map(nodeName)).toEqual(['System', 'EventData'])
    const second = childNodes(childNodes(event!, 'EventData')[0]!, { name: 'Data', position: 2 })
    expect(second.map(nodeText)).toEqual(['10013'])
    const typed = childNodes(childNodes(event!, 'EventData')[0]!, { name: 'Data', where: ['Name', 'Type'] })
    expect(typed.map(nodeText)).toEqual(['server'])
  })

  it('leaves out optional attributes whose value is Null', () => {
    const [r] = records([rcm])
    const provider = selectNodes(r as EvtxRecord, 'System/Provider')[0]!
    expect(nodeAttribute(provider, 'Name')).toBe('Microsoft-Windows-TerminalServices-RemoteConnectionManager')
    expect(nodeAttribute(provider, 'Guid')).toBeUndefined()
  })

  it('selects element nodes in UserData by wildcard', () => {
    const [r] = records([broker])
    expect(selectNodes(r as EvtxRecord, 'UserData/*/*').map(nodeName)).toEqual(['param1', 'param2'])
  })
})

describe('pathExists', () => {
  it('agrees with the values a path selects, for elements and attributes, across records of one template', () => {
    const rs = records([schannel, rcm, broker, rcm])
    const paths = [
      'System', 'System/Provider', 'System/Provider/@Guid', 'System/Security/@UserID', 'EventData/Binary',
      "EventData/Data[@Name='Type']", "EventData/Data[@Name='Nope']", 'EventData/Data[2]', 'UserData/*/param2',
      'System/Correlation/@ActivityID', 'System/Nope', 'Nope',
    ]
    for (const r of rs) {
      for (const p of paths) {
        const nodes = selectNodes(r, p).length > 0
        const viaAttr = p.includes('@') && !p.includes('[@') ? selectValues(r, p).length > 0 : nodes
        expect(pathExists(r, p), `${p} in record ${r.recordId}`).toBe(viaAttr)
      }
    }
  })

  it('says an element with a Null dependency does not exist', () => {
    const [withBinary, without] = records([rcm, schannel])
    expect(pathExists(withBinary!, 'EventData/Binary')).toBe(true)
    expect(pathExists(without!, 'EventData/Binary')).toBe(false)
  })
})
