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
    channel: c.sample === undefined ? undefined : selectValue(c.sample, CHANNEL),
    computer: c.sample === undefined ? undefined : selectValue(c.sample, COMPUTER),
  }
}
