import { describe, expect, it } from 'vitest'
import { AttributeNode, ElementNode, SubstitutionNode } from '../../src/binxml/nodes.js'
import { CompiledTemplate } from '../../src/binxml/template.js'
import { templateDepth, valueDepth } from '../../src/binxml/template-depth.js'

const el = (name: string, children: ElementNode['children'], attrs: AttributeNode[] = []) => new ElementNode(name, -1, attrs, children, children.length === 0)

describe('template depth', () => {
  it('measures the body height and, per value, the levels around where its content renders it', () => {
    // <A><B><C/></B>%0<D x="%1"/></A>: three levels; value 0 inside A (1 level), value 1 only in an attribute.
    const body = el('A', [el('B', [el('C', [])]), new SubstitutionNode(0, 0x21, false), el('D', [], [new AttributeNode('x', [new SubstitutionNode(1, 0x21, false)])])])
    const t = new CompiledTemplate('{00000000-0000-0000-0000-000000000001}', 0, [body])
    const depth = templateDepth(t)
    expect(depth.height).toBe(3)
    expect([...depth.valueLevels]).toEqual([1, 0])
    // Cached on the template.
    expect(templateDepth(t)).toBe(depth)
    // An instance with 5 element ancestors: value 0's elements have 6; value 1 and unknown values 5.
    expect([valueDepth(depth, 5, 0), valueDepth(depth, 5, 1), valueDepth(depth, 5, 9)]).toEqual([6, 5, 5])
  })

  it('gives the deepest place a value is named in', () => {
    const sub = () => new SubstitutionNode(0, 0x21, false)
    const t = new CompiledTemplate('{00000000-0000-0000-0000-000000000002}', 0, [el('A', [sub(), el('B', [el('C', [sub()])])])])
    expect(templateDepth(t)).toMatchObject({ height: 3, valueLevels: Int32Array.of(3) })
  })
})
