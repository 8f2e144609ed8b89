/**
 * The intermediate form BinXML is parsed into: a small tree of typed nodes.
 *
 * Template definitions are parsed into this form once per file and shared by every record that
 * uses them; a record only adds a {@link ValueTable} of substitution values. Records without a
 * template (WEC-forwarded events) and nested BinXML values use the same nodes, so every renderer
 * and accessor walks one structure.
 */
import type { CompiledTemplate } from './template.js'
import type { ValueTable } from './value-table.js'

export const NodeKind = {
  Element: 1,
  Text: 2,
  Substitution: 3,
  CharRef: 4,
  EntityRef: 5,
  CData: 6,
  ProcessingInstruction: 7,
  TemplateInstance: 8,
} as const

/** "No dependency": the element is rendered whatever the values are. */
export const NO_DEPENDENCY = -1

export class AttributeNode {
  readonly name: string
  readonly value: ContentNode[]
  /** True when the value is exactly one optional substitution (dropped when that value is Null). */
  readonly optionalOnly: boolean

  constructor(name: string, value: ContentNode[]) {
    this.name = name
    this.value = value
    const only = value.length === 1 ? value[0] : undefined
    this.optionalOnly = only !== undefined && only.kind === NodeKind.Substitution && only.optional
  }
}

const NO_INDICES: readonly number[] = Object.freeze([])

export class ElementNode {
  readonly kind = NodeKind.Element
  readonly name: string
  /** Substitution index this element depends on (dropped when that value is Null), or -1. */
  readonly depId: number
  readonly attrs: AttributeNode[]
  readonly children: ContentNode[]
  /** Closed with CloseEmptyElement (`<X/>`) rather than CloseStartElement + EndElement. */
  readonly empty: boolean
  /** Substitution indices among the direct children: an array value there repeats this element. */
  readonly childSubstitutions: readonly number[]

  constructor(name: string, depId: number, attrs: AttributeNode[], children: ContentNode[], empty: boolean) {
    this.name = name
    this.depId = depId
    this.attrs = attrs
    this.children = children
    this.empty = empty
    // Most elements have no substitution among their children, or one: no array grown by push
    // (room for 17) for those, as template trees live as long as their file.
    let subs: number[] | undefined
    for (const c of children) {
      if (c.kind !== NodeKind.Substitution) continue
      if (subs === undefined) subs = [c.index]
      else subs.push(c.index)
    }
    this.childSubstitutions = subs ?? NO_INDICES
  }
}

export class TextNode {
  readonly kind = NodeKind.Text
  readonly text: string
  constructor(text: string) {
    this.text = text
  }
}

export class SubstitutionNode {
  readonly kind = NodeKind.Substitution
  readonly index: number
  /** The type the template declares; the value's own descriptor type is what is rendered. */
  readonly declaredType: number
  readonly optional: boolean
  constructor(index: number, declaredType: number, optional: boolean) {
    this.index = index
    this.declaredType = declaredType
    this.optional = optional
  }
}

export class CharRefNode {
  readonly kind = NodeKind.CharRef
  readonly code: number
  constructor(code: number) {
    this.code = code
  }
}

export class EntityRefNode {
  readonly kind = NodeKind.EntityRef
  readonly name: string
  constructor(name: string) {
    this.name = name
  }
}

export class CDataNode {
  readonly kind = NodeKind.CData
  readonly text: string
  constructor(text: string) {
    this.text = text
  }
}

export class ProcessingInstructionNode {
  readonly kind = NodeKind.ProcessingInstruction
  readonly target: string
  readonly data: string
  constructor(target: string, data: string) {
    this.target = target
    this.data = data
  }
}

/** A template instance: a shared compiled template plus this occurrence's values. */
export class TemplateInstanceNode {
  readonly kind = NodeKind.TemplateInstance
  readonly template: CompiledTemplate
  readonly values: ValueTable
  constructor(template: CompiledTemplate, values: ValueTable) {
    this.template = template
    this.values = values
  }
}

export type ContentNode =
  | ElementNode
  | TextNode
  | SubstitutionNode
  | CharRefNode
  | EntityRefNode
  | CDataNode
  | ProcessingInstructionNode
  | TemplateInstanceNode

/** A parsed BinXML document or fragment: its top-level nodes, in order. */
export type Fragment = readonly ContentNode[]

/** The text an entity reference stands for (`lt` → `<`), or undefined for unknown names. */
export function entityText(name: string): string | undefined {
  switch (name) {
    case 'lt':
      return '<'
    case 'gt':
      return '>'
    case 'amp':
      return '&'
    case 'quot':
      return '"'
    case 'apos':
      return "'"
    default:
      return undefined
  }
}
