/**
 * The JSON rendering of a report: the report object itself, two-space indented, one trailing
 * newline. Its shape is ReportSchema (docs/report.schema.json).
 */
import type { Report } from './schema.js'

export function renderReportJson(report: Report): string {
  return `${JSON.stringify(report, null, 2)}\n`
}
