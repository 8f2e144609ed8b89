/**
 * UTF-16LE decoding straight from the chunk bytes.
 *
 * Short strings (names, most values) are built with String.fromCharCode, which beats a
 * TextDecoder call at these sizes; long ones, and any string holding a surrogate, go through one
 * module-level TextDecoder so unpaired surrogates become U+FFFD exactly as TextDecoder does.
 * Offsets need not be 2-byte aligned.
 */
// ignoreBOM: a U+FEFF at the start of a value is a character of it (as the short path keeps it).
const decoder = new TextDecoder('utf-16le', { ignoreBOM: true })
const SHORT = 32

/**
 * Decodes `units` UTF-16 code units at `start`. With `stopAtNul`, the string ends at the first
 * NUL (Windows renders String values up to the first NUL).
 */
export function decodeUtf16(bytes: Uint8Array, start: number, units: number, stopAtNul = false): string {
  const end = start + units * 2
  if (units <= SHORT) {
    let s = ''
    for (let i = start; i < end; i += 2) {
      const c = (bytes[i] as number) | ((bytes[i + 1] as number) << 8)
      if (c === 0 && stopAtNul) return s
      if (c >= 0xd800 && c <= 0xdfff) return slowDecode(bytes, start, end, stopAtNul)
      s += String.fromCharCode(c)
    }
    return s
  }
  return slowDecode(bytes, start, end, stopAtNul)
}

function slowDecode(bytes: Uint8Array, start: number, end: number, stopAtNul: boolean): string {
  let stop = end
  if (stopAtNul) {
    for (let i = start; i < end; i += 2) {
      if (bytes[i] === 0 && bytes[i + 1] === 0) {
        stop = i
        break
      }
    }
  }
  return decoder.decode(bytes.subarray(start, stop))
}

/** UTF-16LE bytes of a string (no terminator). */
export function encodeUtf16(text: string): Uint8Array {
  const out = new Uint8Array(text.length * 2)
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    out[i * 2] = c & 0xff
    out[i * 2 + 1] = c >>> 8
  }
  return out
}
