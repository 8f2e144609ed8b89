/**
 * Templates compiled to JSON programs, one per template and value-type signature.
 *
 * The JSON shape (docs/json.md, render/json.ts) depends on the values more than XML does: a Null
 * value drops an element or an attribute, which can turn an object into plain text or an array
 * of two into one value; a value's type decides between a number and a string. But all of that
 * follows from the value *types* alone (Null is a type), so for a given template and the list of
 * its instance's value types, the shape is fixed. This module takes such a pair and works out
 * that shape once, by following render/walk.ts and render/json.ts step by step on the template,
 * and writes it down as a flat program: pre-rendered JSON text plus a few fill instructions.
 *
 * What still depends on the values themselves is left to run time: how many items an array
 * value has (its element is written once per item), and a BinXml value (the EventData payload),
 * which is rendered by its own program or, without one, by the reference renderer in place, and
 * must give members whose keys do not collide with its siblings'. Anything this compiler does not
 * model (an array that repeats the top element or joins namesakes, names taken from values, keys
 * that JavaScript objects would reorder or merge) makes it give up, and the record is rendered by
 * render/json.ts. render/json-bytes.ts runs the programs; tests compare the two renderers on every
 * record of the corpus, on random templates and on hostile bytes.
 */
import { type CharRefNode, type ContentNode, type ElementNode, type EntityRefNode, entityText, NodeKind } from '../binxml/nodes.js'
import type { CompiledTemplate } from '../binxml/template.js'
import type { ValueTable } from '../binxml/value-table.js'
import { ARRAY_BIT, ValueType } from '../binxml/value-types.js'
import { attributeCost, elementCost, textCost } from './budget.js'
import { PackedTexts } from './byte-sink.js'

/**
 * Operation codes; each operation is three ints: code, a, b. Where b is a flag, 1 means the value
 * is read at the array item being repeated (the value is a direct child of a repeated element).
 */
export const J_TEXT = 0 // a: piece index (JSON text)
export const J_TYPED = 1 // a: value index, b: item flag; the element's value is that value, typed (docs/json.md rule 5)
export const J_VTEXT = 2 // a: value index; its text, JSON-escaped, inside quotes already written
export const J_CONCAT = 3 // a: text source; the text of several parts, `null` when empty
export const J_NESTED = 4 // a: nested slot; the member a BinXml value gives
export const J_HASH_TEXT = 5 // a: text source; `,"#text":` and the value, when rule 2 keeps it
export const J_REPEAT = 6 // a: repeat slot; the operations up to the slot's end, once per array item

/** A value in a text: its index, and whether it is read at the repeated item. */
export interface ValuePart {
  readonly index: number
  readonly item: boolean
}

/** A text made of parts: static strings and values (each value's text). */
export type TextSource = ReadonlyArray<string | ValuePart>

/**
 * An element repeated once per item of an array value among its children (render/walk.ts). Its
 * value is written once per item: into its parent's `Data` array as that many entries (`list`),
 * or as its key's value, an array when there are two items or more (`group`).
 */
export interface RepeatSlot {
  /** The array value. */
  readonly index: number
  readonly list: boolean
  /** The operation after the repeated ones. */
  end: number
  /** Render budget of one repetition, less its values' texts. */
  readonly cost: number
}

export interface NestedSlot {
  /** The BinXml value. */
  readonly index: number
  /** Keys the member must not have (its siblings' keys), so no merging or grouping is needed. */
  readonly taken: ReadonlySet<string>
  /** A comma goes before the member (a member precedes it). */
  readonly comma: boolean
}

export interface JsonProgram {
  /** Key of the template's one top-level element in its parent. */
  readonly key: string
  /** True when that element is an unnamed `Data`, which joins its parent's `Data` array instead. */
  readonly unnamedData: boolean
  readonly ops: Int32Array
  /** The JSON text pieces as UTF-8; the last one is `"key":`, written by a parent. */
  readonly texts: PackedTexts
  readonly keyPiece: number
  readonly sources: readonly TextSource[]
  readonly nested: readonly NestedSlot[]
  readonly repeats: readonly RepeatSlot[]
  /**
   * The render budget (render/budget.ts, as render/json.ts counts it) used by everything but the
   * texts of values; each value text adds at most 32 + 8 × its size (see json-bytes.ts).
   */
  readonly cost: number
}

/** Thrown inside the compiler when a template needs the reference renderer. */
class Unsupported extends Error {}

function unsupported(): never {
  throw new Unsupported()
}

/** A key that JavaScript objects would treat specially: array indices go first, `__proto__`. */
function plainKey(key: string): boolean {
  return key !== '__proto__' && !/^\d+$/.test(key)
}

/** The text of a character or entity reference (render/walk.ts). */
function referenceText(n: CharRefNode | EntityRefNode): string {
  return n.kind === NodeKind.CharRef ? String.fromCharCode(n.code) : (entityText(n.name) ?? `&${n.name};`)
}

// The JSON value of an element, as worked out before it is written.
type Value =
  | { readonly kind: 'json'; readonly json: string } // static JSON text
  | { readonly kind: 'typed'; readonly part: ValuePart }
  | { readonly kind: 'concat'; readonly parts: TextSource }
  | { readonly kind: 'object'; readonly el: Building; readonly text: Value }
  | { readonly kind: 'repeat'; readonly index: number; readonly body: Value; readonly cost: number }

interface Attr {
  readonly name: string
  readonly parts: Array<string | ValuePart>
}

type Kid = { readonly key: string; readonly value: Value } | { readonly nested: number }

interface Building {
  readonly name: string
  attrs: Attr[] | undefined
  readonly kids: Kid[]
  unnamedData: Value[] | undefined
  readonly parts: Array<string | ValuePart>
  nestedCount: number
  /** The array value that repeats this element, or -1. */
  readonly repeat: number
  /** Render budget counted when the element started. */
  readonly costAtStart: number
}

const NULL: Value = { kind: 'json', json: 'null' }

/** Follows render/walk.ts with the visitor of render/json.ts, for fixed value types. */
class Compiler {
  readonly roots: Array<{ key: string; value: Value; unnamedData: boolean }> = []
  private readonly stack: Building[] = []
  /** Elements, attributes and static texts, as the JSON visitor counts them (render/budget.ts). */
  cost = 0
  private readonly types: Uint8Array

  constructor(types: Uint8Array) {
    this.types = types
  }

  private type(i: number): number {
    return i < this.types.length ? (this.types[i] as number) : ValueType.Null
  }

  private isNull(i: number): boolean {
    return this.type(i) === ValueType.Null
  }

  content(n: ContentNode): void {
    switch (n.kind) {
      case NodeKind.Element:
        this.element(n)
        return
      case NodeKind.Text:
        this.text(n.text)
        return
      case NodeKind.Substitution: {
        if (this.isNull(n.index)) return
        const top = this.stack[this.stack.length - 1]
        if (top === undefined) unsupported()
        if (this.type(n.index) === ValueType.BinXml) {
          // At most one per element: two payloads could share keys.
          if (top.nestedCount++ > 0) unsupported()
          top.kids.push({ nested: n.index })
          return
        }
        // A value always counts as a text part (its typed value is never undefined): the 1 of
        // its text's cost here, its length when it is written (json-bytes.ts `valueCost`).
        top.parts.push({ index: n.index, item: top.repeat >= 0 })
        this.cost += textCost(0)
        return
      }
      case NodeKind.CharRef:
      case NodeKind.EntityRef:
        this.text(referenceText(n))
        return
      case NodeKind.CData:
        this.text(n.text)
        return
      case NodeKind.ProcessingInstruction:
        // Its text is empty: it adds nothing to JSON.
        return
      case NodeKind.TemplateInstance:
        // Template bodies never hold instances (the parser rejects them).
        unsupported()
    }
  }

  private text(text: string): void {
    const top = this.stack[this.stack.length - 1]
    if (top === undefined || text === '') return
    top.parts.push(text)
    this.cost += textCost(text.length)
  }

  private element(el: ElementNode): void {
    if (el.depId >= 0 && this.isNull(el.depId)) return
    // The first array value among the children repeats the element.
    let repeat = -1
    for (const i of el.childSubstitutions) {
      if (this.type(i) & ARRAY_BIT) {
        repeat = i
        break
      }
    }
    const b: Building = { name: el.name, attrs: undefined, kids: [], unnamedData: undefined, parts: [], nestedCount: 0, repeat, costAtStart: this.cost }
    this.cost += elementCost(el.name)
    this.stack.push(b)
    for (const a of el.attrs) {
      if (a.optionalOnly) {
        const only = a.value[0]
        if (only !== undefined && only.kind === NodeKind.Substitution && this.isNull(only.index)) continue
      }
      if (a.name === 'xmlns' || a.name.startsWith('xmlns:')) continue
      const parts: Array<string | ValuePart> = []
      for (const p of a.value) {
        switch (p.kind) {
          case NodeKind.Text:
            parts.push(p.text)
            break
          case NodeKind.Substitution:
            // Attributes read an array's first item, repeated or not.
            if (!this.isNull(p.index) && this.type(p.index) !== ValueType.BinXml) parts.push({ index: p.index, item: false })
            break
          case NodeKind.CharRef:
          case NodeKind.EntityRef:
            parts.push(referenceText(p))
            break
          default:
            break
        }
      }
      b.attrs ??= []
      // A repeated attribute name would overwrite the first one's value in place.
      if (!plainKey(a.name) || b.attrs.some((x) => x.name === a.name)) unsupported()
      b.attrs.push({ name: a.name, parts })
      // Its static text here, its values' texts when they are written.
      this.cost += attributeCost(a.name, parts.filter((p) => typeof p === 'string').join(''))
    }
    if (!el.empty) for (const c of el.children) this.content(c)
    this.stack.pop()
    this.close(b)
  }

  private close(b: Building): void {
    const finished = finish(b)
    const key = finished.key
    const value: Value = b.repeat < 0 ? finished.value : { kind: 'repeat', index: b.repeat, body: finished.value, cost: this.cost - b.costAtStart }
    const parent = this.stack[this.stack.length - 1]
    const unnamedData = b.name === 'Data' && key === 'Data' && b.attrs === undefined
    if (parent === undefined) {
      if (b.repeat >= 0) unsupported()
      this.roots.push({ key, value, unnamedData })
    }
    else if (unnamedData) (parent.unnamedData ??= []).push(value)
    else parent.kids.push({ key, value })
  }
}

/** The text value of an element (render/json.ts `finish`): typed, a string, or null. */
function textValue(parts: ReadonlyArray<string | ValuePart>): Value {
  if (parts.length === 0) return NULL
  if (parts.length === 1) {
    const only = parts[0] as string | ValuePart
    return typeof only !== 'string' ? { kind: 'typed', part: only } : { kind: 'json', json: JSON.stringify(only) }
  }
  // Several parts: their text, or null when it is empty (the program decides when it runs).
  return { kind: 'concat', parts: [...parts] }
}

/** The key and value of a closed element (render/json.ts `finish`). */
function finish(b: Building): { key: string; value: Value } {
  const attrs = b.attrs
  const text = textValue(b.parts)
  const hasKids = b.kids.length > 0 || b.unnamedData !== undefined
  const name = attrs?.find((a) => a.name === 'Name')
  if (b.name === 'Data' && name !== undefined && !hasKids && attrs?.length === 1) {
    // The key comes from the Name attribute: only a static one is modelled.
    if (name.parts.some((p) => typeof p !== 'string')) unsupported()
    return { key: name.parts.join(''), value: text }
  }
  if (attrs === undefined && !hasKids) return { key: b.name, value: text }
  return { key: b.name, value: { kind: 'object', el: b, text } }
}

/** Writes programs: static text is gathered into pieces between instructions. */
class Emitter {
  readonly ops: number[] = []
  readonly pieces: string[] = []
  readonly sources: TextSource[] = []
  readonly nested: NestedSlot[] = []
  readonly repeats: RepeatSlot[] = []
  private pending = ''

  json(s: string): void {
    this.pending += s
  }

  op(code: number, a: number, b = 0): void {
    this.flush()
    this.ops.push(code, a, b)
  }

  /** Ends the pending static text as a piece. */
  flush(): void {
    if (this.pending === '') return
    this.ops.push(J_TEXT, this.pieces.length, 0)
    this.pieces.push(this.pending)
    this.pending = ''
  }

  source(parts: TextSource): number {
    this.sources.push(parts)
    return this.sources.length - 1
  }

  value(v: Value, list = false): void {
    switch (v.kind) {
      case 'json':
        this.json(v.json)
        return
      case 'typed':
        this.op(J_TYPED, v.part.index, v.part.item ? 1 : 0)
        return
      case 'concat':
        this.op(J_CONCAT, this.source(v.parts))
        return
      case 'object':
        this.object(v.el, v.text)
        return
      case 'repeat': {
        const slot: RepeatSlot = { index: v.index, list, end: 0, cost: v.cost }
        this.repeats.push(slot)
        this.op(J_REPEAT, this.repeats.length - 1)
        this.value(v.body)
        this.flush()
        slot.end = this.ops.length / 3
        return
      }
    }
  }

  private object(b: Building, text: Value): void {
    // Members in render/json.ts's order: #attributes, children (grouped by key in order of first
    // appearance), Data, #text. Keys must be distinct, since an object would merge them.
    const keys = new Set<string>()
    const claim = (key: string) => {
      if (!plainKey(key) || keys.has(key)) unsupported()
      keys.add(key)
    }
    const groups = new Map<string, Value[]>()
    const order: Array<string | number> = []
    for (const k of b.kids) {
      if ('nested' in k) {
        order.push(k.nested)
        continue
      }
      const g = groups.get(k.key)
      if (g !== undefined) g.push(k.value)
      else {
        groups.set(k.key, [k.value])
        order.push(k.key)
      }
    }
    if (b.attrs !== undefined) claim('#attributes')
    for (const k of order) if (typeof k === 'string') claim(k)
    if (b.unnamedData !== undefined) claim('Data')
    // Whether #text is written is known now only for static text.
    const textSometimes = text.kind === 'json' ? text.json !== 'null' && JSON.parse(text.json).trim() !== '' : true
    if (textSometimes) claim('#text')

    this.json('{')
    let first = true
    const comma = () => {
      if (!first) this.json(',')
      first = false
    }
    if (b.attrs !== undefined) {
      comma()
      this.json('"#attributes":{')
      b.attrs.forEach((a, i) => {
        this.json(`${i > 0 ? ',' : ''}${JSON.stringify(a.name)}:`)
        this.attributeValue(a.parts)
      })
      this.json('}')
    }
    for (const k of order) {
      if (typeof k === 'number') {
        this.nested.push({ index: k, taken: keys, comma: !first })
        this.op(J_NESTED, this.nested.length - 1)
        first = false
        continue
      }
      comma()
      const g = groups.get(k) as Value[]
      // A repeated element's items would join an array with its namesakes: not modelled.
      if (g.length > 1 && g.some((v) => v.kind === 'repeat')) unsupported()
      this.json(`${JSON.stringify(k)}:`)
      this.list(g, g.length > 1)
    }
    if (b.unnamedData !== undefined) {
      comma()
      this.json('"Data":')
      this.list(b.unnamedData, true)
    }
    if (textSometimes) {
      // An object always has a member before its text (attributes or children).
      if (text.kind === 'json') this.json(`,"#text":${text.json}`)
      else if (text.kind === 'typed') this.op(J_HASH_TEXT, this.source([text.part]))
      else if (text.kind === 'concat') this.op(J_HASH_TEXT, this.source(text.parts))
      else unsupported()
    }
    this.json('}')
  }

  private list(values: readonly Value[], array: boolean): void {
    if (!array) {
      this.value(values[0] as Value)
      return
    }
    this.json('[')
    values.forEach((v, i) => {
      if (i > 0) this.json(',')
      this.value(v, true)
    })
    this.json(']')
  }

  private attributeValue(parts: ReadonlyArray<string | ValuePart>): void {
    this.json('"')
    for (const p of parts) {
      if (typeof p === 'string') this.json(JSON.stringify(p).slice(1, -1))
      else this.op(J_VTEXT, p.index)
    }
    this.json('"')
  }
}

/** Compiles the template for these value types, or returns undefined when it is not modelled. */
export function compileJsonProgram(template: CompiledTemplate, types: Uint8Array): JsonProgram | undefined {
  try {
    const c = new Compiler(types)
    for (const n of template.fragment) c.content(n)
    // One top-level element (a record's Event); anything else takes the reference renderer.
    if (c.roots.length !== 1) return undefined
    const root = c.roots[0] as { key: string; value: Value; unnamedData: boolean }
    if (!plainKey(root.key)) return undefined
    const e = new Emitter()
    e.value(root.value)
    e.flush()
    const pieces = [...e.pieces, `${JSON.stringify(root.key)}:`]
    return {
      key: root.key,
      unnamedData: root.unnamedData,
      ops: Int32Array.from(e.ops),
      texts: PackedTexts.fromStrings(pieces),
      keyPiece: pieces.length - 1,
      sources: e.sources,
      nested: e.nested,
      repeats: e.repeats,
      cost: c.cost,
    }
  } catch (error) {
    if (error instanceof Unsupported) return undefined
    throw error
  }
}

/** Programs kept per template: at most this many type signatures (a hostile file cannot grow it). */
const MAX_SIGNATURES = 16

interface Entry {
  readonly types: Uint8Array
  readonly program: JsonProgram | undefined
}

interface ProgramCache {
  readonly byHash: Map<number, Entry[]>
  size: number
}

/**
 * The program for this template and the instance's value types, compiled on first use; undefined
 * when the template is not modelled for them (or too many signatures were met).
 */
export function jsonProgram(template: CompiledTemplate, vt: ValueTable): JsonProgram | undefined {
  let cache = template.caches.get('json-program') as ProgramCache | undefined
  if (cache === undefined) {
    cache = { byHash: new Map(), size: 0 }
    template.caches.set('json-program', cache)
  }
  const bytes = vt.bytes
  const count = vt.count
  const at = vt.descAt + 2
  let h = count | 0
  for (let i = 0; i < count; i++) h = Math.imul(h ^ (bytes[at + 4 * i] as number), 0x01000193)
  const list = cache.byHash.get(h)
  if (list !== undefined) {
    for (const e of list) {
      const t = e.types
      if (t.length !== count) continue
      let same = true
      for (let i = 0; i < count; i++) {
        if (t[i] !== bytes[at + 4 * i]) {
          same = false
          break
        }
      }
      if (same) return e.program
    }
  }
  if (cache.size >= MAX_SIGNATURES) return undefined
  const types = new Uint8Array(count)
  for (let i = 0; i < count; i++) types[i] = bytes[at + 4 * i] as number
  const program = compileJsonProgram(template, types)
  if (list !== undefined) list.push({ types, program })
  else cache.byHash.set(h, [{ types, program }])
  cache.size++
  return program
}
