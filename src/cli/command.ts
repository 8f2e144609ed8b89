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
  /**
   * Its exit code is its verdict (`analyze`: a scenario found or not): when stdout is closed early
   * (`| head`) it runs to the end and exits with that code; the others stop at once with 0.
   */
  readonly exitCodeIsVerdict?: boolean
  run(argv: readonly string[], io: CliIo): Promise<ExitCode>
}
