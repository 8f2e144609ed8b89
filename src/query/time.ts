/**
 * Times as event queries see them: FILETIME ticks (100 ns since 1601-01-01 UTC) as BigInt, so the
 * 7 fractional digits Windows renders compare exactly.
 */
import { formatFiletime } from '../binary/filetime.js'

const EPOCH_DIFF_TICKS = 116_444_736_000_000_000n
const TIME_RE = /^\s*(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?Z\s*$/

/**
 * Ticks of a time written as Windows writes SystemTime (`2026-11-20T08:15:02.1234567Z`); the
 * query form with fewer fractional digits (`…02.123Z`) and none are accepted too. Digits past the
 * seventh are dropped. Undefined when the text is not such a time.
 */
export function parseEventTime(text: string): bigint | undefined {
  const m = TIME_RE.exec(text)
  if (!m) return undefined
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number]
  // setUTCFullYear, not Date.UTC, which reads the years 0-99 as 1900-1999.
  const back = new Date(0)
  back.setUTCFullYear(y, mo - 1, d)
  back.setUTCHours(h, mi, s)
  const ms = back.getTime()
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) return undefined
  const fraction = BigInt((m[7] ?? '').slice(0, 7).padEnd(7, '0'))
  return BigInt(ms) * 10_000n + EPOCH_DIFF_TICKS + fraction
}

/** Ticks of a JavaScript time (a Date or milliseconds since the Unix epoch). */
export function ticksFromDate(time: Date | number): bigint {
  const ms = typeof time === 'number' ? time : time.getTime()
  if (!Number.isFinite(ms)) throw new RangeError('invalid time')
  const whole = Math.floor(ms)
  return BigInt(whole) * 10_000n + EPOCH_DIFF_TICKS + BigInt(Math.round((ms - whole) * 10_000))
}

/**
 * `YYYY-MM-DDThh:mm:ss.fffffffZ` for ticks, as Windows renders SystemTime: a FILETIME (0 to
 * 2^64 - 1) exactly as the renderers write it, five-digit years included (a damaged record's);
 * ticks before 1601 through Date.
 */
export function formatTicks(ticks: bigint): string {
  if (ticks >= 0n && ticks <= 0xffff_ffff_ffff_ffffn) return formatFiletime(Number(ticks & 0xffff_ffffn), Number(ticks >> 32n))
  const unixTicks = ticks - EPOCH_DIFF_TICKS
  const ms = unixTicks >= 0n ? unixTicks / 10_000n : (unixTicks - 9_999n) / 10_000n
  const fraction = ((unixTicks % 10_000_000n) + 10_000_000n) % 10_000_000n
  return `${new Date(Number(ms)).toISOString().slice(0, 19)}.${fraction.toString().padStart(7, '0')}Z`
}
