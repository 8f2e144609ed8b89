/**
 * Terse constructors for element trees, so templates read close to the XML they stand for:
 * `el('Data', [attr('Name', 'param1')], [sub(0, ValueType.String)])`.
 */
import type {
  AttributePart,
  AttributeSpec,
  BinXmlDocument,
  ContentSpec,
  DocumentNode,
  ElementSpec,
  SubstitutionSpec,
  TemplateDefinition,
  TemplateInstance,
  TextSpec,
  WriterValue,
} from './model.js'

export interface ElementOptions {
  readonly depId?: number
  readonly empty?: boolean
}

/** An element; `empty` defaults to true when there are no children (`<X/>`). */
export function el(name: string, attributes: readonly AttributeSpec[] = [], children: readonly ContentSpec[] = [], options: ElementOptions = {}): ElementSpec {
  const spec: { -readonly [K in keyof ElementSpec]: ElementSpec[K] } = { kind: 'element', name, empty: options.empty ?? children.length === 0 }
  if (attributes.length > 0) spec.attributes = attributes
  if (children.length > 0) spec.children = children
  if (options.depId !== undefined) spec.depId = options.depId
  return spec
}

export function text(s: string): TextSpec {
  return { kind: 'text', text: s }
}

/** A normal substitution (0x0D). */
export function sub(index: number, type: number): SubstitutionSpec {
  return { kind: 'substitution', index, type, optional: false }
}

/** An optional substitution (0x0E): left out when its value is Null. */
export function opt(index: number, type: number): SubstitutionSpec {
  return { kind: 'substitution', index, type, optional: true }
}

/** An attribute; a string value is literal text. */
export function attr(name: string, ...value: Array<AttributePart | string>): AttributeSpec {
  return { name, value: value.map((p) => (typeof p === 'string' ? text(p) : p)) }
}

export function instance(template: TemplateDefinition, values: readonly WriterValue[]): TemplateInstance {
  return { kind: 'template', template, values }
}

export function doc(nodes: readonly DocumentNode[], fragmentHeader = true): BinXmlDocument {
  return { fragmentHeader, nodes }
}
