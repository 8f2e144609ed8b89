/**
 * The shape of a CLI command. Each command lives in its own file under commands/ and is listed
 * once in commands/index.ts.
 */
import type { CliIo, ExitCode } from './io.js'

export interface Command {
  readonly name: string
  /** One line for the command list. */
  readonly summary: string
  /** Full help text for `rdp-triage <command> --help`. */
  readonly help: string
  run(argv: readonly string[], io: CliIo): Promise<ExitCode>
}
