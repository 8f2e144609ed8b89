/**
 * Which records the engine has already counted, so that the same record read twice (two copies
 * of one log, or a stale copy of a chunk inside a dirty file) counts once.
 *
 * A record is the same when its channel, computer, EventRecordID, TimeCreated and event id are.
 * Dense logs match hundreds of thousands of events, so the common case is kept as numbers: per
 * channel and computer, then per event id, the record ids and times (in milliseconds) in two
 * growing Float64Arrays, appended while ids come in ascending order and searched by bisection
 * otherwise (no map entry or boxed number per record); ids that come out of order go to a map.
 * A record without a record id, event id or time falls back to a text key; one with neither a
 * record id nor any time (a damaged record whose header and TimeCreated were both unreadable) is
 * never taken for a copy, since nothing is left that could tell two such records apart.
 * Times are compared as milliseconds (a resolution of about 0.25 µs for present-day times), so
 * two records alike in everything else whose times differ by less than that count as one.
 *
 * What it keeps is bounded whatever a log says: a crafted log can name a new computer in every
 * record, and each new log cost some 1.7 KB and its name, gigabytes on a log of millions of such
 * records. So a log's number arrays start small, names count by their first
 * {@link MAX_KEY_NAME} characters, and at most {@link MAX_LOGS} logs and {@link MAX_TEXT_KEYS}
 * text keys are kept: a record of a log past those is counted, never taken for a copy (as a
 * record with nothing to tell it apart is).
 */
import type { EventLike } from '../model/event.js'

/** The most logs (channel and computer) whose records are told apart; a real VM's inputs hold a few dozen. */
export const MAX_LOGS = 4096
/** The most records kept by their text (no record id, event id or time: damaged ones). */
export const MAX_TEXT_KEYS = 16_384
/** Characters of a channel or computer name that tell logs apart (a DNS name has at most 255). */
export const MAX_KEY_NAME = 256

/** The name as a key: its first {@link MAX_KEY_NAME} characters. */
function keyName(name: string | undefined): string {
  return name === undefined ? '' : name.length <= MAX_KEY_NAME ? name : name.slice(0, MAX_KEY_NAME)
}

/**
 * The records of one log and event id: ids in ascending order with their times, appended while
 * they come in order (one log read front to back); the rest (a copy read out of order, an id met
 * again with another time) in a map from id to times.
 */
class IdRun {
  ids = new Float64Array(4)
  times = new Float64Array(4)
  n = 0
  other: Map<number, number[]> | undefined

  /** Adds the record; false when it was there already. */
  add(id: number, timeMs: number): boolean {
    const n = this.n
    if (n === 0 || id > (this.ids[n - 1] as number)) {
      this.append(id, timeMs)
      return true
    }
    // The first index whose id is not below `id`.
    const ids = this.ids
    let lo = 0
    let hi = n
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if ((ids[mid] as number) < id) lo = mid + 1
      else hi = mid
    }
    for (let i = lo; i < n && ids[i] === id; i++) if (this.times[i] === timeMs) return false
    this.other ??= new Map()
    const times = this.other.get(id)
    if (times === undefined) this.other.set(id, [timeMs])
    else if (times.includes(timeMs)) return false
    else times.push(timeMs)
    return true
  }

  private append(id: number, timeMs: number): void {
    if (this.n === this.ids.length) {
      const ids = new Float64Array(this.n * 2)
      const times = new Float64Array(this.n * 2)
      ids.set(this.ids)
      times.set(this.times)
      this.ids = ids
      this.times = times
    }
    this.ids[this.n] = id
    this.times[this.n] = timeMs
    this.n++
  }
}

export class SeenRecords {
  /** channel and computer → event id → its records. */
  private readonly byLog = new Map<string, Map<number, IdRun>>()
  private readonly other = new Set<string>()
  private lastChannel: string | undefined
  private lastComputer: string | undefined
  private last: Map<number, IdRun> | undefined

  /** Adds the event's record; false when it was there already. */
  add(e: EventLike): boolean {
    const id = e.recordId
    const eventId = e.eventId
    const timeMs = e.timeCreatedMs
    if (id === undefined || eventId === undefined || timeMs === undefined || Number.isNaN(id) || Number.isNaN(eventId) || Number.isNaN(timeMs)) {
      const noId = id === undefined || Number.isNaN(id)
      const noTime = e.timeCreated === undefined && (timeMs === undefined || Number.isNaN(timeMs))
      if (noId && noTime) return true
      const key = `${keyName(e.channel)}\u0000${keyName(e.computer)}\u0000${id ?? ''}\u0000${keyName(e.timeCreated) || (timeMs ?? '')}\u0000${eventId ?? ''}`
      if (this.other.has(key)) return false
      if (this.other.size < MAX_TEXT_KEYS) this.other.add(key)
      return true
    }
    const log = this.logOf(e.channel, e.computer)
    if (log === undefined) return true
    let run = log.get(eventId)
    if (run === undefined) {
      run = new IdRun()
      log.set(eventId, run)
    }
    return run.add(id, timeMs)
  }

  /** Logs whose records are told apart (at most {@link MAX_LOGS}). */
  get logs(): number {
    return this.byLog.size
  }

  /** Records kept by their text (at most {@link MAX_TEXT_KEYS}). */
  get textKeys(): number {
    return this.other.size
  }

  /** The log's records by event id; undefined for a new log past {@link MAX_LOGS}. */
  private logOf(channel: string | undefined, computer: string | undefined): Map<number, IdRun> | undefined {
    // Events come in runs from one log: the previous one's map is nearly always the right one.
    if (this.last !== undefined && channel === this.lastChannel && computer === this.lastComputer) return this.last
    const name = `${keyName(channel)}\u0000${keyName(computer)}`
    let log = this.byLog.get(name)
    if (log === undefined) {
      if (this.byLog.size >= MAX_LOGS) return undefined
      log = new Map()
      this.byLog.set(name, log)
    }
    this.lastChannel = channel
    this.lastComputer = computer
    this.last = log
    return log
  }
}
