/**
 * The diagnostics an input's summary lists: at most a fixed number, warnings and errors first.
 *
 * Every diagnostic is counted; only some are listed. Kept in arrival order alone, the first ones
 * of a log whose chunks hold many unreadable leftovers (info, one each) would crowd out a damaged
 * chunk or a stale header reported later. So warnings and errors are kept before info, and the
 * list is given back in the order the reader reported them.
 */
import type { Diagnostic } from '../diagnostics.js'

export class KeptDiagnostics {
  private readonly max: number
  private readonly serious: Array<[number, Diagnostic]> = []
  private readonly info: Array<[number, Diagnostic]> = []
  private seen = 0

  constructor(max: number) {
    this.max = max
  }

  add(d: Diagnostic): void {
    const list = d.severity === 'info' ? this.info : this.serious
    if (list.length < this.max) list.push([this.seen, d])
    this.seen++
  }

  /** The warnings and errors kept, then info up to the limit, in the order they were reported. */
  items(): Diagnostic[] {
    const info = this.info.slice(0, Math.max(0, this.max - this.serious.length))
    return [...this.serious, ...info].sort((a, b) => a[0] - b[0]).map(([, d]) => d)
  }
}
