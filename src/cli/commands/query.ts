/**
 * `rdp-triage query LOG... --xpath Q`: `wevtutil qe` on exported logs. The same XPath (or
 * QueryList) selects the same events; -c/--rd/--format and wevtutil's /c: /rd: /f: /q: spellings
 * work as wevtutil's do. Offline there is no "now", so timediff() counts back from the newest event
 * of the queried logs unless --now says otherwise. See docs/query.md.
 */
import { resolve } from 'node:path'
import { type CompiledQuery, compileQuery } from '../../query/compile.js'
import { channelFromFileName, parseLogPath, sameChannel } from '../../query/channels.js'
import { QueryError } from '../../query/errors.js'
import { queryPrefilter } from '../../query/prefilter.js'
import { formatEventText } from '../../query/format-text.js'
import { looksLikeQueryList, parseQueryList, type QueryList } from '../../query/query-list.js'
import { formatTicks, parseEventTime, ticksFromDate } from '../../query/time.js'
import { choice, parseCommandArgs } from '../args.js'
import type { Command } from '../command.js'
import { CliError, type CliIo, ExitCode, writeOut } from '../io.js'
import { ByteOutput } from '../byte-output.js'
import { OutputBuffer } from '../output-buffer.js'
import { type LogFile, logsForPath, logsInDirectory, resolveLog } from '../query-logs.js'
import { printHints } from '../query-hints.js'
import { chunkOf, RecordFetcher } from '../query-fetch.js'
import { type MatchLimit, type MatchList, type MatchOrder, mergeMatches } from '../query-matches.js'
import { scanLog } from '../query-scan.js'
import { normalizeWevtutilArgs } from '../wevtutil-args.js'
import { renderFailure, writeRecordLine } from '../../render/record-line.js'
import { type QueryJsonLog, queryJsonLog, writeQueryJson } from '../query-json.js'
import type { Diagnostic } from '../../diagnostics.js'
import { EvtxError } from '../../errors.js'
import { formatDiagnostic } from '../diagnostics-out.js'

const FORMATS = ['text', 'xml', 'json'] as const

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
    if (logs.length === 0) await writeOut(io.stderr, `rdp-triage: warning: no given log holds ${path}\n`)
    for (const l of logs) if (!out.includes(l)) out.push(l)
  }
  return out
}

/** Chunks loaded at once for printing: 2 MiB of bytes, read in runs of neighbouring chunks. */
const CHUNKS_PER_LOAD = 32
/** XML and JSON are rendered straight into bytes (as `dump` renders them) and written this much at a time. */
const WRITE_BYTES = 1 << 16

/**
 * Prints matches `from` (included) to `to` (excluded) of `order`, backwards when `from > to`,
 * reading the records again a load of chunks at a time. A record that cannot be rendered (a
 * limit) is reported on stderr with its place, and the others are printed, as `dump` does.
 */
async function output(order: MatchOrder, from: number, to: number, fetcher: RecordFetcher, format: (typeof FORMATS)[number], io: CliIo): Promise<void> {
  // Text is strings, batched; XML and JSON are rendered straight into bytes, written from two
  // buffers in turn (as dump writes them).
  const out = format === 'text' ? new OutputBuffer(io.stdout) : undefined
  const bytes = format === 'text' ? undefined : new ByteOutput(io.stdout, WRITE_BYTES)
  const report = (log: LogFile, d: Diagnostic) => writeOut(io.stderr, `${formatDiagnostic(log.display, d)}\n`)
  const logJson = new Map<LogFile, QueryJsonLog>()
  if (format === 'json') bytes?.sink.ascii('[')
  const step = from <= to ? 1 : -1
  const at = (k: number) => {
    const list = order.lists[order.listOf[k] as number] as MatchList
    return { list, item: order.items[k] as number }
  }
  let i = 0
  for (let k = from; k !== to; ) {
    const chunks = new Map<string, readonly [LogFile, number]>()
    let end = k
    for (; end !== to; end += step) {
      const { list, item } = at(end)
      const index = chunkOf(list.fileOffset(item))
      const key = `${order.listOf[end]}:${index}`
      if (!chunks.has(key)) {
        if (chunks.size === CHUNKS_PER_LOAD) break
        chunks.set(key, [list.log, index])
      }
    }
    await fetcher.load([...chunks.values()])
    for (; k !== end; k += step) {
      const { list, item } = at(k)
      const record = fetcher.record(list.log, list.fileOffset(item), list.recordId(item))
      const onDiagnostic = (d: Diagnostic) => void report(list.log, d)
      if (bytes !== undefined) {
        const sink = bytes.sink
        if (format === 'xml') {
          if (!writeRecordLine(record, 'xml', sink, onDiagnostic, false)) continue
        } else {
          let name = logJson.get(list.log)
          if (name === undefined) {
            name = queryJsonLog(list.log.display)
            logJson.set(list.log, name)
          }
          const start = sink.pos
          sink.ascii(i === 0 ? '\n' : ',\n')
          if (!writeQueryJson(record, name, sink, onDiagnostic)) {
            sink.pos = start
            continue
          }
        }
        if (sink.pos >= bytes.flushAt) await bytes.flush()
      } else {
        let text: string
        try {
          text = formatEventText(record, i)
        } catch (error) {
          if (!(error instanceof EvtxError)) throw error
          await report(list.log, renderFailure(record, error))
          continue
        }
        await out?.write(text)
      }
      i++
    }
  }
  if (format === 'json') bytes?.sink.ascii(i === 0 ? ']\n' : '\n]\n')
  await bytes?.end()
  await out?.flush()
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
      now: { type: 'string' },
      logs: { type: 'string' },
    })
    const format = choice('query', 'format', values.format, FORMATS, 'text')
    const limit = parseCount(values.count)
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

    const perLog: MatchList[] = []
    const seen = new Set<string>()
    const exprs = matcher.kind === 'xpath' ? [matcher.query.expr] : matcher.list.queries.flatMap((q) => q.selects.map((s) => s.query.expr))
    const prefilter = queryPrefilter(exprs, seen)
    // With -c, a log keeps only the matches that can be printed (see MatchLimit).
    const keep: MatchLimit | undefined = limit === undefined ? undefined : values.rd !== true ? { count: limit, from: 'first' } : queried.length === 1 ? { count: limit, from: 'last' } : undefined
    for (const log of queried) {
      const select = matcher.kind === 'xpath'
        ? (r: Parameters<CompiledQuery['matches']>[0]) => matcher.query.matches(r, ref)
        : (r: Parameters<CompiledQuery['matches']>[0]) => matcher.list.matches(r, (path) => logMatchesPath(log, path, io.cwd), ref)
      const r = await scanLog(log, select, io, true, prefilter, keep, queried.length > 1)
      perLog.push(r.matches)
      for (const p of r.providers) seen.add(p)
    }
    // Only the events that can be printed: the first or last N of the merge.
    const order = mergeMatches(perLog, limit === undefined ? undefined : { count: limit, from: values.rd === true ? 'last' : 'first' })
    const shown = Math.min(order.items.length, limit ?? Number.POSITIVE_INFINITY)
    const fetcher = new RecordFetcher(prefilter)
    try {
      if (values.rd === true) await output(order, order.items.length - 1, order.items.length - 1 - shown, fetcher, format, io)
      else await output(order, 0, shown, fetcher, format, io)
    } finally {
      await fetcher.close()
    }

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
