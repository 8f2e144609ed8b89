/**
 * Names from a log (Data names, element and attribute names) become ordinary keys in every object
 * built from a record: `__proto__`, `toString` and `constructor` are data, never the prototype or
 * inherited members.
 */
import { describe, expect, it } from 'vitest'
import { parseEvtx } from '../../src/evtx/parse.js'
import { normalizeRecord } from '../../src/model/from-record.js'
import { setKey } from '../../src/render/own-key.js'
import { renderJson } from '../../src/render/json.js'
import { recordToTree } from '../../src/render/tree.js'
import { attr, buildEvtx, doc, el, instance, text, val } from '../../src/writer/index.js'
import { windowsEvent } from '../../src/writer/templates/event.js'
import { namedData } from '../../src/writer/templates/payload.js'
import { Schannel } from '../../src/writer/templates/providers.js'

describe('setKey', () => {
  it('makes __proto__ an own, enumerable property and leaves the prototype alone', () => {
    const o: Record<string, string> = {}
    setKey(o, '__proto__', 'x')
    setKey(o, 'a', 'y')
    expect(Object.getPrototypeOf(o)).toBe(Object.prototype)
    expect(Object.keys(o)).toEqual(['__proto__', 'a'])
    expect(JSON.stringify(o)).toBe('{"__proto__":"x","a":"y"}')
  })
})

describe('a record whose Data names are JavaScript property names', () => {
  const names = ['__proto__', 'toString', 'constructor', 'hasOwnProperty']
  const record = windowsEvent(
    Schannel,
    { computer: 'rdsh01', channel: 'System' },
    { eventId: 36871, level: 2, keywords: 0x8000000000000000n, processId: 1, threadId: 2, recordId: 1, time: 134_080_000_000_000_000n },
    namedData(names.map((name, i) => ({ name, value: val.string(`v${i}`) }))),
  )
  const [r] = [...parseEvtx(buildEvtx([record]).bytes)]

  it('keeps every field in the normalized event', () => {
    const e = normalizeRecord(r!)
    expect(Object.keys(e.data)).toEqual(names)
    expect(Object.values(e.data)).toEqual(['v0', 'v1', 'v2', 'v3'])
  })
  it('keeps every field in the JSON rendering', () => {
    const json = JSON.stringify(renderJson(r!))
    for (const [i, name] of names.entries()) expect(json).toContain(`"${name}":"v${i}"`)
  })
})

describe('element and attribute names that are JavaScript property names', () => {
  const template = { body: [el('Event', [attr('__proto__', 'p')], [el('__proto__', [], [text('t')]), el('constructor', [], [text('c')])])] }
  const [r] = [...parseEvtx(buildEvtx([{ recordId: 1, written: 134_080_000_000_000_000n, document: doc([instance(template, [])]) }]).bytes)]

  it('are plain keys in the element tree', () => {
    const tree = recordToTree(r!)
    expect(Object.keys(tree.attributes)).toEqual(['__proto__'])
    expect(tree.attributes['__proto__']).toBe('p')
    expect(Object.getPrototypeOf(tree.attributes)).toBe(Object.prototype)
  })
  it('are plain keys in the JSON rendering', () => {
    expect(JSON.stringify(renderJson(r!))).toBe('{"Event":{"#attributes":{"__proto__":"p"},"__proto__":"t","constructor":"c"}}')
  })
})
