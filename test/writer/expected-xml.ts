/**
 * An independent rendering of the writer's input model, as Windows' XML export would show it.
 *
 * Written from the rules in ../shared/evtx-corpus/README.md ("Values: how Windows renders them",
 * "Windows XML serialisation") and MS-EVEN6, without the parser's code: value formatting uses
 * BigInt and Date, the dependency-id, optional-attribute and array-repetition rules are applied
 * to the model, not to parsed nodes. The round-trip property compares the parser's renderXml
 * with this.
 */
import type {
  AttributeSpec,
  BinXmlDocument,
  ContentSpec,
  DocumentNode,
  ElementSpec,
  SystemTimeParts,
  ValueData,
  WriterValue,
} from '../../src/writer/index.js'

const ARRAY = 0x80
const NULL = 0x00
const BINXML = 0x21

function escText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}

function escAttr(s: string): string {
  return escText(s).replace(/'/g, '&apos;').replace(/"/g, '&quot;')
}

const pad = (n: number | bigint, w: number) => `${n}`.padStart(w, '0')

function filetimeText(ticks: bigint): string {
  const seconds = ticks / 10_000_000n
  const frac = ticks % 10_000_000n
  const iso = new Date(Number(seconds - 11_644_473_600n) * 1000).toISOString()
  return `${iso.slice(0, 19)}.${pad(frac, 7)}Z`
}

function systemTimeText(t: SystemTimeParts): string {
  return `${pad(t.year, 4)}-${pad(t.month, 2)}-${pad(t.day, 2)}T${pad(t.hour, 2)}:${pad(t.minute, 2)}:${pad(t.second, 2)}.${pad(t.milliseconds * 10_000, 7)}Z`
}

function real32Text(v: number): string {
  if (v === 0) return '0'
  if (!Number.isFinite(v)) return String(v)
  for (let digits = 1; digits <= 9; digits++) {
    const c = Number.parseFloat(v.toPrecision(digits))
    if (Math.fround(c) === v) return String(c)
  }
  return String(v)
}

function hexUpper(b: Uint8Array): string {
  return Array.from(b, (x) => x.toString(16).toUpperCase().padStart(2, '0')).join('')
}

/** Windows' text of one scalar item of base type `type`. */
export function scalarText(type: number, d: ValueData, width: 4 | 8 = 8): string {
  switch (type) {
    case 0x01:
    case 0x02: {
      const s = d as string
      const nul = s.indexOf('\u0000')
      return nul < 0 ? s : s.slice(0, nul)
    }
    case 0x03:
    case 0x04:
    case 0x05:
    case 0x06:
    case 0x07:
    case 0x08:
    case 0x09:
    case 0x0a:
      return String(d)
    case 0x0b:
      return real32Text(d as number)
    case 0x0c:
      return d === 0 ? '0' : String(d)
    case 0x0d:
      return d === true || (typeof d === 'number' && d !== 0) ? 'true' : 'false'
    case 0x0e:
      return hexUpper(d as Uint8Array)
    case 0x0f: {
      const g = (d as string).toLowerCase()
      return g.startsWith('{') ? g : `{${g}}`
    }
    case 0x10:
      return `0x${BigInt.asUintN(width * 8, BigInt(d as bigint)).toString(16)}`
    case 0x11:
      return filetimeText(d as bigint)
    case 0x12:
      return systemTimeText(d as SystemTimeParts)
    case 0x13:
      return d as string
    case 0x14:
      return `0x${((d as number) >>> 0).toString(16)}`
    case 0x15:
      return `0x${BigInt.asUintN(64, BigInt(d as bigint)).toString(16)}`
    default:
      throw new Error(`no expected rendering for type ${type}`)
  }
}

type Values = readonly WriterValue[] | undefined

function isNull(values: Values, i: number): boolean {
  return values === undefined || i >= values.length || (values[i] as WriterValue).type === NULL
}

/** Text of value `i` (array item `item`), '' when Null or out of range. */
function valueText(values: Values, i: number, item: number): string {
  if (isNull(values, i)) return ''
  const v = (values as readonly WriterValue[])[i] as WriterValue
  if (v.type & ARRAY) {
    const items = v.items ?? []
    const k = Math.max(0, item)
    return k < items.length ? scalarText(v.type & ~ARRAY, items[k] as ValueData, v.width) : ''
  }
  return scalarText(v.type, v.value as ValueData, v.width)
}

function attribute(a: AttributeSpec, values: Values): string | undefined {
  const only = a.value.length === 1 ? a.value[0] : undefined
  if (only?.kind === 'substitution' && only.optional && isNull(values, only.index)) return undefined
  let s = ''
  for (const p of a.value) {
    if (p.kind === 'text') s += p.text
    else if (p.kind === 'charref') s += String.fromCharCode(p.code)
    else if (p.kind === 'entityref') s += ({ lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" } as Record<string, string>)[p.name] ?? `&${p.name};`
    else if (!isNull(values, p.index) && (values as readonly WriterValue[])[p.index]?.type !== BINXML) s += valueText(values, p.index, -1)
  }
  return ` ${a.name}='${escAttr(s)}'`
}

function element(el: ElementSpec, values: Values): string {
  if (values !== undefined && el.depId !== undefined && isNull(values, el.depId)) return ''
  let repeat = 1
  for (const c of el.children ?? []) {
    if (c.kind === 'substitution' && values !== undefined && !isNull(values, c.index)) {
      const v = values[c.index] as WriterValue
      if (v.type & ARRAY) {
        repeat = Math.max(1, (v.items ?? []).length)
        break
      }
    }
  }
  let out = ''
  for (let k = 0; k < repeat; k++) {
    out += `<${el.name}`
    for (const a of el.attributes ?? []) out += attribute(a, values) ?? ''
    if (el.empty) {
      out += '/>'
      continue
    }
    out += '>'
    for (const c of el.children ?? []) out += content(c, values, k)
    out += `</${el.name}>`
  }
  return out
}

function content(c: ContentSpec, values: Values, item: number): string {
  switch (c.kind) {
    case 'element':
      return element(c, values)
    case 'text':
      return escText(c.text)
    case 'substitution': {
      if (isNull(values, c.index)) return ''
      const v = (values as readonly WriterValue[])[c.index] as WriterValue
      if (v.type === BINXML) return renderDocument(v.value as BinXmlDocument)
      return escText(valueText(values, c.index, item))
    }
    case 'charref':
      return `&#${c.code};`
    case 'entityref':
      return `&${c.name};`
    case 'cdata':
      return `<![CDATA[${c.text}]]>`
    case 'pi':
      return `<?${c.target} ${c.data}?>`
    case 'template':
      return c.template.body.map((n) => content(n, c.values, -1)).join('')
  }
}

/** The XML of every node of a document, concatenated (a record renders to its Event element). */
export function renderDocument(doc: BinXmlDocument): string {
  return doc.nodes.map((n: DocumentNode) => content(n, undefined, -1)).join('')
}
