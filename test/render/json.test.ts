import { describe, expect, it } from 'vitest'
import { parseChunk } from '../../src/evtx/chunk.js'
import { AttributeNode, ElementNode, TextNode } from '../../src/binxml/nodes.js'
import { fragmentToJson, renderJson } from '../../src/render/json.js'
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

describe('JSON of child elements', () => {
  const el = (name: string, kids: Array<ElementNode | TextNode>, attrs: AttributeNode[] = []) => new ElementNode(name, -1, attrs, kids, false)
  const leaf = (name: string, text: string) => el(name, [new TextNode(text)])

  it('makes a repeated name an array in document order, keeping the first place of each name', () => {
    const root = el('R', [leaf('a', '1'), leaf('b', '2'), leaf('a', '3'), leaf('c', '4'), leaf('a', '5')])
    const json = fragmentToJson([root])
    expect(json).toEqual({ R: { a: ['1', '3', '5'], b: '2', c: '4' } })
    expect(Object.keys(json.R as object)).toEqual(['a', 'b', 'c'])
  })

  it('keeps distinct names as keys in document order, however many there are', () => {
    for (const n of [1, 3, 32, 33, 40]) {
      const names = Array.from({ length: n }, (_, i) => `k${n - i}`)
      const json = fragmentToJson([el('R', names.map((k) => leaf(k, k.toUpperCase())))])
      expect(Object.keys(json.R as object)).toEqual(names)
      expect(Object.values(json.R as object)).toEqual(names.map((k) => k.toUpperCase()))
    }
  })

  it('gives a Data element with only a Name attribute as a key of that name', () => {
    const data = (name: string, text: string) => el('Data', [new TextNode(text)], [new AttributeNode('Name', [new TextNode(name)])])
    expect(fragmentToJson([el('EventData', [data('x', '1'), data('y', '2')])])).toEqual({ EventData: { x: '1', y: '2' } })
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
