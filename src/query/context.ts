/**
 * What compiled query code works with: the evaluation context, and the compiled forms of
 * expressions (closures over it).
 */
import type { EventNode } from '../access/nodes.js'
import type { EvtxRecord } from '../evtx/record.js'
import type { Literal } from './values.js'

export interface Ctx {
  readonly record: EvtxRecord
  /** Reference time for one-argument timediff(), FILETIME ticks. */
  readonly now: bigint
  /** The context element inside a predicate evaluated on nodes (undefined at the event level). */
  readonly node: EventNode | undefined
  /** The context position (1-based) inside such a predicate. */
  readonly pos: number
}

/** A compiled location path: the string values of the nodes it selects, and whether there are any. */
export interface NodeSet {
  values(c: Ctx): string[]
  exists(c: Ctx): boolean
}

export type Compiled =
  | { readonly t: 'bool'; readonly f: (c: Ctx) => boolean }
  | { readonly t: 'num'; readonly f: (c: Ctx) => number }
  | { readonly t: 'lit'; readonly lit: Literal }
  | { readonly t: 'nodes'; readonly n: NodeSet }

/** XPath boolean() of a compiled expression. */
export function asBool(e: Compiled): (c: Ctx) => boolean {
  switch (e.t) {
    case 'bool':
      return e.f
    case 'nodes':
      return (c) => e.n.exists(c)
    case 'num': {
      const f = e.f
      return (c) => {
        const n = f(c)
        return n !== 0 && !Number.isNaN(n)
      }
    }
    case 'lit': {
      const v = e.lit.type === 'number' ? e.lit.num.value !== 0 && !Number.isNaN(e.lit.num.value) : e.lit.text !== ''
      return () => v
    }
  }
}
