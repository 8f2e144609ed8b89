/**
 * `rdp-triage dump FILE`: every record of one .evtx file as Windows XML, JSON or JSON lines.
 */
import type { Diagnostic } from '../../diagnostics.js'
import { readEvtxChunks } from '../../evtx/read.js'
import type { EvtxRecord } from '../../evtx/record.js'
import { renderEvtxParallel } from '../../node/parallel.js'
import { ByteOutput } from '../byte-output.js'
import { writeRecordLine } from '../../render/record-line.js'
import { choice, codepageOption, parseCommandArgs } from '../args.js'
import type { Command } from '../command.js'
import { formatDiagnostic } from '../diagnostics-out.js'
import { CliError, type CliIo, ExitCode, withInputFile, writeAndRelease, writeOut } from '../io.js'
import { pathKind } from '../path-kind.js'

const FORMATS = ['xml', 'json', 'jsonl'] as const

const help = `Usage: rdp-triage dump FILE [options]

Prints every record of an .evtx file, in file order, whatever its header claims.

Options:
  --format xml|json|jsonl   xml (default): one <Event> per line, exactly as Windows renders it
                            (values keep their own line breaks, as in Windows' export);
                            json: an array of records; jsonl: one record per line
  --validate-checksums      skip chunks whose CRCs fail (off by default: dirty files have stale CRCs)
  --hidden-records          also print the records hidden inside the record before them (its size
                            grown over them, as log-tampering tools do), each after its host;
                            they are reported on stderr (EVTX_RECORD_HIDDEN) either way
  --leftover-records        also print the whole records an earlier use of a chunk (a wrap or a
                            clear) left in its unused space, each chunk's after its own records,
                            with every template and name reference checked; they are counted on
                            stderr (EVTX_CHUNK_LEFTOVER_RECORDS) either way
  --ansi-codepage CP        codepage for ANSI strings (default windows-1252)
  --strict                  stop at the first problem instead of reporting it and going on
  --threads N               render on N worker threads (chunks in parallel, output in file order;
                            default 1; 0 = one per CPU); xml and jsonl only. Files under 64 MiB
                            are rendered in-process: starting workers costs more than it saves
  -h, --help                show this help

Problems found in the file are reported on stderr, one per line; the records that can be read
are still printed.`

/** Below this, worker start-up and warm-up cost more than parallel rendering saves (measured). */
const PARALLEL_MIN_BYTES = 64 * 1024 * 1024

async function fileSize(file: string): Promise<number> {
  const { stat } = await import('node:fs/promises')
  return stat(file).then(
    (s) => s.size,
    () => 0,
  )
}

function parseThreads(value: unknown): number {
  if (value === undefined) return 1
  // Digits only: Number() takes '' (and spaces) for 0, one thread per CPU, and '1e1', '0x10'.
  const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : Number.NaN
  if (!Number.isInteger(n) || n < 0 || n > 256) throw new CliError(`dump: --threads must be a whole number from 0 to 256; got ${JSON.stringify(value)}`)
  return n
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
      threads: { type: 'string' },
      'hidden-records': { type: 'boolean' },
      'leftover-records': { type: 'boolean' },
    })
    const format = choice('dump', 'format', values.format, FORMATS, 'xml')
    if (positionals.length !== 1) throw new CliError(`dump: expected one FILE, got ${positionals.length} (see 'rdp-triage dump --help')`)
    const file = positionals[0] as string
    if ((await pathKind(file)) === 'folder') throw new CliError(`dump: ${file}: is a folder: dump prints one .evtx file (for a folder, see 'rdp-triage analyze' or 'rdp-triage query --logs')`)
    const threads = parseThreads(values.threads)
    const ansiCodepage = codepageOption('dump', values['ansi-codepage'])
    const readHiddenRecords = values['hidden-records'] === true
    const readLeftoverRecords = values['leftover-records'] === true
    const onDiagnostic = (d: Diagnostic) => {
      void writeOut(io.stderr, `${formatDiagnostic(file, d)}\n`)
    }
    if (threads !== 1 && format !== 'json' && (await fileSize(file)) >= PARALLEL_MIN_BYTES) {
      await withInputFile(file, async () => {
        for await (const text of renderEvtxParallel(file, {
          format: format === 'xml' ? 'xml' : 'jsonl',
          ...(threads > 0 ? { threads } : {}),
          validateChecksums: values['validate-checksums'] === true,
          readHiddenRecords,
      readLeftoverRecords,
          ansiCodepage,
          strict: values.strict === true,
          onDiagnostic,
          // Each batch's buffer goes back to the workers once its write has completed.
          reuseOutput: true,
        })) {
          await writeAndRelease(io.stdout, text)
        }
      })
      return ExitCode.Ok
    }
    const chunks = readEvtxChunks(file, {
      validateChecksums: values['validate-checksums'] === true,
      readHiddenRecords,
      readLeftoverRecords,
      ansiCodepage,
      strict: values.strict === true,
      onDiagnostic,
      // Each chunk's records are rendered into the output buffer before the next is asked for.
      reuseBuffers: true,
    })
    const strict = values.strict === true
    // Rendered straight into UTF-8 bytes, written 64 KiB at a time from two buffers in turn.
    const output = new ByteOutput(io.stdout, 1 << 16)
    const sink = output.sink
    // json is the jsonl lines as an array: `[`, the records separated by `,` + newline, `]`.
    let first = true
    const writeJsonItem = (record: EvtxRecord) => {
      const mark = sink.pos
      sink.ascii(first ? '\n' : ',\n')
      // The line's own newline is dropped: the separator or the closing one stands for it.
      if (writeRecordLine(record, 'jsonl', sink, onDiagnostic, strict)) {
        sink.pos--
        first = false
      } else sink.pos = mark
    }
    if (format === 'json') sink.byte(0x5b)
    await withInputFile(file, async () => {
      for await (const records of chunks) {
        if (format === 'json') for (const record of records) writeJsonItem(record)
        else for (const record of records) writeRecordLine(record, format, sink, onDiagnostic, strict)
        if (sink.pos >= output.flushAt) await output.flush()
      }
    })
    if (format === 'json') sink.ascii(first ? ']\n' : '\n]\n')
    await output.end()
    return ExitCode.Ok
  },
}
