/**
 * Printing a query's events, in whichever order its second pass finds them: text in wevtutil's
 * layout (strings, batched), XML and JSON rendered straight into bytes (as `dump` renders them)
 * and written from two buffers in turn. An event that cannot be rendered (a limit) is reported on
 * stderr with its place and the others are printed, as `dump` does.
 */
import type { Diagnostic } from '../diagnostics.js'
import { EvtxError } from '../errors.js'
import type { EvtxRecord } from '../evtx/record.js'
import { formatEventText } from '../query/format-text.js'
import { renderFailure, writeRecordLine } from '../render/record-line.js'
import { ByteOutput } from './byte-output.js'
import { formatDiagnostic } from './diagnostics-out.js'
import { type CliIo, writeOut } from './io.js'
import { OutputBuffer } from './output-buffer.js'
import { type QueryJsonLog, queryJsonLog, writeQueryJson } from './query-json.js'
import type { LogFile } from './query-logs.js'

export const QUERY_FORMATS = ['text', 'xml', 'json'] as const
export type QueryFormat = (typeof QUERY_FORMATS)[number]

/** XML and JSON are written this much at a time. */
const WRITE_BYTES = 1 << 16

export class EventPrinter {
  /** Events printed so far (text numbers them, JSON separates them). */
  private printed = 0
  private readonly text: OutputBuffer | undefined
  private readonly bytes: ByteOutput | undefined
  private readonly logJson = new Map<LogFile, QueryJsonLog>()
  private readonly format: QueryFormat
  private readonly io: CliIo
  /** wevtutil's /e: the element XML output is put in (an XML name, checked by the caller). */
  private readonly root: string | undefined

  constructor(format: QueryFormat, io: CliIo, root?: string) {
    this.format = format
    this.io = io
    this.root = format === 'xml' ? root : undefined
    this.text = format === 'text' ? new OutputBuffer(io.stdout) : undefined
    this.bytes = format === 'text' ? undefined : new ByteOutput(io.stdout, WRITE_BYTES)
    if (format === 'json') this.bytes?.sink.ascii('[')
    if (this.root !== undefined) this.bytes?.sink.ascii(`<${this.root}>\n`)
  }

  /** Prints one event of `log`; returns a promise only when the caller must wait (output is full). */
  print(log: LogFile, record: EvtxRecord): Promise<void> | undefined {
    const bytes = this.bytes
    if (bytes === undefined) return this.printText(log, record)
    const sink = bytes.sink
    const onDiagnostic = (d: Diagnostic) => void this.report(log, d)
    if (this.format === 'xml') {
      if (!writeRecordLine(record, 'xml', sink, onDiagnostic, false)) return undefined
    } else {
      let name = this.logJson.get(log)
      if (name === undefined) {
        name = queryJsonLog(log.display)
        this.logJson.set(log, name)
      }
      const start = sink.pos
      sink.ascii(this.printed === 0 ? '\n' : ',\n')
      if (!writeQueryJson(record, name, sink, onDiagnostic)) {
        sink.pos = start
        return undefined
      }
    }
    this.printed++
    return sink.pos >= bytes.flushAt ? bytes.flush() : undefined
  }

  /** Writes what is left (JSON's closing bracket) and waits until stdout has taken it. */
  async end(): Promise<void> {
    if (this.format === 'json') this.bytes?.sink.ascii(this.printed === 0 ? ']\n' : '\n]\n')
    if (this.root !== undefined) this.bytes?.sink.ascii(`</${this.root}>\n`)
    await this.bytes?.end()
    await this.text?.flush()
  }

  private async printText(log: LogFile, record: EvtxRecord): Promise<void> {
    let text: string
    try {
      text = formatEventText(record, this.printed)
    } catch (error) {
      if (!(error instanceof EvtxError)) throw error
      await this.report(log, renderFailure(record, error))
      return
    }
    this.printed++
    await this.text?.write(text)
  }

  private report(log: LogFile, d: Diagnostic): Promise<void> {
    return writeOut(this.io.stderr, `${formatDiagnostic(log.display, d)}\n`)
  }
}
