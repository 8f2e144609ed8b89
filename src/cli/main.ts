#!/usr/bin/env node
/**
 * The `rdp-triage` executable: wires the process to the dispatcher.
 */
import { ExitCode, outputErrorMessage } from './io.js'
import { runCli } from './run.js'

process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  // `rdp-triage dump big.evtx | head` closes the pipe early: that is not an error.
  if (error.code === 'EPIPE') process.exit(0)
  // A full disk or a broken device: one line, as for any output file, never a stack trace.
  process.stderr.write(`rdp-triage: ${outputErrorMessage(error)}\n`)
  process.exit(ExitCode.UsageOrInput)
})

const code = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
})
process.exitCode = code
