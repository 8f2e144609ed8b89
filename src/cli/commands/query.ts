/**
 * `rdp-triage query LOG... --xpath Q`: `wevtutil qe` on exported logs. The same XPath (or
 * QueryList) selects the same events; -c/--rd/--format and wevtutil's /c: /rd: /f: /q: spellings
 * work as wevtutil's do. Offline there is no "now", so timediff() counts back from the newest event
 * of the queried logs unless --now says otherwise. See docs/query.md.
 */
import { resolve } from 'node:path'
import type { EvtxRecord } from '../../evtx/record.js'
import { type CompiledQuery, compileQuery } from '../../query/compile.js'
import { channelFromFileName, parseLogPath, sameChannel } from '../../query/channels.js'
import { QueryError } from '../../query/errors.js'
import { queryPrefilter } from '../../query/prefilter.js'
import { looksLikeQueryList, parseQueryList, type QueryList } from '../../query/query-list.js'
import { formatTicks, parseEventTime, ticksFromDate } from '../../query/time.js'
import { choice, parseCommandArgs } from '../args.js'
import type { Command } from '../command.js'
import { CliError, type CliIo, ExitCode, writeOut } from '../io.js'
import { type LogFile, logsForPath, logsInDirectory, resolveLog } from '../query-logs.js'
import { printHints } from '../query-hints.js'
import { findAndPrint } from '../query-passes.js'
import { EventPrinter, QUERY_FORMATS } from '../query-print.js'
import { scanLog } from '../query-scan.js'
import { normalizeWevtutilArgs } from '../wevtutil-args.js'
import { visibleText } from '../../report/visible.js'

const help = `Usage: rdp-triage query LOG... [--xpath QUERY] [options]
       rdp-triage query --logs DIR --xpath '<QueryList>…</QueryList>'

Runs a Windows event query (the XPath subset wevtutil, Event Viewer and Get-WinEvent accept, or a
QueryList document) on exported .evtx files, as 'wevtutil qe' runs it on a live machine. A
documented command runs as written with 'wevtutil qe' replaced by 'rdp-triage query':

  rdp-triage query system --logs ./logs /c:1 /f:text /q:"Event[System[EventID=1058]]"

LOG is an .evtx file, or with --logs DIR a log name as wevtutil takes it (system,
Microsoft-Windows-TerminalServices-SessionBroker/Operational), found in DIR by its file name
(channel with / written %4, plus .evtx) or by the channel its events carry. Several LOGs are
queried together, their events merged oldest first. A QueryList's Path attributes pick the logs
among the LOGs and DIR.

Options:
  --xpath QUERY, -q QUERY   the query (default *: every event); /q:QUERY or /query:QUERY too
  -c N, --count N           print at most N events (wevtutil /c:N)
  --rd                      newest first (wevtutil /rd:true)
  --format text|xml|json    text (default): wevtutil's /f:text layout, with descriptions from the
                            built-in message catalog; xml: one <Event> per line as Windows renders
                            it; json: an array of events (docs/json.md) with their log; /f:FORMAT too
  --root NAME               put the XML output inside <NAME>…</NAME>, one well-formed document
                            (wevtutil /e:NAME); text and JSON are printed as without it
  --now TIME                reference time for timediff(), e.g. 2026-11-20T08:00:00Z or 'now'.
                            Offline there is no meaningful "now": by default timediff() counts back
                            from the newest event in the queried logs (said on stderr)
  --logs DIR                where exported logs are: lets LOG be a log name, and lets the command
                            say which other log holds the events a query looks for in vain
  -h, --help                show this help

Warnings and notes go to stderr: provider names that match nothing but look like a real one
(Windows compares names exactly: ' Schannel ' is not 'Schannel'), and, when nothing matched,
which other log holds the events. Exit code 0 whether or not events matched, as wevtutil.`

function parseCount(value: unknown): number | undefined {
  if (value === undefined) return undefined
  if (typeof value !== 'string' || !/^\d+$/.test(value)) throw new CliError(`query: --count must be a whole number, got ${JSON.stringify(value)}`)
  return Number(value)
}

/** wevtutil's /e: an element name (ASCII), so the output stays well-formed XML. */
function parseRoot(value: unknown): string | undefined {
  if (value === undefined) return undefined
  if (typeof value !== 'string' || !/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(value)) {
    throw new CliError(`query: --root (wevtutil's /e) takes an XML element name such as Events, got ${JSON.stringify(value)}`)
  }
  return value
}

function parseNow(value: string): bigint {
  if (value.toLowerCase() === 'now') return ticksFromDate(Date.now())
  const t = parseEventTime(/^\d{4}-\d\d-\d\d$/.test(value) ? `${value}T00:00:00Z` : value)
  if (t === undefined) throw new CliError(`query: --now takes a UTC time such as 2026-11-20T08:00:00Z (or 'now'), got ${JSON.stringify(value)}`)
  return t
}

type Matcher = { readonly kind: 'xpath'; readonly query: CompiledQuery } | { readonly kind: 'list'; readonly list: QueryList }

function compile(text: string): Matcher {
  try {
    return looksLikeQueryList(text) ? { kind: 'list', list: parseQueryList(text) } : { kind: 'xpath', query: compileQuery(text) }
  } catch (e) {
    if (e instanceof QueryError) throw new CliError(`query: ${e.message}`)
    throw e
  }
}

function logMatchesPath(log: LogFile, path: string, cwd: string): boolean {
  const p = parseLogPath(path)
  if ('file' in p) return resolve(cwd, p.file) === log.path
  return sameChannel(log.channel, p.channel) || sameChannel(channelFromFileName(log.path), p.channel)
}

async function queriedLogs(m: Matcher, named: LogFile[], available: LogFile[], io: CliIo): Promise<LogFile[]> {
  if (m.kind === 'xpath') {
    if (named.length === 0) throw new CliError(`query: name at least one LOG to query (see 'rdp-triage query --help')`)
    return named
  }
  if (available.length === 0) throw new CliError('query: a QueryList needs logs to choose from: give LOG files or --logs DIR')
  const out: LogFile[] = []
  for (const path of m.list.paths) {
    const logs = await logsForPath(path, available, io.cwd)
    if (logs.length === 0) await writeOut(io.stderr, `rdp-triage: warning: no given log holds ${visibleText(path)}\n`)
    for (const l of logs) if (!out.includes(l)) out.push(l)
  }
  return out
}

export const queryCommand: Command = {
  name: 'query',
  summary: "run a Windows event query (wevtutil qe's XPath or QueryList) on exported logs",
  help,
  async run(argv: readonly string[], io: CliIo) {
    const { values, positionals } = parseCommandArgs('query', normalizeWevtutilArgs(argv), {
      xpath: { type: 'string', short: 'q' },
      count: { type: 'string', short: 'c' },
      rd: { type: 'boolean' },
      format: { type: 'string', short: 'f' },
      root: { type: 'string' },
      now: { type: 'string' },
      logs: { type: 'string' },
    })
    const format = choice('query', 'format', values.format, QUERY_FORMATS, 'text')
    const limit = parseCount(values.count)
    const root = parseRoot(values.root)
    const matcher = compile(typeof values.xpath === 'string' ? values.xpath : '*')
    const dirLogs = typeof values.logs === 'string' ? await logsInDirectory(resolve(io.cwd, values.logs), values.logs) : undefined
    const named: LogFile[] = []
    for (const p of positionals) named.push(await resolveLog(p, io.cwd, dirLogs))
    const available = [...named, ...(dirLogs ?? []).filter((d) => !named.some((n) => n.path === d.path))]
    const queried = await queriedLogs(matcher, named, available, io)

    const usesNow = matcher.kind === 'xpath' ? matcher.query.usesNow : matcher.list.usesNow
    let now = typeof values.now === 'string' ? parseNow(values.now) : undefined
    if (now === undefined && usesNow) {
      let newest: bigint | undefined
      for (const log of queried) {
        const r = await scanLog(log, undefined, io, false)
        if (r.newest !== undefined && (newest === undefined || r.newest > newest)) newest = r.newest
      }
      now = newest
      const from = newest === undefined ? 'the current time (the logs hold no events)' : `${formatTicks(newest)}, the newest event in the queried logs`
      await writeOut(io.stderr, `rdp-triage: note: timediff() counts back from ${from}; set another time with --now\n`)
    }
    const ref = now ?? ticksFromDate(Date.now())

    const seen = new Set<string>()
    const exprs = matcher.kind === 'xpath' ? [matcher.query.expr] : matcher.list.queries.flatMap((q) => q.selects.map((s) => s.query.expr))
    const prefilter = queryPrefilter(exprs, seen)
    const selectFor = (log: LogFile) => matcher.kind === 'xpath'
      ? (r: EvtxRecord) => matcher.query.matches(r, ref)
      : (r: EvtxRecord) => matcher.list.matches(r, (path) => logMatchesPath(log, path, io.cwd), ref)
    const printer = new EventPrinter(format, io, root)
    const shown = await findAndPrint({ logs: queried, selectFor, prefilter, seen, limit, rd: values.rd === true, io }, printer)
    await printer.end()

    const selectors = matcher.kind === 'xpath'
      ? [{ label: undefined, query: matcher.query }]
      : matcher.list.queries.flatMap((q, qi) => [...q.selects, ...q.suppresses].map((s) => ({ label: `query ${q.id ?? qi}, path ${s.path}`, query: s.query })))
    await printHints({
      selectors,
      plain: matcher.kind === 'xpath' ? matcher.query : undefined,
      queried,
      others: available.filter((l) => !queried.includes(l)),
      seen,
      found: shown,
      now: ref,
    }, io)
    return ExitCode.Ok
  },
}
