/**
 * `rdp-triage dump FILE`: every record of one .evtx file as Windows XML, JSON or JSON lines.
 */
import type { Diagnostic } from '../../diagnostics.js'
import { EvtxError } from '../../errors.js'
import { readEvtx } from '../../evtx/read.js'
import type { EvtxRecord } from '../../evtx/record.js'
import { renderJson } from '../../render/json.js'
import { renderXml } from '../../render/xml.js'
import { choice, parseCommandArgs } from '../args.js'
import type { Command } from '../command.js'
import { formatDiagnostic } from '../diagnostics-out.js'
import { CliError, type CliIo, ExitCode, withInputFile, writeOut } from '../io.js'
import { OutputBuffer } from '../output-buffer.js'

const FORMATS = ['xml', 'json', 'jsonl'] as const

const help = `Usage: rdp-triage dump FILE [options]

Prints every record of an .evtx file, in file order, whatever its header claims.

Options:
  --format xml|json|jsonl   xml (default): one <Event> per line, exactly as Windows renders it
                            (values keep their own line breaks, as in Windows' export);
                            json: an array of records; jsonl: one record per line
  --validate-checksums      skip chunks whose CRCs fail (off by default: dirty files have stale CRCs)
  --ansi-codepage CP        codepage for ANSI strings (default windows-1252)
  --strict                  stop at the first problem instead of reporting it and going on
  -h, --help                show this help

Problems found in the file are reported on stderr, one per line; the records that can be read
are still printed.`

/** JSON form of a record: its place in the file, then the event (docs/json.md). */
export function recordJson(record: EvtxRecord): Record<string, unknown> {
  return {
    record: {
      id: record.recordId,
      writtenTime: record.writtenTime,
      chunkIndex: record.chunkIndex,
      fileOffset: record.fileOffset,
    },
    ...renderJson(record),
  }
}

export const dumpCommand: Command = {
  name: 'dump',
  summary: 'print every record of an .evtx file as XML, JSON or JSON lines',
  help,
  async run(argv: readonly string[], io: CliIo) {
    const { values, positionals } = parseCommandArgs('dump', argv, {
      format: { type: 'string' },
      'validate-checksums': { type: 'boolean' },
      'ansi-codepage': { type: 'string' },
      strict: { type: 'boolean' },
    })
    const format = choice('dump', 'format', values.format, FORMATS, 'xml')
    if (positionals.length !== 1) throw new CliError(`dump: expected one FILE, got ${positionals.length} (see 'rdp-triage dump --help')`)
    const file = positionals[0] as string
    const out = new OutputBuffer(io.stdout)
    const onDiagnostic = (d: Diagnostic) => {
      void writeOut(io.stderr, `${formatDiagnostic(file, d)}\n`)
    }
    const records = readEvtx(file, {
      validateChecksums: values['validate-checksums'] === true,
      ansiCodepage: values['ansi-codepage'] as string | undefined,
      strict: values.strict === true,
      onDiagnostic,
    })
    let first = true
    if (format === 'json') await out.write('[')
    await withInputFile(file, async () => {
    for await (const record of records) {
      let text: string
      try {
        text = format === 'xml' ? renderXml(record) : JSON.stringify(recordJson(record))
      } catch (error) {
        // A record too large to render is reported like any other broken record.
        if (!(error instanceof EvtxError) || values.strict === true) throw error
        onDiagnostic({ code: error.code, severity: 'error', message: error.message, location: { fileOffset: record.fileOffset, chunkIndex: record.chunkIndex, chunkOffset: record.chunkOffset, recordId: record.recordId } })
        continue
      }
      if (format === 'json') {
        await out.write(`${first ? '\n' : ',\n'}${text}`)
        first = false
      } else await out.write(`${text}\n`)
    }
    })
    if (format === 'json') await out.write(first ? ']\n' : '\n]\n')
    await out.flush()
    return ExitCode.Ok
  },
}
