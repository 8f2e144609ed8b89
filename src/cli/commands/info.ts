/**
 * `rdp-triage info FILE`: what an .evtx file holds and what is wrong with it.
 */
import type { Diagnostic } from '../../diagnostics.js'
import { CHUNK_SIZE, FILE_HEADER_BLOCK_SIZE } from '../../evtx/constants.js'
import { open } from 'node:fs/promises'
import { type EvtxFileHeader, readFileHeader } from '../../evtx/file-header.js'
import type { ChunkInfo } from '../../evtx/options.js'
import { daysOutOfLine, laterRecord } from '../../inputs/last-written.js'
import { readEvtxChunks } from '../../evtx/read.js'
import { choice, codepageOption, parseCommandArgs } from '../args.js'
import type { Command } from '../command.js'
import { formatDiagnostic } from '../diagnostics-out.js'
import { CliError, type CliIo, ExitCode, withInputFile, writeOut } from '../io.js'
import { pathKind } from '../path-kind.js'
import { EvtxError, EvtxErrorCode } from '../../errors.js'
import { YEAR_10000_MS } from '../../binary/filetime.js'
import { KeptDiagnostics } from '../../inputs/kept-diagnostics.js'
import { visibleText } from '../../report/visible.js'

/**
 * Problems listed in full; the rest are only counted. A hostile file can report one per record
 * (a size copy off in each): every one kept took 1.2 GB for 920,000 of them in a 128 MiB file,
 * and would run a 1 GiB one out of memory. `dump` reports them all on stderr as it reads.
 */
export const INFO_DIAGNOSTICS_LISTED = 1000

const help = `Usage: rdp-triage info FILE [options]

Summarises an .evtx file: header fields and flags, chunks (valid, empty, bad), records, the
first and last record id and written time, and every problem found (counted; up to 1,000 listed,
warnings and errors first: 'rdp-triage dump FILE' prints them all on stderr).

Options:
  --format text|json        text (default) or JSON
  --validate-checksums      treat chunks whose CRCs fail as bad
  --ansi-codepage CP        codepage for ANSI strings (default windows-1252)
  -h, --help                show this help`

export interface FileInfo {
  readonly file: string
  readonly size: number
  /** Null when the header lost its `ElfFile\0` signature and the file was read without it. */
  readonly header: {
    readonly version: string
    readonly flags: number
    readonly dirty: boolean
    readonly full: boolean
    readonly noCrc32: boolean
    readonly checksumValid: boolean
    readonly declaredChunks: number
    readonly firstChunk: string
    readonly lastChunk: string
    readonly nextRecordId: string
  } | null
  readonly chunks: { readonly blocks: number; readonly valid: number; readonly empty: number; readonly bad: number; readonly truncated: number }
  readonly records: number
  readonly firstRecordId: number | null
  readonly lastRecordId: number | null
  readonly firstWritten: string | null
  readonly lastWritten: string | null
  /**
   * The last-written record: the highest id within a chunk header's range, and its written time
   * (null when unset or impossible). `outOfLineDays`: how many days the newest written time is
   * after it, when more than one (a damaged time or a clock set back), else null.
   */
  readonly lastRecord: { readonly id: number; readonly written: string | null; readonly outOfLineDays: number | null } | null
  /** Records left out of the ranges above: an id past 2^53 - 1, a written time from the year 10000 on. */
  readonly impossible: { readonly ids: number; readonly times: number }
  /** At most {@link INFO_DIAGNOSTICS_LISTED}, warnings and errors kept before info, in the order found. */
  readonly diagnostics: readonly Diagnostic[]
  /** Every problem found, listed or not. */
  readonly diagnosticCount: number
}

/** Reads a whole file and summarises it. */
export async function collectInfo(file: string, options: { validateChecksums?: boolean; ansiCodepage?: string } = {}): Promise<FileInfo> {
  const diagnostics = new KeptDiagnostics(INFO_DIAGNOSTICS_LISTED)
  let diagnosticCount = 0
  // Counts only: a block's report holds a sample record, which keeps the block's bytes.
  const statuses = new Map<ChunkInfo['status'], number>()
  let header: EvtxFileHeader | undefined
  let records = 0
  let minId = Number.POSITIVE_INFINITY
  let maxId = Number.NEGATIVE_INFINITY
  let impossibleIds = 0
  let impossibleTimes = 0
  let first: { ms: number; text: string } | undefined
  let last: { ms: number; text: string } | undefined
  let lastRecord: ChunkInfo['lastRecord']
  // The header is read at its place, then the whole file again: a pipe cannot be (and opening one
  // waits for a writer, so this is asked first).
  const kind = await pathKind(file)
  if (kind === 'folder') throw new CliError(`${file}: is a folder: info reads one .evtx file`)
  if (kind === 'other') throw new CliError(`${file}: not a regular file (a pipe or a device): info reads a file twice, so save it to a file first`)
  const handle = await open(file, 'r').catch((e: NodeJS.ErrnoException) => {
    throw new CliError(`${file}: cannot open: ${e.code === 'ENOENT' ? 'no such file' : e.message}`)
  })
  let size: number
  try {
    size = (await handle.stat()).size
    const buf = new Uint8Array(Math.min(size, FILE_HEADER_BLOCK_SIZE))
    await handle.read(buf, 0, buf.length, 0)
    header = await withInputFile(file, async () => {
      try {
        return readFileHeader(buf)
      } catch (e) {
        // A header without its signature: the reader below reads the chunks after it, or says
        // the file is not EVTX.
        if (e instanceof EvtxError && e.code === EvtxErrorCode.FileBadMagic) return undefined
        throw e
      }
    })
  } finally {
    await handle.close()
  }
  await withInputFile(file, async () => {
    // A chunk's records at a time: one await per chunk, not per record.
    for await (const chunk of readEvtxChunks(file, {
      ...options,
      onDiagnostic: (d) => {
        diagnostics.add(d)
        diagnosticCount++
      },
      onChunk: (c) => {
        statuses.set(c.status, (statuses.get(c.status) ?? 0) + 1)
        lastRecord = laterRecord(lastRecord, c.lastRecord)
      },
      reuseBuffers: true,
    })) {
      for (const r of chunk) {
        records++
        // Ids past 2^53 - 1 (read as 2^53) and times from the year 10000 on are damage: counted, not ranged.
        if (r.recordId <= Number.MAX_SAFE_INTEGER) {
          if (r.recordId < minId) minId = r.recordId
          if (r.recordId > maxId) maxId = r.recordId
        } else impossibleIds++
        const ms = r.writtenTimeMs
        if (ms < YEAR_10000_MS) {
          if (first === undefined || ms < first.ms) first = { ms, text: r.writtenTime }
          if (last === undefined || ms > last.ms) last = { ms, text: r.writtenTime }
        } else impossibleTimes++
      }
    }
  })
  const count = (s: ChunkInfo['status']) => statuses.get(s) ?? 0
  return {
    file,
    size,
    header: header === undefined ? null : {
      version: `${header.majorVersion}.${header.minorVersion}`,
      flags: header.rawFlags,
      dirty: header.dirty,
      full: header.full,
      noCrc32: header.noCrc32,
      checksumValid: header.checksumValid,
      declaredChunks: header.chunkCount,
      firstChunk: String(header.firstChunkNumber),
      lastChunk: String(header.lastChunkNumber),
      nextRecordId: String(header.nextRecordId),
    },
    chunks: {
      blocks: Math.ceil(Math.max(0, size - FILE_HEADER_BLOCK_SIZE) / CHUNK_SIZE),
      valid: count('valid'),
      empty: count('empty'),
      bad: count('bad-magic') + count('bad-checksum'),
      truncated: count('truncated'),
    },
    records,
    firstRecordId: minId <= maxId ? minId : null,
    lastRecordId: minId <= maxId ? maxId : null,
    firstWritten: first?.text ?? null,
    lastWritten: last?.text ?? null,
    lastRecord:
      lastRecord === undefined
        ? null
        : { id: lastRecord.id, written: lastRecord.writtenTime ?? null, outOfLineDays: daysOutOfLine(last?.ms, lastRecord) ?? null },
    impossible: { ids: impossibleIds, times: impossibleTimes },
    diagnostics: diagnostics.items(),
    diagnosticCount,
  }
}

function headerLines(h: FileInfo['header']): string[] {
  if (h === null) return ['Header:          no "ElfFile\\0" signature: damaged; the chunks after it were read without it']
  const flags = [h.dirty ? 'dirty' : '', h.full ? 'full' : '', h.noCrc32 ? 'no-crc32' : ''].filter(Boolean).join(', ') || 'none'
  return [
    `Format version:  ${h.version}`,
    `Flags:           0x${h.flags.toString(16)} (${flags})`,
    `Header CRC:      ${h.checksumValid ? 'ok' : 'MISMATCH'}`,
    `Header claims:   ${h.declaredChunks} chunks (first ${h.firstChunk}, last ${h.lastChunk}), next record id ${h.nextRecordId}`,
  ]
}

function lastRecordText(r: FileInfo['lastRecord']): string {
  if (r === null) return '-'
  const late = r.outOfLineDays === null ? '' : `; the newest written time is ${r.outOfLineDays.toFixed(1)} days later (a damaged time or a clock set back)`
  return `id ${r.id}, written ${r.written ?? '(no time)'}${late}`
}

function renderInfoText(info: FileInfo): string {
  const lines = [
    // A file name can hold control characters too (report/visible.ts), as in the diagnostics below.
    `File:            ${visibleText(info.file)} (${info.size} bytes)`,
    ...headerLines(info.header),
    `Blocks:          ${info.chunks.blocks} (${info.chunks.valid} valid, ${info.chunks.empty} empty, ${info.chunks.bad} bad, ${info.chunks.truncated} truncated)`,
    `Records:         ${info.records}`,
    `Record ids:      ${info.firstRecordId ?? '-'} .. ${info.lastRecordId ?? '-'}`,
    `Written:         ${info.firstWritten ?? '-'} .. ${info.lastWritten ?? '-'}`,
    `Last record:     ${lastRecordText(info.lastRecord)}`,
    ...(info.impossible.ids + info.impossible.times > 0
      ? [`Left out:        ${info.impossible.ids} record id(s) past 2^53 - 1, ${info.impossible.times} written time(s) from the year 10000 on (damage)`]
      : []),
    `Diagnostics:     ${info.diagnosticCount}${
      info.diagnosticCount > info.diagnostics.length
        ? ` (${info.diagnostics.length} listed, warnings and errors first; 'rdp-triage dump FILE' reports every one on stderr)`
        : ''
    }`,
  ]
  for (const d of info.diagnostics) lines.push(`  ${formatDiagnostic(info.file, d)}`)
  return `${lines.join('\n')}\n`
}

export const infoCommand: Command = {
  name: 'info',
  summary: 'summarise an .evtx file: header, chunks, records, problems',
  help,
  async run(argv: readonly string[], io: CliIo) {
    const { values, positionals } = parseCommandArgs('info', argv, {
      format: { type: 'string' },
      'validate-checksums': { type: 'boolean' },
      'ansi-codepage': { type: 'string' },
    })
    const format = choice('info', 'format', values.format, ['text', 'json'] as const, 'text')
    const ansiCodepage = codepageOption('info', values['ansi-codepage'])
    if (positionals.length !== 1) throw new CliError(`info: expected one FILE, got ${positionals.length} (see 'rdp-triage info --help')`)
    const info = await collectInfo(positionals[0] as string, {
      validateChecksums: values['validate-checksums'] === true,
      ...(ansiCodepage === undefined ? {} : { ansiCodepage }),
    })
    await writeOut(io.stdout, format === 'json' ? `${JSON.stringify(info, null, 2)}\n` : renderInfoText(info))
    return ExitCode.Ok
  },
}
