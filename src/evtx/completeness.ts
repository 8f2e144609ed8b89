/**
 * Whether a file holds what its header says was written.
 *
 * The header is never trusted for reading (every block is read, see file-walk.ts), but it is the
 * only witness of what a copy lost: a file cut short (an interrupted copy, a transfer that stopped)
 * holds fewer blocks than the chunks its header declares, and a file whose newest chunks are zeros
 * (a snapshot taken before the log was flushed, a sparse copy) holds lower record ids than the
 * header's next record id. Every record of such a file reads cleanly, so without this check the
 * file looks whole and an event it lost looks absent.
 *
 * A header whose CRC fails is not used: a flipped bit in its counts would claim records that
 * never existed (the CRC warning says the header is damaged). A stale header (a dirty file's
 * counts are lower than what it holds) never triggers it.
 */
import type { EvtxFileHeader } from './file-header.js'

/** What a file's header vouches for and the file lacks, as a sentence; undefined when nothing. */
export function describeMissing(header: Pick<EvtxFileHeader, 'chunkCount' | 'nextRecordId' | 'checksumValid'>, blocks: number, maxRecordId: number): string | undefined {
  if (!header.checksumValid) return undefined
  const parts: string[] = []
  if (blocks < header.chunkCount) {
    parts.push(`it holds ${blocks} of the ${header.chunkCount} chunks its header declares`)
  }
  const lastWritten = header.nextRecordId - 1n
  if (maxRecordId < 0 && lastWritten > 0n) {
    parts.push(`its header says records up to id ${lastWritten} were written, and none could be read`)
  } else if (maxRecordId >= 0 && lastWritten > BigInt(maxRecordId)) {
    parts.push(`its header says records up to id ${lastWritten} were written, but the highest id read is ${maxRecordId} (${lastWritten - BigInt(maxRecordId)} newer records missing or unreadable)`)
  }
  if (parts.length === 0) return undefined
  return `${PREFIX}${parts.join('; ')}${SUFFIX}`
}

const PREFIX = 'file is incomplete: '
const SUFFIX = '. A copy cut short or zero-filled (interrupted, or taken before the log was flushed) loses events; an event not found in it may still have been logged'

/** The facts of a {@link describeMissing} message (what the file holds against its header), for a summary. */
export function missingFacts(message: string): string | undefined {
  return message.startsWith(PREFIX) && message.endsWith(SUFFIX) ? message.slice(PREFIX.length, message.length - SUFFIX.length) : undefined
}
