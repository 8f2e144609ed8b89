/**
 * Which records the engine has already counted, so that the same record read twice (two copies
 * of one log, or a stale copy of a chunk inside a dirty file) counts once.
 *
 * A record is the same when its channel, computer, EventRecordID, TimeCreated and event id are.
 * Dense logs match hundreds of thousands of events, so the common case is kept as numbers: per
 * channel and computer, then per event id, a map from record id to the time in milliseconds.
 * A record without a record id, event id or time falls back to a text key.
 * Times are compared as milliseconds (a resolution of about 0.25 µs for present-day times), so
 * two records alike in everything else whose times differ by less than that count as one.
 */
import type { EventLike } from '../model/event.js'

export class SeenRecords {
  /** channel and computer → event id → record id → time(s) in ms. */
  private readonly byLog = new Map<string, Map<number, Map<number, number | number[]>>>()
  private readonly other = new Set<string>()
  private lastChannel: string | undefined
  private lastComputer: string | undefined
  private last: Map<number, Map<number, number | number[]>> | undefined

  /** Adds the event's record; false when it was there already. */
  add(e: EventLike): boolean {
    const id = e.recordId
    const eventId = e.eventId
    const timeMs = e.timeCreatedMs
    if (id === undefined || eventId === undefined || timeMs === undefined || Number.isNaN(id) || Number.isNaN(eventId) || Number.isNaN(timeMs)) {
      const key = `${e.channel ?? ''}\u0000${e.computer ?? ''}\u0000${id ?? ''}\u0000${e.timeCreated ?? timeMs ?? ''}\u0000${eventId ?? ''}`
      if (this.other.has(key)) return false
      this.other.add(key)
      return true
    }
    const log = this.logOf(e.channel, e.computer)
    let ids = log.get(eventId)
    if (ids === undefined) {
      ids = new Map()
      log.set(eventId, ids)
    }
    const seen = ids.get(id)
    if (seen === undefined) {
      ids.set(id, timeMs)
      return true
    }
    if (typeof seen === 'number') {
      if (seen === timeMs) return false
      ids.set(id, [seen, timeMs])
      return true
    }
    if (seen.includes(timeMs)) return false
    seen.push(timeMs)
    return true
  }

  private logOf(channel: string | undefined, computer: string | undefined): Map<number, Map<number, number | number[]>> {
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
