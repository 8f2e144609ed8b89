/**
 * CRC-32 (IEEE 802.3 / zlib polynomial 0xEDB88320), as EVTX uses for headers and record data.
 * Table-driven with slicing-by-4; the tables are built once on first use. A platform may supply
 * a native CRC-32 with zlib's signature (Node's `zlib.crc32`, Node 20.15 and later, about six
 * times faster): the Node-only modules that open files install it, and the results are the same.
 */
let tables: Uint32Array[] | undefined

/** zlib's signature: the CRC-32 of `data`, continuing from `value`. */
export type NativeCrc32 = (data: Uint8Array, value?: number) => number

let native: NativeCrc32 | undefined

/** Uses `fn` for CRCs over more than a few bytes from now on; `undefined` goes back to the table code. */
export function useNativeCrc32(fn: NativeCrc32 | undefined): void {
  native = fn
}

/** Which CRC-32 {@link crc32} uses for long ranges. */
export function crc32Implementation(): 'native' | 'table' {
  return native === undefined ? 'table' : 'native'
}

function buildTables(): Uint32Array[] {
  const t0 = new Uint32Array(256)
  for (let n = 0; n < 256; n++) {
    let c = n
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
    t0[n] = c >>> 0
  }
  const out = [t0]
  for (let i = 1; i < 4; i++) {
    const prev = out[i - 1] as Uint32Array
    const t = new Uint32Array(256)
    for (let n = 0; n < 256; n++) {
      const p = prev[n] as number
      t[n] = ((p >>> 8) ^ (t0[p & 0xff] as number)) >>> 0
    }
    out.push(t)
  }
  return out
}

/** CRC-32 of `bytes[start, end)`, continuing from `crc` (0 to start). */
export function crc32(bytes: Uint8Array, start = 0, end = bytes.length, crc = 0): number {
  if (native !== undefined && end - start >= 64) return native(bytes.subarray(start, end), crc) >>> 0
  return tableCrc32(bytes, start, end, crc)
}

/** The portable CRC-32 (tables, slicing-by-4); {@link crc32} uses it unless a native one is installed. */
export function tableCrc32(bytes: Uint8Array, start = 0, end = bytes.length, crc = 0): number {
  tables ??= buildTables()
  const [t0, t1, t2, t3] = tables as [Uint32Array, Uint32Array, Uint32Array, Uint32Array]
  let c = ~crc >>> 0
  let i = start
  const stop4 = end - 3
  for (; i < stop4; i += 4) {
    c ^= (bytes[i] as number) | ((bytes[i + 1] as number) << 8) | ((bytes[i + 2] as number) << 16) | ((bytes[i + 3] as number) << 24)
    c =
      (t3[c & 0xff] as number) ^
      (t2[(c >>> 8) & 0xff] as number) ^
      (t1[(c >>> 16) & 0xff] as number) ^
      (t0[c >>> 24] as number)
  }
  for (; i < end; i++) c = (t0[(c ^ (bytes[i] as number)) & 0xff] as number) ^ (c >>> 8)
  return ~c >>> 0
}
