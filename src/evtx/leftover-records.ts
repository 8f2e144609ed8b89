/**
 * Records left in a chunk's unused space by an earlier use of the chunk.
 *
 * Windows does not zero a chunk it writes again: when the log wraps, and when a cleared log starts
 * again in its first chunk, the new records overwrite the old ones from the chunk's start, and the
 * old records past the new ones' end stay whole. They are not part of the log Windows shows, but
 * they are evidence: from before a clear, they are all that is left of the old log. How a leftover
 * compares with the chunk's own records tells what it is (classifyLeftovers). libevtx calls these
 * "recovered records".
 *
 * A leftover is a whole record header at any offset after the last record the chunk walk read: the signature, a size of at least 28 that ends within the
 * block, and the size copy at its end; an id from 1 to 2^53 - 1 outside the chunk's own (by its
 * header, when its walk agrees) and a written time from 1990 to the year 10000. Leftovers are always counted (EVTX_CHUNK_LEFTOVER_RECORDS,
 * info, and `ChunkInfo.leftovers`), and read only with `readLeftoverRecords`, in a chunk context
 * that checks every reference (ChunkContext.verify): the newer records may have overwritten the
 * template definitions and names a leftover refers back to. Its own definition counts only when
 * it carries the template id the record names and a body its values fit exactly; otherwise a
 * template with that id that fits them is lent (LeftoverLender), as EVTXtract does, and counted
 * in the chunk's diagnostic. Each name
 * entry must carry its name's hash. A record that fails is not rendered (an info diagnostic says
 * why): a wrong rendering would be worse than none. Each record read is marked `leftover` and
 * comes after the chunk's own.
 *
 * Checked on the shared corpus: 706 leftovers whose id another record of the same file holds
 * render exactly as that record (578 of them with a lent template), and 308 that libevtx recovers
 * too render as libevtx renders them (test/evtx/leftover-records.test.ts).
 */
import { ByteCursor, readU64Number } from '../binary/cursor.js'
import { formatFiletime } from '../binary/filetime.js'
import { hex8 } from '../binary/hex.js'
import { ChunkContext, type FileContext } from '../binxml/context.js'
import { parseDocument } from '../binxml/parser.js'
import type { CompiledTemplate } from '../binxml/template.js'
import type { LentTemplate, TemplateLender } from '../binxml/template-index.js'
import { EvtxError, EvtxErrorCode } from '../errors.js'
import { CHUNK_HEADER_SIZE, MIN_RECORD_SIZE, RECORD_HEADER_SIZE, RECORD_MAGIC } from './constants.js'
import { type EventPrefilter, prefilterRecord, wanted } from './prefilter.js'
import { EvtxRecord, rendersElement } from './record.js'

/** A record header found in unused space: its chunk offset, size, id and written time (FILETIME halves). */
export interface LeftoverRecord {
  readonly at: number
  readonly size: number
  readonly recordId: number
  readonly writtenLow: number
  readonly writtenHigh: number
}

/**
 * The whole record headers from chunk offset `from` (the end of the chunk's records) to the
 * block's end whose ids are outside `ownFirst..ownLast`, the ids of the chunk's own records (by
 * its header and its walk): one with such an id is this use's, past a free-space offset set back
 * or after damage, not an earlier use's. Looks at every offset (Windows starts records 8-byte
 * aligned, other writers need not), stepping over each whole record found, so it ends within
 * the block.
 */
export function findLeftoverRecords(block: Uint8Array, view: DataView, from: number, ownFirst: number, ownLast: number): LeftoverRecord[] {
  const found: LeftoverRecord[] = []
  const limit = block.length
  let p = from
  while (p + MIN_RECORD_SIZE <= limit) {
    // The signature's first byte, found natively; most unused space holds none or few.
    p = block.indexOf(0x2a, p)
    if (p < 0 || p + MIN_RECORD_SIZE > limit) break
    if (view.getUint32(p, true) === RECORD_MAGIC) {
      const size = view.getUint32(p + 4, true)
      if (size >= MIN_RECORD_SIZE && p + size <= limit && view.getUint32(p + size - 4, true) === size) {
        const recordId = readU64Number(view, p + 8)
        const writtenHigh = view.getUint32(p + 20, true)
        if ((recordId < ownFirst || recordId > ownLast) && plausible(recordId, writtenHigh)) found.push({ at: p, size, recordId, writtenLow: view.getUint32(p + 16, true), writtenHigh })
        p += size
        continue
      }
    }
    p++
  }
  return found
}

/** FILETIME high words of 1990-01-01 and of the year 10000: no event log was written outside them. */
const HIGH_1990 = Math.floor(122_756_256_000_000_000 / 2 ** 32)
const HIGH_10000 = Math.floor(2_650_467_744_000_000_000 / 2 ** 32)

/** An id from 1 to 2^53 - 1 and a written time from 1990 to the year 10000: stray bytes seldom give both. */
function plausible(recordId: number, writtenHigh: number): boolean {
  return recordId >= 1 && recordId <= Number.MAX_SAFE_INTEGER && writtenHigh >= HIGH_1990 && writtenHigh < HIGH_10000
}

/** How the leftovers of one chunk compare with the chunk's own records. */
export interface LeftoverKinds {
  /** Ids above the chunk's own and written before its first record: from before a clear. */
  readonly beforeClear: number
  /** Ids above the chunk's own and written after its first record: out of this log's order (a chunk copied while Windows wrote it again, or a file another tool wrote). */
  readonly newer: number
}

/**
 * Sorts `found` against the chunk's own records: `ownMaxId`, their highest id (-1: none), and
 * `ownFirstTicks`, the written time (FILETIME ticks) of its first record (undefined: none). Ids
 * only go up within one life of a log, so a higher id written earlier is from an earlier life: the
 * log was cleared since (the MSExchange log of the corpus: ids 3874..3882 before its record 1,
 * Eventlog's own "log cleared"). A higher id written later is out of the log's order: a chunk
 * copied while Windows wrote it again (the corpus's VSS copy of RdpCoreTS holds one), or a file
 * another tool wrote (python-evtx's issue_38: record 1 written before its leftovers 21194..21231).
 * Lower ids are an earlier use of the chunk: a wrap, or a clear (the Security log numbers on
 * after a clear: the corpus's Security_1_record holds record 33072, event 1102, over 32994..33071).
 */
export function classifyLeftovers(found: readonly LeftoverRecord[], ownMaxId: number, ownFirstTicks: number | undefined): LeftoverKinds {
  let beforeClear = 0
  let newer = 0
  if (ownFirstTicks === undefined) return { beforeClear, newer }
  for (const r of found) {
    if (r.recordId <= ownMaxId) continue
    if (ticks(r) < ownFirstTicks) beforeClear++
    else newer++
  }
  return { beforeClear, newer }
}

/** The leftovers read, how many of them with a lent template, and how many could not be read. */
export interface LeftoversRead {
  readonly records: EvtxRecord[]
  readonly lent: number
  readonly unreadable: number
}

/**
 * Reads the leftovers of one chunk in a context of their own (`file`: its own template cache, no
 * lending) that checks every reference. A record that cannot be read is an info diagnostic,
 * located; with a prefilter, only the records it wants are kept.
 */
export function readLeftoverRecords(
  leftovers: FileContext,
  block: Uint8Array,
  index: number,
  fileOffset: number,
  found: readonly LeftoverRecord[],
  own: LeftoverTemplates,
): LeftoversRead {
  // A context of its own per chunk: its lender looks in this chunk before the earlier ones.
  const lender = new LeftoverLender(own.prefilter === undefined ? own : { ...own, earlier: CHUNK_ALONE })
  const chunk = new ChunkContext({ ...leftovers, lender }, block, index, fileOffset)
  lender.checked = chunk.templates
  chunk.verify = true
  const cur = new ByteCursor(block, fileOffset)
  const prefilter = own.prefilter
  return readEach(chunk, cur, lender, leftovers, found, index, fileOffset, prefilter)
}

/** The loop of `readLeftoverRecords`. */
function readEach(
  chunk: ChunkContext,
  cur: ByteCursor,
  lender: LeftoverLender,
  leftovers: FileContext,
  found: readonly LeftoverRecord[],
  index: number,
  fileOffset: number,
  prefilter: EventPrefilter | undefined,
): LeftoversRead {
  const records: EvtxRecord[] = []
  let unreadable = 0
  let lent = 0
  for (const r of found) {
    const instance = instanceOf(chunk, r)
    const there = instance !== undefined && chunk.view.getUint32(instance.definitionOffset + 4, true) === instance.id
    if (instance !== undefined && !there && !lender.knows(instance.id, index)) {
      // Its definition overwritten and no template with its id to lend: said without parsing it
      // (the common case in a cleared log's first chunk, and no exception per record).
      unreadable++
      const hex = hex8(instance.id)
      const known =
        prefilter === undefined
          ? `this reader knows no template {${hex}-…}`
          : `this chunk holds no template {${hex}-…} (a scan lends from the chunk alone; dump --leftover-records also looks in the chunks before it)`
      const why = `the template definition at 0x${instance.definitionOffset.toString(16)} is not the template {${hex}-…} the record names (newer records overwrote it), and ${known}`
      leftovers.sink.report('info', EvtxErrorCode.BinXmlBadTemplate, `leftover record ${r.recordId} in chunk ${index}'s unused space is not rendered: ${why}`, { fileOffset: fileOffset + r.at, chunkIndex: index, chunkOffset: r.at, recordId: r.recordId })
      continue
    }
    // Scan mode: one whose own definition is there (it carries the id the record names) is
    // skipped unread when the prefilter does not want it, as the chunk's own records are. One
    // whose definition was overwritten is read, and then kept only when wanted.
    if (prefilter !== undefined && there && prefilterRecord(chunk, cur, r.at, r.size, prefilter) === 'skip') continue
    const lentBefore = chunk.lent
    const at = { fileOffset: fileOffset + r.at, chunkIndex: index, chunkOffset: r.at, recordId: r.recordId }
    chunk.recordId = r.recordId
    try {
      cur.pos = r.at + RECORD_HEADER_SIZE
      cur.end = r.at + r.size - 4
      const fragment = parseDocument(chunk, cur, 0, 0)
      if (!rendersElement(fragment)) throw new EvtxError(EvtxErrorCode.RecordNoElement, `leftover record ${r.recordId} renders no element`, at)
      const record = new EvtxRecord(r.recordId, r.writtenLow, r.writtenHigh, index, r.at, fileOffset + r.at, r.size, fragment, leftovers.limits, undefined, true)
      if (chunk.lent > lentBefore) lent++
      if (prefilter === undefined || wanted(record, prefilter)) records.push(record)
    } catch (error) {
      if (!(error instanceof EvtxError)) throw error
      unreadable++
      leftovers.sink.report('info', error.code, `leftover record ${r.recordId} in chunk ${index}'s unused space is not rendered: ${error.message}`, error.locatedIn(at))
    } finally {
      chunk.recordId = undefined
    }
  }
  return { records, lent, unreadable }
}

/**
 * The template id and definition offset of a leftover that is one template instance (as every
 * Windows record is), its definition offset within the chunk; undefined for any other shape
 * (read in full, which reports what is wrong).
 */
function instanceOf(chunk: ChunkContext, r: LeftoverRecord): { readonly id: number; readonly definitionOffset: number } | undefined {
  const b = chunk.bytes
  const start = r.at + RECORD_HEADER_SIZE
  if (start + 14 > r.at + r.size - 4 || b[start] !== 0x0f || b[start + 4] !== 0x0c) return undefined
  const definitionOffset = chunk.view.getUint32(start + 10, true)
  // Inline (right after the reference) it is the record's own bytes: read in full.
  if (definitionOffset < CHUNK_HEADER_SIZE || definitionOffset + 8 > b.length || definitionOffset === start + 14) return undefined
  return { id: chunk.view.getUint32(start + 6, true), definitionOffset }
}

/** What the chunk's own reading offers its leftovers. */
export interface LeftoverTemplates {
  /** The templates the chunk's own records loaded, by definition offset. */
  readonly templates: ReadonlyMap<number, CompiledTemplate>
  /** Where templates of the chunks before this one are found (the reader's lender). */
  readonly earlier: TemplateLender
  readonly prefilter: EventPrefilter | undefined
}

/**
 * Lends a leftover a template with its id that fits its values when its own definition was
 * overwritten: one an earlier leftover of the chunk defined (checked), else one the chunk's own
 * records loaded, else (when reading everything) one an earlier chunk defines. The same for every
 * reader of the same records: a worker knows the earlier chunks too (node/prefix-lender.ts).
 *
 * In scan mode (a prefilter) it lends from the chunk alone. A worker thread learns the earlier
 * chunks by reading them again, and on a log with leftovers in many chunks that took each worker
 * over most of the file a second time: analyze on two workers read the bench's real-chunk log at
 * half the speed. The chunk's own records that the prefilter skipped loaded no template either, so
 * in scan mode fewer leftovers are lent one than `dump --leftover-records` lends.
 */
class LeftoverLender implements TemplateLender {
  /** The templates the chunk's leftovers loaded so far (their own definitions, checked). */
  checked: ReadonlyMap<number, CompiledTemplate> = new Map()
  private readonly own: LeftoverTemplates

  constructor(own: LeftoverTemplates) {
    this.own = own
  }

  /** Whether any template with this id is there to lend (fitting or not), in chunk `chunkIndex`'s reading. */
  knows(id: number, chunkIndex: number): boolean {
    return this.lend(id, chunkIndex, () => true) !== undefined
  }

  lend(id: number, chunkIndex: number, fits: (template: CompiledTemplate) => boolean): LentTemplate | undefined {
    for (const t of this.checked.values()) if (templateId(t) === id && fits(t)) return { template: t, chunkIndex }
    for (const t of this.own.templates.values()) if (templateId(t) === id && fits(t)) return { template: t, chunkIndex }
    return this.own.earlier.lend(id, chunkIndex, fits)
  }
}

/** Lends nothing: in scan mode a leftover borrows from its own chunk alone (LeftoverLender). */
const CHUNK_ALONE: TemplateLender = { lend: () => undefined }

/** A template's id: the first 4 bytes of its GUID (Data1), as a template instance names it. */
function templateId(t: CompiledTemplate): number {
  return Number.parseInt(t.guid.slice(1, 9), 16)
}

/**
 * The info diagnostic for the leftovers of chunk `index` (EVTX_CHUNK_LEFTOVER_RECORDS): how many,
 * their ids, times and place, how many are from before a clear or newer, and whether they were read.
 */
export function describeLeftovers(index: number, found: readonly LeftoverRecord[], kinds: LeftoverKinds, read: LeftoversRead | undefined): string {
  let low = found[0] as LeftoverRecord
  let high = low
  let oldest = low
  let newest = low
  for (const r of found) {
    if (r.recordId < low.recordId) low = r
    if (r.recordId > high.recordId) high = r
    if (ticks(r) < ticks(oldest)) oldest = r
    if (ticks(r) > ticks(newest)) newest = r
  }
  const last = found[found.length - 1] as LeftoverRecord
  const ids = found.length === 1 ? `id ${low.recordId}` : `ids ${low.recordId}..${high.recordId}`
  const times = found.length === 1 ? `written ${time(oldest)}` : `written ${time(oldest)} to ${time(newest)}`
  const all = (n: number) => (n === found.length ? (n === 1 ? 'it has' : 'all have') : `${n} have`)
  const clear = kinds.beforeClear === 0 ? '' : `; ${all(kinds.beforeClear)} ids above the chunk's own records' and times before them: written before the log was cleared`
  const newer = kinds.newer === 0 ? '' : `; ${all(kinds.newer)} ids above the chunk's own records' and later times, out of the log's order (a chunk copied while Windows wrote it again, or a file another tool wrote)`
  const lent = read === undefined || read.lent === 0 ? '' : `, ${read.lent} with a template this chunk or an earlier one defines under the same id, which fits every value (their own definition was overwritten)`
  const outcome =
    read === undefined
      ? 'not read (the readLeftoverRecords option, or dump --leftover-records, reads them)'
      : read.unreadable === 0
        ? `read after the chunk's own records, marked leftover${lent}`
        : `read after the chunk's own records, marked leftover${lent}, but for ${read.unreadable} whose template or names newer records overwrote (see the diagnostics before this one)`
  return (
    `chunk ${index}'s unused space holds ${found.length} whole record(s) of an earlier use of the chunk (a wrap or a clear): ${ids}, ${times}, ` +
    `chunk offsets 0x${found[0]?.at.toString(16)}..0x${(last.at + last.size).toString(16)}${clear}${newer}; ${outcome}`
  )
}

function ticks(r: LeftoverRecord): number {
  return r.writtenHigh * 2 ** 32 + r.writtenLow
}

function time(r: LeftoverRecord): string {
  return formatFiletime(r.writtenLow, r.writtenHigh)
}
