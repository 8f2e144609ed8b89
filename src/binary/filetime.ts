/**
 * FILETIME and SYSTEMTIME rendering at Windows' precision.
 *
 * FILETIME counts 100 ns ticks since 1601-01-01 UTC. Windows renders it as
 * `YYYY-MM-DDThh:mm:ss.fffffffZ` (7 fractional digits). JavaScript's Date keeps only milliseconds,
 * so the arithmetic here works on the two 32-bit halves and a civil-from-days conversion; nothing
 * is lost and nothing allocates a BigInt for times before year ~26000.
 */

const TICKS_PER_SECOND = 10_000_000
/** Days from 1601-01-01 to 1970-01-01. */
export const DAYS_1601_TO_1970 = 134_774
const SECONDS_1601_TO_1970 = DAYS_1601_TO_1970 * 86_400

function pad2(n: number): string {
  return n < 10 ? `0${n}` : `${n}`
}

function pad7(n: number): string {
  const s = `${n}`
  return s.length >= 7 ? s : '0000000'.slice(s.length) + s
}

function padYear(y: number): string {
  if (y >= 0 && y < 10) return `000${y}`
  if (y >= 0 && y < 100) return `00${y}`
  if (y >= 0 && y < 1000) return `0${y}`
  return `${y}`
}

/** Proleptic Gregorian date of a day count since 1970-01-01 (H. Hinnant's civil_from_days). */
export function civilFromDays(days: number): [year: number, month: number, day: number] {
  const z = days + 719_468
  const era = Math.floor(z / 146_097)
  const doe = z - era * 146_097
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365)
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100))
  const mp = Math.floor((5 * doy + 2) / 153)
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1
  const m = mp < 10 ? mp + 3 : mp - 9
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0)
  return [y, m, d]
}

/** Whole seconds since 1601 and the remaining ticks, from the two halves of a FILETIME. */
export function splitFiletime(lo: number, hi: number): [seconds: number, ticks: number] {
  if (hi < 0x4000_0000) {
    // hi * 2^32 = hi * 429 * 10^7 + hi * 4_967_296, and the second term stays below 2^53 here.
    const rest = hi * 4_967_296 + lo
    const restSeconds = Math.floor(rest / TICKS_PER_SECOND)
    return [hi * 429 + restSeconds, rest - restSeconds * TICKS_PER_SECOND]
  }
  const v = (BigInt(hi) << 32n) | BigInt(lo)
  return [Number(v / 10_000_000n), Number(v % 10_000_000n)]
}

// Consecutive records usually fall in the same second, and nearly always on the same day: keep
// the last date-and-time prefix and the last date.
let lastSeconds = -1
let lastPrefix = ''
let lastDays = Number.NaN
let lastDate = ''

function formatParts(seconds: number, ticks: number): string {
  if (seconds === lastSeconds) return `${lastPrefix}${pad7(ticks)}Z`
  const days = Math.floor(seconds / 86_400)
  if (days !== lastDays) {
    const [y, m, d] = civilFromDays(days - DAYS_1601_TO_1970)
    lastDays = days
    lastDate = `${padYear(y)}-${pad2(m)}-${pad2(d)}T`
  }
  const sod = seconds - days * 86_400
  const hh = Math.floor(sod / 3600)
  const mm = Math.floor((sod % 3600) / 60)
  const ss = sod % 60
  lastSeconds = seconds
  lastPrefix = `${lastDate}${pad2(hh)}:${pad2(mm)}:${pad2(ss)}.`
  return `${lastPrefix}${pad7(ticks)}Z`
}

/**
 * 10000-01-01T00:00:00Z, in milliseconds since 1970 and in FILETIME ticks. No event is that late:
 * a record that says so is damaged, and the time does not render with a four-digit year.
 */
export const YEAR_10000_MS = 253_402_300_800_000
export const YEAR_10000_TICKS = 2_650_467_744_000_000_000n

/** Windows rendering of a FILETIME given as its low and high 32-bit halves. */
export function formatFiletime(lo: number, hi: number): string {
  const [seconds, ticks] = splitFiletime(lo >>> 0, hi >>> 0)
  return formatParts(seconds, ticks)
}

/** Milliseconds since the Unix epoch (fractional, sub-millisecond ticks kept as decimals). */
export function filetimeToUnixMs(lo: number, hi: number): number {
  const [seconds, ticks] = splitFiletime(lo >>> 0, hi >>> 0)
  return (seconds - SECONDS_1601_TO_1970) * 1000 + ticks / 10_000
}

/** FILETIME ticks as a bigint (exact). */
export function filetimeTicks(lo: number, hi: number): bigint {
  return (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0)
}

/** FILETIME halves for a Unix time in milliseconds (fractional ms kept to 100 ns). */
export function unixMsToFiletime(ms: number): [lo: number, hi: number] {
  const ticks = BigInt(Math.round(ms * 10_000)) + BigInt(SECONDS_1601_TO_1970) * 10_000_000n
  return [Number(ticks & 0xffff_ffffn), Number(ticks >> 32n)]
}

/**
 * Parses `YYYY-MM-DDThh:mm:ss[.fffffff]Z` into FILETIME ticks; undefined if malformed or not a
 * real date and time (`2023-02-29`, hour 24: Date.UTC would roll them over).
 */
export function parseIsoToTicks(text: string): bigint | undefined {
  const m = /^(\d{4,5})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?Z$/.exec(text)
  if (!m) return undefined
  const [y, mo, d, hh, mi, ss] = [m[1], m[2], m[3], m[4], m[5], m[6]].map(Number) as [number, number, number, number, number, number]
  // setUTCFullYear, not Date.UTC: that one reads years 0-99 as 1900-1999.
  const date = new Date(0)
  date.setUTCFullYear(y, mo - 1, d)
  date.setUTCHours(hh, mi, ss)
  const ms = date.getTime()
  if (Number.isNaN(ms) || date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return undefined
  if (hh > 23 || mi > 59 || ss > 59) return undefined
  const frac = ((m[7] ?? '') + '0000000').slice(0, 7)
  return (BigInt(ms / 1000) + BigInt(SECONDS_1601_TO_1970)) * 10_000_000n + BigInt(frac)
}

/**
 * Windows rendering of a SYSTEMTIME (8 u16: year, month, day of week, day, hour, minute, second,
 * milliseconds): the FILETIME form with milliseconds times 10^4 as the 7 fractional digits.
 */
export function formatSystemtime(view: DataView, at: number): string {
  const year = view.getUint16(at, true)
  const month = view.getUint16(at + 2, true)
  const day = view.getUint16(at + 6, true)
  const hour = view.getUint16(at + 8, true)
  const minute = view.getUint16(at + 10, true)
  const second = view.getUint16(at + 12, true)
  const ms = view.getUint16(at + 14, true)
  return `${padYear(year)}-${pad2(month)}-${pad2(day)}T${pad2(hour)}:${pad2(minute)}:${pad2(second)}.${pad7(ms * 10_000)}Z`
}
