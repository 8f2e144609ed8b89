/**
 * What the analyzer's scan keeps of a log, shared by the in-process scan and the worker threads:
 * which records it decodes (the rule set's prefilter as the parser's scan mode asks for it), and
 * what it notes of every 64 KiB block (plain data, so a worker thread can send it back).
 */
import { compilePath, selectValue } from '../access/select.js'
import type { ChunkInfo } from '../evtx/options.js'
import type { EventPrefilter } from '../evtx/prefilter.js'
import type { RulePrefilter } from '../rules/compile.js'

/** The parser's scan-mode prefilter for a rule set: records no rule wants are skipped unread. */
export function scanPrefilter(rules: RulePrefilter): EventPrefilter {
  return {
    eventIds: rules.eventIds,
    accept: (provider, guid, eventId) => {
      const pass = rules.prefilter(provider, eventId)
      return pass === 'yes' || (pass === 'guid' && rules.wantsGuid(guid))
    },
  }
}

/** One block as the scan notes it: counts, ranges and the channel and computer its first record names. */
export type ScannedChunk = Pick<ChunkInfo, 'index' | 'status' | 'idRange' | 'writtenRange' | 'writtenTimes' | 'lastRecord'> & {
  /** Records in the block, read or skipped. */
  readonly records: number
  readonly channel: string | undefined
  readonly computer: string | undefined
}

/**
 * The longest channel or computer name a block's note keeps (a DNS name is at most 255
 * characters, a channel path about as long). A crafted log can name a different 30,000-character
 * computer in each of its blocks, and the report lists every distinct name: unclipped, a 1 GiB
 * file made a report of about as many bytes, past what one JSON string can hold.
 */
export const MAX_NOTED_NAME = 256

/** A name clipped to {@link MAX_NOTED_NAME} characters and an ellipsis, never between a surrogate pair. */
export function clipName(name: string | undefined): string | undefined {
  if (name === undefined || name.length <= MAX_NOTED_NAME) return name
  const high = name.charCodeAt(MAX_NOTED_NAME - 1)
  const end = high >= 0xd800 && high <= 0xdbff ? MAX_NOTED_NAME - 1 : MAX_NOTED_NAME
  return `${name.slice(0, end)}…`
}

const CHANNEL = compilePath('System/Channel')
const COMPUTER = compilePath('System/Computer')

/** What the scan keeps of the parser's report on one block. */
export function scannedChunk(c: ChunkInfo): ScannedChunk {
  return {
    index: c.index,
    status: c.status,
    records: c.records + c.skipped,
    idRange: c.idRange,
    writtenRange: c.writtenRange,
    writtenTimes: c.writtenTimes,
    lastRecord: c.lastRecord,
    channel: c.sample === undefined ? undefined : clipName(selectValue(c.sample, CHANNEL)),
    computer: c.sample === undefined ? undefined : clipName(selectValue(c.sample, COMPUTER)),
  }
}
