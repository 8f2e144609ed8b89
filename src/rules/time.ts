/**
 * Durations and reference times for the analysis window.
 *
 * Durations are written `24h`, `90m`, `1d12h`, `2w`, `30s` (units ms, s, m, h, d, w, combinable),
 * or as ISO 8601 (`PT24H`, `P1D`). Reference times are ISO 8601; without a zone they are taken
 * as UTC, which is what event logs record.
 */

const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 }

/** The default analysis window: 24 hours, as in the documented `timediff(@SystemTime) <= 86400000` queries. */
export const DEFAULT_WINDOW_MS = 86_400_000

/**
 * The longest window: 1000 years (365250d). Longer ones cover nothing more (event times start in
 * 1601), and one reaching before the year 0 from a window's end cannot be written as a time.
 */
export const MAX_WINDOW_MS = 365_250 * 86_400_000

/** The earliest and latest times an event log can hold: 1601-01-01 (FILETIME's start) to 9999-12-31. */
export const EARLIEST_TIME_MS = Date.UTC(1601, 0, 1)
export const LATEST_TIME_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999)

/**
 * Milliseconds in a duration.
 * @throws {RangeError} when the text is not a positive duration of at most 1000 years
 */
export function parseDuration(text: string): number {
  const t = text.trim()
  let ms = 0
  const iso = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i.exec(t)
  if (iso && t.length > 1 && !/T$/i.test(t)) {
    const [, w, d, h, m, s] = iso
    ms = Number(w ?? 0) * UNIT_MS.w! + Number(d ?? 0) * UNIT_MS.d! + Number(h ?? 0) * UNIT_MS.h! + Number(m ?? 0) * UNIT_MS.m! + Number(s ?? 0) * 1000
  } else if (/^(?:\d+(?:\.\d+)?(?:ms|s|m|h|d|w))+$/i.test(t)) {
    for (const m of t.toLowerCase().matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d|w)/g)) ms += Number(m[1]) * (UNIT_MS[m[2] as string] as number)
  } else {
    throw new RangeError(`not a duration: ${JSON.stringify(text)} (examples: 24h, 90m, 7d, 1d12h, PT24H)`)
  }
  // Whole milliseconds: a duration that rounds to none (0.4ms) is no window either.
  const whole = Math.round(ms)
  if (!(whole > 0) || !Number.isFinite(whole)) throw new RangeError(`a duration must be at least 1ms: ${JSON.stringify(text)}`)
  return checkWindow(whole, JSON.stringify(text))
}

/**
 * A window length in whole milliseconds, checked: at least 1, at most {@link MAX_WINDOW_MS}.
 * @throws {RangeError} otherwise
 */
export function checkWindow(ms: number, shown: string = String(ms)): number {
  if (!(ms > 0) || !Number.isFinite(ms)) throw new RangeError(`a window must be at least 1 ms, got ${shown}`)
  if (ms > MAX_WINDOW_MS) throw new RangeError(`a window can be at most 365250d (1000 years; event times start in 1601), got ${shown}`)
  return ms
}

/**
 * A reference time in milliseconds since the epoch, checked: within the times an event log can
 * hold ({@link EARLIEST_TIME_MS} to {@link LATEST_TIME_MS}).
 * @throws {RangeError} otherwise
 */
export function checkTime(ms: number, shown: string = String(ms)): number {
  if (!Number.isFinite(ms)) throw new RangeError(`not a valid time: ${shown}`)
  if (ms < EARLIEST_TIME_MS || ms > LATEST_TIME_MS) throw new RangeError(`a time must be from 1601-01-01 to 9999-12-31 UTC (the times an event log can hold), got ${shown}`)
  return ms
}

/** A duration in a readable whole unit: `24h`, `90m`, `7d`, `1500ms` (days only from 2 days up). */
export function formatDuration(ms: number): string {
  if (ms % 86_400_000 === 0 && ms >= 172_800_000) return `${ms / 86_400_000}d`
  for (const [unit, size] of [['h', 3_600_000], ['m', 60_000], ['s', 1000]] as const) {
    if (ms % size === 0) return `${ms / size}${unit}`
  }
  return `${ms}ms`
}

/**
 * Milliseconds since the epoch of an ISO 8601 time (UTC when no zone is given).
 * @throws {RangeError} when the text is not a time, or one outside 1601-01-01 to 9999-12-31 UTC
 */
export function parseTime(text: string): number {
  const t = text.trim()
  const m = /^(\d{4}-\d\d-\d\d)(?:[T ](\d\d:\d\d(?::\d\d(?:\.\d+)?)?))?(Z|[+-]\d\d:?\d\d)?$/i.exec(t)
  if (!m) throw new RangeError(`not an ISO 8601 time: ${JSON.stringify(text)} (example: 2024-05-01T12:00:00Z)`)
  const ms = Date.parse(`${m[1]}T${m[2] ?? '00:00:00'}${(m[3] ?? 'Z').toUpperCase()}`)
  // Date.parse rolls a day past its month's end into the next month (2026-02-30 is 2026-03-02):
  // a date that is not on the calendar is refused, as `query --now` refuses it.
  const [y, mo, d] = (m[1] as string).split('-').map(Number) as [number, number, number]
  // setUTCFullYear, not Date.UTC, which reads the years 0-99 as 1900-1999.
  const day = new Date(0)
  day.setUTCFullYear(y, mo - 1, d)
  const onCalendar = day.getUTCFullYear() === y && day.getUTCMonth() === mo - 1 && day.getUTCDate() === d
  if (Number.isNaN(ms) || !onCalendar) throw new RangeError(`not a valid time: ${JSON.stringify(text)}`)
  return checkTime(ms, JSON.stringify(text))
}
