/**
 * wevtutil's option spellings (`/q:"…"`, `/c:1`, `/rd:true`, `/f:text`, `/e:root`, and the long
 * `/query:`, `/count:`, `/reversedirection:`, `/format:`, `/element:`, `/logfile:`), rewritten into the query command's
 * own options so a documented `wevtutil qe` line runs with only the command name changed. Names
 * and values are case-insensitive, as wevtutil reads them.
 */
import { CliError } from './io.js'

const WEVTUTIL_OPTION = /^\/([A-Za-z]+):(.*)$/s

function truth(name: string, value: string): boolean {
  const v = value.toLowerCase()
  if (v === 'true') return true
  if (v === 'false') return false
  throw new CliError(`query: /${name} takes true or false, got ${JSON.stringify(value)}`)
}

/**
 * Rewrites wevtutil-style options before `--`; anything else is passed through unchanged. Values are joined
 * to their option (`--count=-1`), so one that starts with a dash is still that option's value.
 */
export function normalizeWevtutilArgs(argv: readonly string[]): string[] {
  const out: string[] = []
  for (const [i, arg] of argv.entries()) {
    // After `--` every argument is a LOG, whatever it looks like (`/c:2` is a file name there).
    if (arg === '--') {
      out.push(...argv.slice(i))
      break
    }
    const m = WEVTUTIL_OPTION.exec(arg)
    const name = m?.[1]?.toLowerCase()
    if (m === null || name === undefined) {
      out.push(arg)
      continue
    }
    const value = m[2] as string
    switch (name) {
      case 'q':
      case 'query':
        out.push(`--xpath=${value}`)
        break
      case 'c':
      case 'count':
        out.push(`--count=${value}`)
        break
      case 'rd':
      case 'reversedirection':
        if (truth(name, value)) out.push('--rd')
        break
      case 'f':
      case 'format': {
        const f = value.toLowerCase()
        out.push(`--format=${f === 'renderedxml' ? 'xml' : f}`)
        break
      }
      case 'e':
      case 'element':
        out.push(`--root=${value}`)
        break
      case 'lf':
      case 'logfile':
        truth(name, value)
        break
      default:
        if (/^(bm|bookmark|sbm|savebookmark|r|remote|u|username|p|password|a|authentication|uni|unicode|l|locale|sq|structuredquery)$/.test(name)) {
          throw new CliError(`query: wevtutil's /${name} has no meaning offline (see 'rdp-triage query --help')`)
        }
        out.push(arg)
    }
  }
  return out
}
