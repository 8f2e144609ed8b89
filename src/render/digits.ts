/**
 * Decimal digits written straight into bytes, for numbers and times in rendered output.
 *
 * Two digits are taken at a time from a table of "00" to "99", so a number costs one division per
 * pair, and its length comes from comparisons, not from dividing it down first.
 */

/** The ASCII digits of 0 to 99, two bytes each. */
const PAIRS = new Uint8Array(200)
for (let i = 0; i < 100; i++) {
  PAIRS[2 * i] = 0x30 + Math.floor(i / 10)
  PAIRS[2 * i + 1] = 0x30 + (i % 10)
}

/** How many decimal digits an integer 0 <= v < 2^32 has. */
export function decimalLength(v: number): number {
  if (v < 100_000) return v < 100 ? (v < 10 ? 1 : 2) : v < 1_000 ? 3 : v < 10_000 ? 4 : 5
  if (v < 10_000_000) return v < 1_000_000 ? 6 : 7
  return v < 100_000_000 ? 8 : v < 1_000_000_000 ? 9 : 10
}

/** Writes an integer 0 <= v < 10^width as exactly `width` digits (zero-padded) at `buf[p]`. */
export function writeDigits(buf: Uint8Array, p: number, v: number, width: number): void {
  let q = p + width
  let x = v
  while (q - p >= 2) {
    const y = Math.floor(x / 100)
    const r = 2 * (x - 100 * y)
    buf[q - 1] = PAIRS[r + 1] as number
    buf[q - 2] = PAIRS[r] as number
    q -= 2
    x = y
  }
  if (q > p) buf[p] = 0x30 + x
}

/** Writes 0 <= v < 100 as two digits at `buf[p]`. */
export function writeTwoDigits(buf: Uint8Array, p: number, v: number): void {
  buf[p] = PAIRS[2 * v] as number
  buf[p + 1] = PAIRS[2 * v + 1] as number
}
