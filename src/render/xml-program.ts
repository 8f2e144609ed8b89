/**
 * Templates compiled to XML programs: pre-rendered text plus fill instructions.
 *
 * A template is compiled once per file into a flat list of operations. Every run of static
 * markup (element names, static attributes, literal text, whole static subtrees) becomes one
 * string; what depends on values becomes a few instructions: write a value (escaped for text or
 * for an attribute), skip a block when a value is Null (elements with a dependency id, optional
 * attributes), repeat a block once per array item, render a nested BinXml value in place. Running
 * a program for a record is then a tight loop with no tree walk and no per-element dispatch.
 * render/xml-bytes.ts runs the programs; the semantics are exactly those of render/walk.ts, which
 * stays the reference (tests compare the two on the whole corpus).
 */
import { type ContentNode, type ElementNode, entityText, NodeKind } from '../binxml/nodes.js'
import type { CompiledTemplate } from '../binxml/template.js'
import { cdataXml, entityXml, escapeAttribute, escapeText, processingInstructionXml, xmlName } from './escape.js'

/** Operation codes. Each operation is three ints: code, a, b. */
export const TEXT = 0 // a: string index
export const VALUE = 1 // a: substitution index; b: 1 = attribute context
export const SKIP_IF_NULL = 2 // a: substitution index; b: target operation
export const REPEAT = 3 // a: index of the candidate list; b: operation after END_REPEAT
export const END_REPEAT = 4 // a: operation of the matching REPEAT

export interface XmlProgram {
  readonly ops: Int32Array
  readonly strings: readonly string[]
  /** For each REPEAT: the substitution indices among the element's direct children. */
  readonly repeatCandidates: ReadonlyArray<readonly number[]>
}

class Builder {
  readonly ops: number[] = []
  readonly strings: string[] = []
  readonly repeatCandidates: number[][] = []
  private pending = ''

  text(s: string): void {
    this.pending += s
  }

  private flush(): void {
    if (this.pending === '') return
    this.ops.push(TEXT, this.strings.length, 0)
    this.strings.push(this.pending)
    this.pending = ''
  }

  op(code: number, a: number, b: number): number {
    this.flush()
    this.ops.push(code, a, b)
    return this.ops.length / 3 - 1
  }

  /** The index the next operation will get (after flushing pending text). */
  here(): number {
    this.flush()
    return this.ops.length / 3
  }

  patch(op: number, b: number): void {
    this.ops[op * 3 + 2] = b
  }

  finish(): XmlProgram {
    this.flush()
    return { ops: Int32Array.from(this.ops), strings: this.strings, repeatCandidates: this.repeatCandidates }
  }
}

function compileContent(b: Builder, n: ContentNode): void {
  switch (n.kind) {
    case NodeKind.Element:
      compileElement(b, n)
      return
    case NodeKind.Text:
      b.text(escapeText(n.text))
      return
    case NodeKind.Substitution:
      b.op(VALUE, n.index, 0)
      return
    case NodeKind.CharRef:
      b.text(`&#${n.code};`)
      return
    case NodeKind.EntityRef:
      b.text(entityXml(n.name))
      return
    case NodeKind.CData:
      b.text(cdataXml(n.text))
      return
    case NodeKind.ProcessingInstruction:
      b.text(processingInstructionXml(n.target, n.data))
      return
    case NodeKind.TemplateInstance:
      // Template bodies never hold instances (the parser rejects them).
      return
  }
}

function compileElement(b: Builder, el: ElementNode): void {
  let skip = -1
  if (el.depId >= 0) skip = b.op(SKIP_IF_NULL, el.depId, 0)
  let repeat = -1
  if (el.childSubstitutions.length > 0) {
    repeat = b.op(REPEAT, b.repeatCandidates.length, 0)
    b.repeatCandidates.push([...el.childSubstitutions])
  }
  b.text(`<${xmlName(el.name)}`)
  for (const a of el.attrs) {
    let attrSkip = -1
    if (a.optionalOnly) {
      const only = a.value[0]
      if (only !== undefined && only.kind === NodeKind.Substitution) attrSkip = b.op(SKIP_IF_NULL, only.index, 0)
    }
    b.text(` ${xmlName(a.name)}='`)
    for (const p of a.value) {
      switch (p.kind) {
        case NodeKind.Text:
          b.text(escapeAttribute(p.text))
          break
        case NodeKind.Substitution:
          b.op(VALUE, p.index, 1)
          break
        case NodeKind.CharRef:
          b.text(escapeAttribute(String.fromCharCode(p.code)))
          break
        case NodeKind.EntityRef:
          b.text(escapeAttribute(entityText(p.name) ?? `&${p.name};`))
          break
        default:
          break
      }
    }
    b.text("'")
    if (attrSkip >= 0) b.patch(attrSkip, b.here())
  }
  if (el.empty) b.text('/>')
  else {
    b.text('>')
    for (const c of el.children) compileContent(b, c)
    b.text(`</${xmlName(el.name)}>`)
  }
  if (repeat >= 0) {
    const end = b.op(END_REPEAT, repeat, 0)
    b.patch(repeat, end + 1)
  }
  if (skip >= 0) b.patch(skip, b.here())
}

/** Compiles a template body (cached on the template). */
export function xmlProgram(template: CompiledTemplate): XmlProgram {
  let p = template.caches.get('xml') as XmlProgram | undefined
  if (p === undefined) {
    const b = new Builder()
    for (const n of template.fragment) compileContent(b, n)
    p = b.finish()
    template.caches.set('xml', p)
  }
  return p
}
