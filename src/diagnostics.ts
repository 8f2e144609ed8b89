/**
 * Diagnostics: recoverable problems found while reading a file, as plain serialisable objects.
 *
 * The parser never logs. It hands each problem to `onDiagnostic` (and keeps counts), or, with
 * `strict: true`, throws it as an {@link EvtxError}. Severity says what was lost:
 * - `info`: nothing lost, worth knowing (a dirty header, trailing bytes);
 * - `warning`: a value or check is off but the record or chunk was still read;
 * - `error`: something was skipped (a record, the rest of a chunk, a whole chunk).
 */
import { EvtxError, type EvtxErrorCode, type EvtxLocation } from './errors.js'

export type Severity = 'info' | 'warning' | 'error'

export interface Diagnostic {
  readonly code: EvtxErrorCode
  readonly severity: Severity
  readonly message: string
  readonly location: EvtxLocation
}

export type DiagnosticHandler = (diagnostic: Diagnostic) => void

/** Collects diagnostics for one parse and applies the strict policy in one place. */
export class DiagnosticSink {
  readonly counts = new Map<EvtxErrorCode, number>()
  private readonly handler: DiagnosticHandler | undefined
  private readonly strict: boolean

  constructor(handler: DiagnosticHandler | undefined, strict: boolean) {
    this.handler = handler
    this.strict = strict
  }

  report(severity: Severity, code: EvtxErrorCode, message: string, location: EvtxLocation): void {
    // Informational notes never stop a strict parse: they report facts, not damage.
    if (this.strict && severity !== 'info') throw new EvtxError(code, message, location)
    this.counts.set(code, (this.counts.get(code) ?? 0) + 1)
    this.handler?.({ code, severity, message, location })
  }

  /** Reports a caught error at a recovery boundary (or rethrows it in strict mode). */
  fromError(severity: Severity, error: EvtxError, location: EvtxLocation): void {
    const located = error.withLocation(location)
    if (this.strict) throw located
    this.report(severity, located.code, located.message, located.location)
  }
}
