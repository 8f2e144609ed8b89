#!/usr/bin/env node
/**
 * The `rdp-triage` executable: wires the process to the dispatcher.
 */
import { COMMANDS } from './commands/index.js'
import { ExitCode, outputErrorMessage } from './io.js'
import { guardOutput } from './process-output.js'
import { runCli } from './run.js'

// stderr only carries warnings and messages: when it cannot be written (closed, a full disk), the
// command goes on without it and its exit code stays what it would have been.
const stderr = guardOutput(process.stderr, () => undefined)
const verdict = COMMANDS.find((c) => c.name === process.argv[2])?.exitCodeIsVerdict === true
const stdout = guardOutput(process.stdout, (error) => {
  // `rdp-triage dump big.evtx | head` closes the pipe early: that is not an error. `analyze`
  // finishes (its --script) and exits with its verdict; the others stop at once.
  if (error.code === 'EPIPE') {
    if (verdict) return
    process.exit(ExitCode.Ok)
  }
  // A full disk or a broken device: one line, as for any output file, never a stack trace.
  stderr.write(`rdp-triage: ${outputErrorMessage(error)}\n`)
  process.exit(ExitCode.UsageOrInput)
})

const code = await runCli(process.argv.slice(2), { stdout, stderr, env: process.env, cwd: process.cwd() })
process.exitCode = code
