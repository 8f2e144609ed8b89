/**
 * The reference for the parallel renderer: every record of a file rendered as a line on this
 * thread, in file order, with the diagnostics the reader and the renderer reported.
 */
import type { Diagnostic } from '../../src/diagnostics.js'
import type { ParseOptions } from '../../src/evtx/options.js'
import { readEvtx } from '../../src/evtx/read.js'
import { type LineFormat, renderRecordLine } from '../../src/render/record-line.js'

export async function sequentialLines(path: string, format: LineFormat, options: ParseOptions = {}): Promise<{ text: string; diagnostics: string[] }> {
  const diagnostics: Diagnostic[] = []
  let text = ''
  for await (const r of readEvtx(path, { ...options, onDiagnostic: (d) => diagnostics.push(d) })) {
    const line = renderRecordLine(r, format, (d) => diagnostics.push(d), false)
    if (line !== undefined) text += `${line}\n`
  }
  return { text, diagnostics: diagnostics.map((d) => JSON.stringify(d)) }
}
