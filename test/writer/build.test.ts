/** The element-tree constructors (src/writer/build.ts): defaults and literal attribute text as given. */
import { describe, expect, it } from 'vitest'
import { attr, doc, el, opt, sub } from '../../src/writer/index.js'

describe('writer build helpers', () => {
  it('gives a document a fragment header unless told otherwise', () => {
    expect(doc([]).fragmentHeader).toBe(true)
    expect(doc([], false).fragmentHeader).toBe(false)
  })
  it('keeps literal attribute text exactly, and marks only opt substitutions optional', () => {
    expect(attr('Name', ' a b ', sub(0, 1))).toEqual({ name: 'Name', value: [{ kind: 'text', text: ' a b ' }, { kind: 'substitution', index: 0, type: 1, optional: false }] })
    expect(opt(2, 4)).toEqual({ kind: 'substitution', index: 2, type: 4, optional: true })
    expect(el('X')).toEqual({ kind: 'element', name: 'X', empty: true })
  })
})
