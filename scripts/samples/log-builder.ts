/**
 * Builds one log file's records from events placed on a timeline: events are sorted by time
 * (ties keep insertion order), then given consecutive record ids, as the Event Log service does.
 * A seeded PRNG (mulberry32) supplies thread ids and jitter, so output is deterministic.
 */
import { toTicks, type WriterRecord } from '../../src/writer/index.js'
import type { EventContext, LogTarget } from '../../src/writer/templates/index.js'

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export const TICKS_PER_SECOND = 10_000_000n
/** A duration in whole milliseconds (sample times stay on millisecond boundaries). */
export const minutes = (m: number): bigint => BigInt(Math.round(m * 60_000)) * 10_000n
export const at = (iso: string): bigint => toTicks(iso)

type Make = (ctx: EventContext) => WriterRecord

interface Item {
  readonly time: bigint
  readonly seq: number
  readonly processId: number
  readonly threadId: number
  readonly activityId: string | undefined
  readonly make: Make
}

export class LogBuilder {
  readonly target: LogTarget
  private readonly firstRecordId: number
  private readonly items: Item[] = []
  readonly rng: () => number

  constructor(target: LogTarget, firstRecordId: number, seed: number) {
    this.target = target
    this.firstRecordId = firstRecordId
    this.rng = mulberry32(seed)
  }

  /** A thread id like Windows hands out (multiples of 4). */
  threadId(): number {
    return 4 * (100 + Math.floor(this.rng() * 2400))
  }

  /** A random activity GUID (the TerminalServices providers tag connections with one). */
  activityId(): string {
    const hex = Array.from({ length: 32 }, () => Math.floor(this.rng() * 16).toString(16)).join('')
    return `{${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}}`
  }

  /** Places an event at `time` (with up to `jitterMs` of random delay). */
  add(time: bigint, processId: number, make: Make, options: { jitterMs?: number; activityId?: string } = {}): void {
    const jitter = BigInt(Math.floor(this.rng() * (options.jitterMs ?? 900))) * 10_000n
    this.items.push({ time: time + jitter, seq: this.items.length, processId, threadId: this.threadId(), activityId: options.activityId, make })
  }

  get size(): number {
    return this.items.length
  }

  /** The records in time order with consecutive ids. */
  records(): WriterRecord[] {
    const sorted = [...this.items].sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : a.seq - b.seq))
    return sorted.map((it, i) => {
      const ctx: EventContext = { target: this.target, recordId: this.firstRecordId + i, time: it.time, processId: it.processId, threadId: it.threadId, ...(it.activityId === undefined ? {} : { activityId: it.activityId }) }
      return it.make(ctx)
    })
  }
}
