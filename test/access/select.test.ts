import { describe, expect, it } from 'vitest'
import { formatFieldPath, parseFieldPath } from '../../src/access/path.js'
import { compilePath, selectValue, selectValues } from '../../src/access/select.js'
import { readProviderAndEventId, readSystem } from '../../src/access/system.js'
import { parseChunk } from '../../src/evtx/chunk.js'
import { simpleChunk, v } from '../helpers/chunk-builder.js'
import { oneValueRecord } from '../helpers/one-value.js'

describe('field paths', () => {
  it('parses and formats the text form', () => {
    for (const text of ["System/Provider/@Name", "EventData/Data[@Name='Type']", 'UserData/*/Param1', 'EventData/Data[2]']) {
      expect(formatFieldPath(parseFieldPath(text))).toBe(text)
    }
    expect(formatFieldPath(parseFieldPath('/Event/System/EventID'))).toBe('System/EventID')
    expect(() => parseFieldPath('System/[bad')).toThrowError(TypeError)
  })
})

describe('selecting values without rendering', () => {
  const [r] = [...parseChunk(simpleChunk(3, 1))]
  it('reads attributes, element text and named Data', () => {
    expect(selectValue(r!, 'System/Provider/@Name')).toBe('Test-Provider')
    expect(selectValues(r!, "EventData/Data[@Name='Message']")).toEqual(['event 3'])
    expect(selectValues(r!, "EventData/Data[@Name='Nope']")).toEqual([])
    expect(selectValues(r!, 'EventData/Data[1]')).toEqual(['event 3'])
    expect(selectValues(r!, compilePath('System/*'))).toHaveLength(5)
  })

  it('expands arrays and hides elements whose dependency value is Null', () => {
    const arr = oneValueRecord([v.raw(0x88, [1, 0, 0, 0, 2, 0, 0, 0])])
    expect(selectValues(arr, "EventData/Data[@Name='v']")).toEqual(['1', '2'])
    const dropped = oneValueRecord([v.null()], { depId: 0 })
    expect(selectValues(dropped, 'EventData/Data')).toEqual([])
  })

  it('reads typed System fields', () => {
    expect(readSystem(r!)).toMatchObject({ provider: 'Test-Provider', eventId: 1000, eventRecordId: 3, channel: 'System', timeCreatedMs: Date.UTC(2025, 10, 21, 0, 0, 3) })
    expect(readProviderAndEventId(r!)).toEqual(['Test-Provider', 1000])
  })
})
