/**
 * Likely mistakes in a query that Windows would run silently and answer with nothing: a provider
 * name that no event carries but that differs from a real one only by spaces, case or a letter or
 * two (the article's `@Name=' Microsoft-Windows-TerminalServices-SessionBroker '`). Found on the
 * parsed query, so the warning can point at the column and a corrected query can be tried.
 */
import { KNOWN_PROVIDERS } from '../catalog/providers.js'
import type { Expr } from './ast.js'

export interface ProviderLiteral {
  readonly value: string
  /** Offset of the literal's opening quote in the query text. */
  readonly offset: number
}

export interface ProviderTypo extends ProviderLiteral {
  readonly suggestion: string
  readonly kind: 'spaces' | 'case' | 'spelling'
}

function isProviderName(steps: readonly string[], attribute: string | undefined): boolean {
  const want = ['System', 'Provider']
  return attribute === 'Name' && steps.length === 2 && steps.every((s, i) => s === '*' || s === want[i])
}

/** String literals the query compares (`=`) with `System/Provider/@Name`, at any nesting. */
export function providerNameLiterals(expr: Expr): ProviderLiteral[] {
  const out: ProviderLiteral[] = []
  const visit = (e: Expr, context: readonly string[] | undefined): void => {
    switch (e.kind) {
      case 'or':
      case 'and':
        visit(e.left, context)
        visit(e.right, context)
        return
      case 'not':
        visit(e.arg, context)
        return
      case 'band':
      case 'timediff':
        for (const a of e.args) visit(a, context)
        return
      case 'compare': {
        if (e.op === '=') {
          const [path, lit] = e.left.kind === 'path' ? [e.left, e.right] : [e.right, e.left]
          if (path.kind === 'path' && lit.kind === 'string' && context !== undefined) {
            const names = [...context, ...path.steps.map((s) => s.name)]
            if (isProviderName(names, path.attribute)) out.push({ value: lit.value, offset: lit.offset })
          }
        }
        visit(e.left, context)
        visit(e.right, context)
        return
      }
      case 'path': {
        const steps = context === undefined ? e.steps.slice(1) : e.steps
        const first = context === undefined ? e.steps[0] : undefined
        if (first !== undefined) for (const p of first.predicates) visit(p, [])
        let here = context ?? []
        for (const s of steps) {
          here = [...here, s.name]
          for (const p of s.predicates) visit(p, here)
        }
        return
      }
      default:
        return
    }
  }
  visit(expr, undefined)
  return out
}

function squash(s: string): string {
  return s.trim().replace(/\s+/g, ' ').toLowerCase()
}

function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const row = [i]
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min((prev[j] as number) + 1, (row[j - 1] as number) + 1, (prev[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1))
    }
    prev = row
  }
  return prev[b.length] as number
}

/**
 * The provider a name most likely meant, among `names` (the providers seen in the logs) and the
 * built-in catalog's; undefined when the name is one of them exactly or nothing is close.
 */
export function suggestProvider(value: string, names: Iterable<string>): Omit<ProviderTypo, 'value' | 'offset'> | undefined {
  const candidates = new Set<string>(names)
  for (const p of KNOWN_PROVIDERS) candidates.add(p.name)
  if (candidates.has(value)) return undefined
  const list = [...candidates]
  const trimmed = list.find((c) => c === value.trim().replace(/\s+/g, ' '))
  if (trimmed !== undefined) return { suggestion: trimmed, kind: 'spaces' }
  const folded = list.find((c) => squash(c) === squash(value))
  if (folded !== undefined) return { suggestion: folded, kind: value.trim() === value && value.toLowerCase() === folded.toLowerCase() ? 'case' : 'spaces' }
  if (squash(value).length < 6) return undefined
  let best: { name: string; d: number } | undefined
  for (const c of list) {
    const d = editDistance(squash(value), squash(c), 2)
    if (d <= 2 && (best === undefined || d < best.d)) best = { name: c, d }
  }
  return best === undefined ? undefined : { suggestion: best.name, kind: 'spelling' }
}

/** Provider names in the query that match no event but look like one that does. */
export function findProviderTypos(expr: Expr, seenProviders: Iterable<string>): ProviderTypo[] {
  const seen = [...seenProviders]
  const out: ProviderTypo[] = []
  for (const lit of providerNameLiterals(expr)) {
    const s = suggestProvider(lit.value, seen)
    if (s !== undefined) out.push({ ...lit, ...s })
  }
  return out
}

/** The query text with each typo's literal replaced by its suggestion. */
export function correctQuery(source: string, typos: readonly ProviderTypo[]): string {
  let text = source
  for (const t of [...typos].sort((a, b) => b.offset - a.offset)) {
    const quote = text[t.offset] as string
    const end = t.offset + t.value.length + 2
    text = `${text.slice(0, t.offset)}${quote}${t.suggestion}${quote}${text.slice(end)}`
  }
  return text
}

/** One line explaining a typo, for stderr. */
export function describeTypo(t: ProviderTypo, column: number): string {
  const why =
    t.kind === 'spaces'
      ? 'has spaces no provider name has'
      : t.kind === 'case'
        ? 'differs in case from a provider name'
        : 'is not the name of any provider in these logs or the catalog'
  return `provider name '${t.value}' (column ${column}) ${why}: Windows compares names exactly, so this matches nothing. Did you mean '${t.suggestion}'?`
}
