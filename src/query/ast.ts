/**
 * The parsed form of an event query. Every node keeps the offset of its text so that later
 * checks can point at it.
 */

export type CompareOp = '=' | '!=' | '<' | '<=' | '>' | '>='

export interface Step {
  /** Element local name, or `*`. */
  readonly name: string
  readonly predicates: readonly Expr[]
  readonly offset: number
}

export type Expr =
  | { readonly kind: 'or' | 'and'; readonly left: Expr; readonly right: Expr; readonly offset: number }
  | { readonly kind: 'compare'; readonly op: CompareOp; readonly left: Expr; readonly right: Expr; readonly offset: number }
  | { readonly kind: 'not'; readonly arg: Expr; readonly offset: number }
  | { readonly kind: 'band'; readonly args: readonly [Expr, Expr]; readonly offset: number }
  | { readonly kind: 'timediff'; readonly args: readonly Expr[]; readonly offset: number }
  | { readonly kind: 'position'; readonly offset: number }
  | { readonly kind: 'string'; readonly value: string; readonly offset: number }
  /** `text` is the number as written; hexadecimal numbers are integers. */
  | { readonly kind: 'number'; readonly text: string; readonly offset: number }
  /** A relative location path: element steps, then optionally an attribute. */
  | { readonly kind: 'path'; readonly steps: readonly Step[]; readonly attribute?: string; readonly offset: number }

export type PathExpr = Extract<Expr, { kind: 'path' }>

/** The mirrored operator, for `literal op path` written as `path op' literal`. */
export function mirror(op: CompareOp): CompareOp {
  switch (op) {
    case '<':
      return '>'
    case '<=':
      return '>='
    case '>':
      return '<'
    case '>=':
      return '<='
    default:
      return op
  }
}
