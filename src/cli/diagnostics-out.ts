/**
 * One-line rendering of parser diagnostics for stderr.
 */
import type { Diagnostic } from '../diagnostics.js'
import { describeLocation } from '../errors.js'

export function formatDiagnostic(file: string, d: Diagnostic): string {
  const where = describeLocation(d.location)
  return `${file}: ${d.severity} ${d.code}: ${d.message}${where ? ` [${where}]` : ''}`
}
