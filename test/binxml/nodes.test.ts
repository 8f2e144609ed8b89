/**
 * The node classes: which attribute values are dropped with a Null value, and entity texts.
 */
import { describe, expect, it } from 'vitest'
import { AttributeNode, entityText, SubstitutionNode, TextNode } from '../../src/binxml/nodes.js'

describe('AttributeNode.optionalOnly', () => {
  it('is true only for a value that is exactly one optional substitution', () => {
    expect(new AttributeNode('a', [new SubstitutionNode(0, 0x01, true)]).optionalOnly).toBe(true)
    expect(new AttributeNode('a', [new SubstitutionNode(0, 0x01, false)]).optionalOnly).toBe(false)
    expect(new AttributeNode('a', [new SubstitutionNode(0, 0x01, true), new TextNode('x')]).optionalOnly).toBe(false)
    expect(new AttributeNode('a', []).optionalOnly).toBe(false)
  })
})

describe('entityText', () => {
  it('knows the five XML entities and nothing else', () => {
    expect(['lt', 'gt', 'amp', 'quot', 'apos', 'nbsp'].map(entityText)).toEqual(['<', '>', '&', '"', "'", undefined])
  })
})
