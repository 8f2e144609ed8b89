import { describe, expect, it } from 'vitest'
import { parseChunk } from '../../src/evtx/chunk.js'
import { renderJson } from '../../src/render/json.js'
import { recordToTree } from '../../src/render/tree.js'
import { simpleChunk, v } from '../helpers/chunk-builder.js'
import { oneValueRecord } from '../helpers/one-value.js'

describe('JSON shape', () => {
  const [r] = [...parseChunk(simpleChunk(5, 1))]

  it('puts attributes under #attributes, named Data under its name, and keeps small integers numeric', () => {
    expect(renderJson(r!)).toEqual({
      Event: {
        System: {
          Provider: { '#attributes': { Name: 'Test-Provider' } },
          EventID: 1000,
          TimeCreated: { '#attributes': { SystemTime: '2025-11-21T00:00:05.0000000Z' } },
          EventRecordID: '5',
          Channel: 'System',
        },
        EventData: { Message: 'event 5' },
      },
    })
  })

  it('gives an empty string value as "" and a Null value as null', () => {
    expect(renderJson(oneValueRecord([v.str('')]))).toEqual({ Event: { EventData: { v: '' } } })
    expect(renderJson(oneValueRecord([v.null()]))).toEqual({ Event: { EventData: { v: null } } })
  })
})

describe('element tree', () => {
  it('joins text and keeps attributes as rendered strings', () => {
    const [r] = [...parseChunk(simpleChunk(9, 1))]
    const tree = recordToTree(r!)
    expect(tree.name).toBe('Event')
    expect(tree.attributes).toEqual({ xmlns: 'http://schemas.microsoft.com/win/2004/08/events/event' })
    const system = tree.children[0]
    expect(typeof system === 'object' && system.children.length).toBe(5)
  })
})
