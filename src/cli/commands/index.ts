/**
 * The list of CLI commands, in the order `rdp-triage --help` shows them.
 */
import type { Command } from '../command.js'
import { analyzeCommand } from './analyze.js'
import { dumpCommand } from './dump.js'
import { infoCommand } from './info.js'

export const COMMANDS: readonly Command[] = [analyzeCommand, dumpCommand, infoCommand]
