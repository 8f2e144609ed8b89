import { describe, expect, it } from 'vitest'
import { insertionStrings } from '../../src/catalog/insertion-strings.js'
import { parseEvtx } from '../../src/evtx/parse.js'
import { buildEvtx } from '../helpers/evtx-builder.js'
import { brokerClient1296, rcm1058, schannel } from '../helpers/rdp-events.js'

describe('insertionStrings', () => {
  it('reads unnamed data, named data, and UserData fields in order', () => {
    const [a, b, c] = [...parseEvtx(buildEvtx([
      rcm1058('2026-11-20T08:00:00Z'),
      schannel(36871, '2026-11-20T08:00:00Z', [['Type', { t: 'string', v: 'server' }], ['ErrorState', { t: 'uint32', v: 10013 }]]),
      brokerClient1296('2026-11-20T08:00:00Z'),
    ]))]
    expect(insertionStrings(a!)).toEqual({ values: ['Access is denied.'], names: [undefined] })
    expect(insertionStrings(b!)).toEqual({ values: ['server', '10013'], names: ['Type', 'ErrorState'] })
    expect(insertionStrings(c!).names).toEqual(['param1', 'param2', 'param3'])
    expect(insertionStrings(c!).values[2]).toBe('Remote Desktop Connection Broker is not ready for RPC communication.')
  })
})
