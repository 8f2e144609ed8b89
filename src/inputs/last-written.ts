/**
 * The newest written time of a log against the time of its last-written record (the highest id
 * within a chunk header's range, evtx/options.ts `lastRecord`). They agree in a healthy log; a
 * damaged time (a flipped bit moves one by years) or a clock set back puts the newest time after
 * it, and the newest time is what `analyze` ends its window on by default.
 */
import type { ChunkInfo } from '../evtx/options.js'

/** How far the newest time may pass the last-written record's before it is called out of line. */
const OUT_OF_LINE_MS = 24 * 60 * 60 * 1000

/** The later of two chunks' last-written records (the higher id). */
export function laterRecord(a: ChunkInfo['lastRecord'], b: ChunkInfo['lastRecord']): ChunkInfo['lastRecord'] {
  if (a === undefined) return b
  if (b === undefined) return a
  return b.id > a.id ? b : a
}

/** Days by which the newest time passes the last-written record's, when more than one; else undefined. */
export function daysOutOfLine(newestMs: number | undefined, last: ChunkInfo['lastRecord']): number | undefined {
  if (newestMs === undefined || last?.writtenMs === undefined || newestMs - last.writtenMs <= OUT_OF_LINE_MS) return undefined
  return (newestMs - last.writtenMs) / OUT_OF_LINE_MS
}
