/**
 * XML through the reference walk (render/walk.ts): the rendering every faster path is checked
 * against, and the one used for the rare nodes outside a template instance (records written
 * without templates by event forwarders, bare elements in BinXml values).
 */
import type { ElementNode, Fragment } from '../binxml/nodes.js'
import type { ValueTable } from '../binxml/value-table.js'
import { valueText } from '../binxml/values.js'
import { DEFAULT_LIMITS } from '../limits.js'
import { renderBudgetError } from './budget.js'
import { escapeAttribute, escapeText, xmlName } from './escape.js'
import { type RenderVisitor, walkFragment } from './walk.js'

class XmlVisitor implements RenderVisitor {
  out = ''
  private readonly max: number

  constructor(max: number) {
    this.max = max
  }

  startElement(el: ElementNode): void {
    if (this.out.length > this.max) throw renderBudgetError(this.max, 'characters')
    this.out += `<${xmlName(el.name)}`
  }

  attribute(name: string, value: string): void {
    this.out += ` ${xmlName(name)}='${escapeAttribute(value)}'`
  }

  endStartTag(_el: ElementNode, empty: boolean): void {
    this.out += empty ? '/>' : '>'
  }

  text(text: string): void {
    this.out += escapeText(text)
  }

  markup(xml: string): void {
    this.out += xml
  }

  substitution(vt: ValueTable, index: number, item: number): void {
    if (this.out.length > this.max) throw renderBudgetError(this.max, 'characters')
    this.out += escapeText(valueText(vt, index, item))
  }

  endElement(el: ElementNode): void {
    this.out += `</${xmlName(el.name)}>`
  }
}

/**
 * The reference XML rendering of a fragment.
 * @throws {EvtxError} LIMIT_EXCEEDED when the output would exceed `maxLength` characters
 */
export function renderByWalk(fragment: Fragment, maxLength = DEFAULT_LIMITS.maxRenderedLength): string {
  const v = new XmlVisitor(maxLength)
  walkFragment(fragment, undefined, v)
  return v.out
}
