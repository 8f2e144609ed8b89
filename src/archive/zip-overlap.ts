/**
 * ZIP entries whose bytes overlap another entry's: refused. A central directory can point many
 * entries at one local header, or at one deflate stream through headers of their own, so a small
 * archive inflates the same large stream once per entry (a "non-recursive zip bomb": a 1 MB
 * archive of 20 such entries took minutes). As in Info-ZIP's fix for CVE-2019-13232, each entry
 * spans its local header and its compressed data, and entries whose spans overlap are refused:
 * the most entries that overlap none are kept (those ending first, as interval scheduling does;
 * at one span, the first in the directory), so an entry whose stated size runs over the entries
 * after it costs that entry, not them. Each compressed byte is then inflated at most once, so what
 * the entries inflate to in all is bounded by deflate's largest ratio (about 1032:1) times the
 * archive's size, as one entry's is.
 */
import { type RandomAccess, type ZipEntry, ZipError } from './zip-directory.js'
import { dataStart } from './zip-entry.js'

/** Most refused entries named. */
const MAX_NAMED = 3

interface Span {
  readonly entry: ZipEntry
  readonly start: number
  readonly end: number
}

export interface OverlapCheck {
  /** The entries kept, in the order given. */
  readonly kept: ZipEntry[]
  /** What was refused, when anything was: how many entries, the first {@link MAX_NAMED} by name, and why. */
  readonly problems: string[]
}

/**
 * Keeps the entries whose bytes overlap no other kept one (see the module comment). An entry
 * without a local header where the directory says is kept: reading it fails at once, saying so.
 */
export async function refuseOverlaps(file: RandomAccess, entries: readonly ZipEntry[]): Promise<OverlapCheck> {
  const spans: Span[] = []
  for (const entry of entries) {
    const start = await dataStart(file, entry).catch((error: unknown) => {
      if (error instanceof ZipError) return undefined
      throw error
    })
    if (start !== undefined) spans.push({ entry, start: entry.localHeaderOffset, end: start + entry.compressedSize })
  }
  // Stable: entries of one span stay in directory order.
  spans.sort((a, b) => a.end - b.end || a.start - b.start)
  const refused = new Set<ZipEntry>()
  const named: string[] = []
  let last: Span | undefined
  for (const span of spans) {
    if (last === undefined || span.start >= last.end) {
      last = span
      continue
    }
    refused.add(span.entry)
    if (named.length < MAX_NAMED) {
      named.push(new ZipError(`${span.entry.name}, bytes ${span.start} to ${span.end}, overlaps ${last.entry.name}, bytes ${last.start} to ${last.end}`, span.entry.directoryOffset).message)
    }
  }
  const kept = entries.filter((e) => !refused.has(e))
  const n = refused.size
  if (n === 0) return { kept, problems: [] }
  if (n > MAX_NAMED) named.push(`and ${n - MAX_NAMED} more`)
  const what = n === 1 ? "1 entry whose bytes overlap another entry's was" : `${n} entries whose bytes overlap another entry's were`
  return { kept, problems: [`${what} not read (entries that share data make a small archive inflate many times over: a zip bomb): ${named.join('; ')}`] }
}
