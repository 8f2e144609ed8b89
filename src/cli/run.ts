/**
 * The CLI dispatcher: picks the command, turns every expected failure into one line on stderr
 * and an exit code, and never shows a stack trace for bad input.
 */
import { EvtxError } from '../errors.js'
import { VERSION } from '../version.js'
import { COMMANDS } from './commands/index.js'
import { CliError, type CliIo, ExitCode, writeOut } from './io.js'
import { visibleText } from '../report/visible.js'

function mainHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length))
  const list = COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join('\n')
  return `rdp-triage ${VERSION}: find out offline why an Azure Windows VM refuses Remote Desktop

Usage: rdp-triage <command> [options]

Commands:
${list}

Run 'rdp-triage <command> --help' for a command's options.
Exit codes: 0 success (analyze: no scenario found), 1 analyze found a scenario,
2 bad usage, unreadable input or unwritable output, 70 internal error.`
}

/** Runs the CLI with `argv` (without node and script) and returns the exit code. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv
  try {
    if (name === undefined || name === '-h' || name === '--help' || name === 'help') {
      await writeOut(io.stdout, `${mainHelp()}\n`)
      return name === undefined ? ExitCode.UsageOrInput : ExitCode.Ok
    }
    if (name === '--version' || name === '-V') {
      await writeOut(io.stdout, `${VERSION}\n`)
      return ExitCode.Ok
    }
    const command = COMMANDS.find((c) => c.name === name)
    if (command === undefined) throw new CliError(`unknown command ${JSON.stringify(name)}; commands: ${COMMANDS.map((c) => c.name).join(', ')}`)
    if (rest.includes('-h') || rest.includes('--help')) {
      await writeOut(io.stdout, `${command.help}\n`)
      return ExitCode.Ok
    }
    return await command.run(rest, io)
  } catch (error) {
    // A message may quote a path or a query: its control characters are shown as escapes, its
    // own line breaks (a query's caret line) kept.
    if (error instanceof CliError) {
      await writeOut(io.stderr, `rdp-triage: ${visibleText(error.message, true)}\n`)
      return error.exitCode
    }
    if (error instanceof EvtxError) {
      await writeOut(io.stderr, `rdp-triage: ${visibleText(error.message, true)}\n`)
      return ExitCode.UsageOrInput
    }
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error)
    await writeOut(io.stderr, `rdp-triage: internal error (please report it): ${message}\n`)
    return ExitCode.Internal
  }
}
