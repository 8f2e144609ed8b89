/**
 * Which records the engine has already counted, so that the same record read twice (two copies
 * of one log, or a stale copy of a chunk inside a dirty file) counts once.
 *
 * A record is the same when its channel, computer, EventRecordID, TimeCreated and event id are.
 * Dense logs match hundreds of thousands of events, so the common case is kept as numbers: per
 * channel and computer, a map from record id and event id to the time in milliseconds. Anything
 * that does not fit that (no record id, ids too large to pack) falls back to a text key.
 * Times are compared as milliseconds (a resolution of about 0.25 µs for present-day times), so
 * two records alike in everything else whose times differ by less than that count as one.
 */
import type { EventLike } from '../model/event.js'

/** Record ids below 2^37 pack with a 16-bit event id into one exact integer (< 2^53). */
const MAX_PACKED_RECORD_ID = 2 ** 37

export class SeenRecords {
  private readonly byLog = new Map<string, Map<number, number | number[]>>()
  private readonly other = new Set<string>()
  private lastChannel: string | undefined
  private lastComputer: string | undefined
  private last: Map<number, number | number[]> | undefined

  /** Adds the event's record; false when it was there already. */
  add(e: EventLike): boolean {
    const id = e.recordId
    const eventId = e.eventId
    const timeMs = e.timeCreatedMs
    if (
      id === undefined || eventId === undefined || timeMs === undefined || Number.isNaN(timeMs) ||
      !Number.isInteger(id) || id < 0 || id >= MAX_PACKED_RECORD_ID ||
      !Number.isInteger(eventId) || eventId < 0 || eventId > 0xffff
    ) {
      const key = `${e.channel ?? ''}\u0000${e.computer ?? ''}\u0000${id ?? ''}\u0000${e.timeCreated ?? timeMs ?? ''}\u0000${eventId ?? ''}`
      if (this.other.has(key)) return false
      this.other.add(key)
      return true
    }
    const log = this.logOf(e.channel, e.computer)
    const key = id * 0x10000 + eventId
    const seen = log.get(key)
    if (seen === undefined) {
      log.set(key, timeMs)
      return true
    }
    if (typeof seen === 'number') {
      if (seen === timeMs) return false
      log.set(key, [seen, timeMs])
      return true
    }
    if (seen.includes(timeMs)) return false
    seen.push(timeMs)
    return true
  }

  private logOf(channel: string | undefined, computer: string | undefined): Map<number, number | number[]> {
    // Events come in runs from one log: the previous one's map is nearly always the right one.
    if (this.last !== undefined && channel === this.lastChannel && computer === this.lastComputer) return this.last
    const name = `${channel ?? ''}\u0000${computer ?? ''}`
    let log = this.byLog.get(name)
    if (log === undefined) {
      log = new Map()
      this.byLog.set(name, log)
    }
    this.lastChannel = channel
    this.lastComputer = computer
    this.last = log
    return log
  }
}
