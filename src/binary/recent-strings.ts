/**
 * A few recently decoded strings, found again by their bytes.
 *
 * A scan reads the provider name and GUID of every record whose event id a rule wants; they are
 * the same few values record after record, so each is decoded once and then found by comparing
 * its bytes (a copy is kept: chunk buffers are reused). Content-addressed, so sharing one cache
 * between readers is safe.
 */
export type Decode = (bytes: Uint8Array, at: number, size: number) => string

export class RecentStrings {
  private readonly keys: Uint8Array[] = []
  private readonly values: string[] = []
  private next = 0
  private readonly slots: number
  private readonly maxBytes: number
  private readonly decode: Decode

  /**
   * @param decode - turns `size` bytes at `at` into the string (the same bytes must give the same string)
   * @param slots - strings kept (the oldest is replaced)
   * @param maxBytes - longer values are decoded every time, never kept
   */
  constructor(decode: Decode, slots = 8, maxBytes = 256) {
    this.decode = decode
    this.slots = slots
    this.maxBytes = maxBytes
  }

  get(bytes: Uint8Array, at: number, size: number): string {
    if (size > this.maxBytes) return this.decode(bytes, at, size)
    const keys = this.keys
    for (let k = 0; k < keys.length; k++) {
      const key = keys[k] as Uint8Array
      if (key.length !== size) continue
      let i = 0
      while (i < size && key[i] === bytes[at + i]) i++
      if (i === size) return this.values[k] as string
    }
    const text = this.decode(bytes, at, size)
    const slot = keys.length < this.slots ? keys.length : this.next
    keys[slot] = bytes.slice(at, at + size)
    this.values[slot] = text
    this.next = (slot + 1) % this.slots
    return text
  }
}
