/**
 * What the query command says on stderr when a query probably does not do what was meant: a
 * provider name with a typo (Windows would silently match nothing), and, when nothing matched,
 * where the events are (the article's SessionBroker queries read `system`, while those events
 * are written to the SessionBroker Operational logs).
 */
import { knownProvider } from '../catalog/providers.js'
import { type CompiledQuery, compileQuery } from '../query/compile.js'
import { correctQuery, describeTypo, findProviderTypos, type ProviderTypo, providerNameLiterals } from '../query/hints.js'
import { sameChannel } from '../query/channels.js'
import { queryPrefilter } from '../query/prefilter.js'
import { visibleText } from '../report/visible.js'
import { type CliIo, writeOut } from './io.js'
import type { LogFile } from './query-logs.js'
import { scanLog } from './query-scan.js'

export interface HintInput {
  /** The XPath selectors of the query, with a label for QueryList selectors. */
  readonly selectors: ReadonlyArray<{ readonly label: string | undefined; readonly query: CompiledQuery }>
  /** The plain XPath query, when the query was one (only those are retried elsewhere). */
  readonly plain: CompiledQuery | undefined
  readonly queried: readonly LogFile[]
  /** Logs that were available but not queried. */
  readonly others: readonly LogFile[]
  /** Provider names seen in the queried logs. */
  readonly seen: ReadonlySet<string>
  readonly found: number
  readonly now: bigint
}

function column(source: string, offset: number): number {
  return offset - source.lastIndexOf('\n', offset - 1)
}

function plural(n: number, one: string): string {
  return `${n} ${one}${n === 1 ? '' : 's'}`
}

async function count(logs: readonly LogFile[], query: CompiledQuery, now: bigint, io: CliIo): Promise<Map<LogFile, number>> {
  const out = new Map<LogFile, number>()
  for (const log of logs) {
    const r = await scanLog(log, (rec) => query.matches(rec, now), io, false, queryPrefilter([query.expr]))
    if (r.matched > 0) out.set(log, r.matched)
  }
  return out
}

/** Where the providers the query names write, when the catalog knows and it is not the queried log. */
function providerChannels(query: CompiledQuery, queried: readonly LogFile[]): string {
  const parts: string[] = []
  for (const lit of providerNameLiterals(query.expr)) {
    const p = knownProvider(lit.value)
    if (p === undefined || queried.some((q) => p.channels.some((c) => sameChannel(c, q.channel)))) continue
    parts.push(`${p.name} writes to ${p.channels.join(' and ')}, not ${[...new Set(queried.map((q) => q.channel))].join(' or ')}`)
  }
  return parts.length === 0 ? '' : `: ${parts.join('; ')}`
}

export async function printHints(h: HintInput, io: CliIo): Promise<void> {
  // Provider names, channels and file names come from the logs and the disk: shown with their
  // control characters as escapes (report/visible.ts).
  const say = (kind: 'warning' | 'note', text: string) => writeOut(io.stderr, `rdp-triage: ${kind}: ${visibleText(text)}\n`)
  let typos: ProviderTypo[] = []
  for (const s of h.selectors) {
    const found = findProviderTypos(s.query.expr, h.seen)
    for (const t of found) await say('warning', `${s.label === undefined ? '' : `${s.label}: `}${describeTypo(t, column(s.query.source, t.offset))}`)
    if (s.query === h.plain) typos = found
  }
  if (h.found > 0 || h.plain === undefined) return
  const corrected = typos.length > 0 ? compileQuery(correctQuery(h.plain.source, typos)) : undefined
  const where = h.queried.map((l) => l.display).join(', ')
  if (corrected !== undefined) {
    const here = await count(h.queried, corrected, h.now, io)
    const n = [...here.values()].reduce((a, b) => a + b, 0)
    if (n > 0) await say('note', `with the provider name corrected, ${plural(n, 'event')} in ${where} match`)
  }
  const query = corrected ?? h.plain
  const elsewhere = await count(h.others, query, h.now, io)
  for (const [log, n] of elsewhere) {
    const fixed = corrected === undefined ? '' : 'with the provider name corrected, '
    await say('note', `no event in ${where} matches, but ${fixed}${plural(n, 'event')} in ${log.display} (log ${log.channel}) ${n === 1 ? 'does' : 'do'}${providerChannels(query, h.queried)}. Query that log instead.`)
  }
}
