/**
 * Which records the engine has already counted, so that the same record read twice (two copies
 * of one log, or a stale copy of a chunk inside a dirty file) counts once.
 *
 * A record is the same when its channel, computer, EventRecordID, TimeCreated and event id are.
 * Dense logs match hundreds of thousands of events, so the common case is kept as numbers: per
 * channel and computer, then per event id, a map from record id to where its time (in
 * milliseconds) sits in one growing Float64Array (small integers in the maps, no boxed numbers).
 * A record without a record id, event id or time falls back to a text key.
 * Times are compared as milliseconds (a resolution of about 0.25 µs for present-day times), so
 * two records alike in everything else whose times differ by less than that count as one.
 */
import type { EventLike } from '../model/event.js'

export class SeenRecords {
  /** channel and computer → event id → record id → slot(s) in `times`. */
  private readonly byLog = new Map<string, Map<number, Map<number, number | number[]>>>()
  private times = new Float64Array(1024)
  private used = 0
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
      ids.set(id, this.slot(timeMs))
      return true
    }
    if (typeof seen === 'number') {
      if (this.times[seen] === timeMs) return false
      ids.set(id, [seen, this.slot(timeMs)])
      return true
    }
    for (const k of seen) if (this.times[k] === timeMs) return false
    seen.push(this.slot(timeMs))
    return true
  }

  private slot(timeMs: number): number {
    if (this.used === this.times.length) {
      const grown = new Float64Array(this.times.length * 2)
      grown.set(this.times)
      this.times = grown
    }
    this.times[this.used] = timeMs
    return this.used++
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
