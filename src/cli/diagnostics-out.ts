/**
 * One-line rendering of parser diagnostics for stderr.
 */
import type { Diagnostic } from '../diagnostics.js'
import { describeLocation } from '../errors.js'
import { visibleText } from '../report/visible.js'

/** The diagnostic as one line: a file name or a message quoting the file cannot break it (report/visible.ts). */
export function formatDiagnostic(file: string, d: Diagnostic): string {
  const where = describeLocation(d.location)
  return visibleText(`${file}: ${d.severity} ${d.code}: ${d.message}${where ? ` [${where}]` : ''}`)
}
