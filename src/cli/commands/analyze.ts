/**
 * `rdp-triage analyze PATH...`: the main job. Reads the logs, prints the report (text, JSON or
 * Markdown) on stdout or to --out, and exits 1 when a scenario is found (current or stale),
 * 0 when none is, 2 on bad usage or (with --strict) a damaged or unreadable input.
 */
import { writeFile } from 'node:fs/promises'
import { analyze } from '../../analyze.js'
import type { InputSummary } from '../../inputs/scan.js'
import { renderReportJson } from '../../report/render-json.js'
import { renderReportMarkdown } from '../../report/render-markdown.js'
import { renderReportText } from '../../report/render-text.js'
import type { Report } from '../../report/schema.js'
import { renderScript } from '../../remediation/index.js'
import { SCRIPT_MODES } from '../../remediation/plan.js'
import { choice, parseCommandArgs } from '../args.js'
import type { Command } from '../command.js'
import { CliError, type CliIo, ExitCode, writeOut } from '../io.js'
import { checkOutputs, type Output } from '../output-guard.js'
import { ProgressBar } from '../progress.js'
import { visibleText } from '../../report/visible.js'

const FORMATS = ['text', 'json', 'markdown'] as const

/**
 * Input problems that are damage read around, as a damaged log's are: a ZIP archive whose
 * directory was lost or damaged, its entries found from their local headers or a bad one left out
 * (inputs/discover.ts). A warning, failing the run (exit 2) only with --strict; a path that gave
 * no log, or an archive that cannot be listed, always does.
 */
const READ_AROUND = /^damaged ZIP archive: /

const help = `Usage: rdp-triage analyze PATH... [options]

Finds out, from exported Windows event logs, which of the known RDP failure scenarios an Azure
VM shows: S1 self-signed certificate / MachineKeys, S2 TLS disabled by policy, S3 RD Connection
Broker after a hostname change. PATH is an .evtx file, a folder (searched recursively), the
root of a mounted Windows volume (its Windows\\System32\\winevt\\Logs is read), or a ZIP archive
(its .evtx files are read in place, as in a folder).

Options:
  --format text|json|markdown  report format (default text; markdown is ready for a ticket)
  --out FILE                   write the report to FILE instead of stdout
  --now TIME                   end of the analysis window, ISO 8601 (UTC if no zone given),
                               1601-01-01 to 9999-12-31; events dated after it are left out (a
                               note counts them); default: the newest record of the inputs
  --window DURATION            window length: 24h (default, as the documented queries), 90m, 7d,
                               PT24H; 1 ms to 1000 years
  --strict                     stop reading a file at its first problem; exit 2 if any input
                               is damaged or unreadable
  --script FILE                also write the PowerShell script that repairs what was found
                               (a dry run until its $Apply setting is changed; docs/remediation.md)
                               --out and --script never replace an input, an event log or a
                               ZIP archive (exit 2 before anything is written)
  --mode offline|online        for --script: offline (default) runs on a rescue VM with the OS
                               disk attached (az vm repair run); online runs inside the VM
  --script-tls-legacy          for --script: also enable TLS 1.0/1.1 for the server by default (S2)
  -h, --help                   show this help

Exit codes: 0 no scenario found (or only resolved ones), 1 a scenario was found (current, or
stale: seen only before the window), 2 bad usage, an input or output error, or no input readable
as an event log (nothing was checked), 70 internal error.
Warnings about inputs and progress go to stderr; colour only on a terminal, never with NO_COLOR.`

function warningsFor(s: InputSummary): string[] {
  const out: string[] = []
  if (s.error !== null) out.push(`${s.file}: ${s.status}: ${s.error}`)
  const { error, warning } = s.diagnostics.bySeverity
  if (error + warning > 0) {
    const codes = Object.entries(s.diagnostics.byCode).map(([c, n]) => `${c} x${n}`).join(', ')
    out.push(`${s.file}: ${error} error(s), ${warning} warning(s) while reading (${codes}); the readable records were analyzed`)
  }
  return out
}

function useColor(io: CliIo, toStdout: boolean): boolean {
  const noColor = io.env.NO_COLOR
  return toStdout && io.stdout.isTTY === true && (noColor === undefined || noColor === '')
}

function render(report: Report, format: (typeof FORMATS)[number], color: boolean): string {
  if (format === 'json') return renderReportJson(report)
  if (format === 'markdown') return renderReportMarkdown(report)
  return renderReportText(report, { color })
}

export const analyzeCommand: Command = {
  name: 'analyze',
  summary: 'diagnose why RDP fails, from exported .evtx logs (files, folders, a mounted volume)',
  help,
  exitCodeIsVerdict: true,
  async run(argv: readonly string[], io: CliIo) {
    const { values, positionals } = parseCommandArgs('analyze', argv, {
      format: { type: 'string' },
      out: { type: 'string' },
      now: { type: 'string' },
      window: { type: 'string' },
      strict: { type: 'boolean' },
      script: { type: 'string' },
      mode: { type: 'string' },
      'script-tls-legacy': { type: 'boolean' },
    })
    const format = choice('analyze', 'format', values.format, FORMATS, 'text')
    if (positionals.length === 0) throw new CliError("analyze: expected at least one PATH (see 'rdp-triage analyze --help')")
    const out = typeof values.out === 'string' ? values.out : undefined
    const script = typeof values.script === 'string' ? values.script : undefined
    if (script === undefined && (values.mode !== undefined || values['script-tls-legacy'] !== undefined)) {
      throw new CliError("analyze: --mode and --script-tls-legacy need --script FILE (see 'rdp-triage analyze --help')")
    }
    const mode = choice('analyze', 'mode', values.mode, SCRIPT_MODES, 'offline')
    const strict = values.strict === true
    const outputs: Output[] = [...(out === undefined ? [] : [{ option: '--out', path: out }]), ...(script === undefined ? [] : [{ option: '--script', path: script }])]
    // Before reading (a named input), and again before writing (every log found in a folder).
    await checkOutputs('analyze', outputs, positionals)
    let bar: ProgressBar | undefined
    let report: Report
    try {
      report = await analyze(positionals, {
        ...(typeof values.now === 'string' ? { now: values.now } : {}),
        ...(typeof values.window === 'string' ? { window: values.window } : {}),
        strict,
        onProgress: (p) => {
          bar ??= new ProgressBar(io.stderr, p.bytesTotal)
          bar.update(p.bytesDone, p.bytesTotal, p.file)
        },
        onInput: (s) => {
          const lines = warningsFor(s)
          if (lines.length === 0) return
          bar?.clear()
          void writeOut(io.stderr, lines.map((l) => `rdp-triage: warning: ${visibleText(l)}\n`).join(''))
        },
      })
    } catch (error) {
      if (error instanceof RangeError) throw new CliError(`analyze: ${error.message}`)
      throw error
    } finally {
      bar?.clear()
    }
    const failed = report.inputProblems.filter((p) => strict || !READ_AROUND.test(p.message))
    for (const p of report.inputProblems) await writeOut(io.stderr, `rdp-triage: ${failed.includes(p) ? '' : 'warning: '}${visibleText(`${p.input}: ${p.message}`)}\n`)
    if (report.inputs.length === 0) {
      throw new CliError(`analyze: no .evtx file found in ${positionals.map((p) => JSON.stringify(p)).join(', ')}`)
    }
    // Every file read: a log (in an archive, named `archive!/entry`, which stands for the archive),
    // and a named path that gave none (an archive without logs, or one that cannot be listed).
    const read = [...report.inputs.filter((i) => i.origin !== 'memory').map((i) => i.file), ...report.inputProblems.map((p) => p.input)]
    await checkOutputs('analyze', outputs, read)
    const text = render(report, format, useColor(io, out === undefined))
    if (out === undefined) await writeOut(io.stdout, text)
    else {
      await writeFile(out, text).catch((e: Error) => {
        throw new CliError(`analyze: cannot write ${out}: ${e.message}`)
      })
      await writeOut(io.stderr, `rdp-triage: report written to ${out}\n`)
    }
    if (script !== undefined) {
      await writeFile(script, renderScript(report, { mode, tlsLegacy: values['script-tls-legacy'] === true })).catch((e: Error) => {
        throw new CliError(`analyze: cannot write ${script}: ${e.message}`)
      })
      await writeOut(io.stderr, `rdp-triage: ${mode} remediation script written to ${script} (a dry run until you set $Apply = $true in it)\n`)
    }
    // Nothing readable is not "no scenario found": a caller taking exit 0 for a healthy VM would
    // be told so about a folder of zipped or gzipped logs.
    const noneReadable = report.inputs.every((i) => i.status === 'unreadable')
    if (noneReadable) await writeOut(io.stderr, 'rdp-triage: analyze: none of the inputs is a readable event log, so nothing was checked\n')
    const inputFailed = noneReadable || failed.length > 0 || (strict && report.inputs.some((i) => i.status !== 'ok'))
    if (inputFailed) return ExitCode.UsageOrInput
    return report.conclusion.found.length > 0 ? ExitCode.Findings : ExitCode.Ok
  },
}
