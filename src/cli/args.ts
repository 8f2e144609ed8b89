/**
 * Argument parsing for the commands: node:util parseArgs with strict checking, turned into
 * CliErrors with a usage hint instead of exceptions.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util'
import { resolveCodepage } from '../binary/ansi.js'
import { CliError } from './io.js'

export type OptionSpec = NonNullable<ParseArgsConfig['options']>

export interface ParsedArgs {
  readonly values: Record<string, string | boolean | string[] | boolean[] | undefined>
  readonly positionals: string[]
}

export function parseCommandArgs(command: string, argv: readonly string[], options: OptionSpec): ParsedArgs {
  try {
    const r = parseArgs({ args: [...argv], options, allowPositionals: true, strict: true })
    return { values: r.values as ParsedArgs['values'], positionals: r.positionals }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    throw new CliError(`${command}: ${message.replace(/\. To specify a positional argument.*$/s, '')} (see 'rdp-triage ${command} --help')`)
  }
}

/** A string option restricted to `choices`. */
export function choice<T extends string>(command: string, name: string, value: unknown, choices: readonly T[], fallback: T): T {
  if (value === undefined) return fallback
  if (typeof value === 'string' && (choices as readonly string[]).includes(value)) return value as T
  throw new CliError(`${command}: --${name} must be one of ${choices.join(', ')}; got ${JSON.stringify(value)}`)
}

/** `--ansi-codepage`, checked before any file is read (an unknown one is a usage error). */
export function codepageOption(command: string, value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined
  try {
    resolveCodepage(value)
  } catch (error) {
    throw new CliError(`${command}: --ansi-codepage: ${error instanceof Error ? error.message : String(error)}`)
  }
  return value
}
