/**
 * Batches many small writes into fewer large ones (a dump writes one line per record).
 */
import { type OutputStream, writeOut } from './io.js'

export class OutputBuffer {
  private parts: string[] = []
  private size = 0
  private readonly stream: OutputStream
  private readonly limit: number

  constructor(stream: OutputStream, limit = 1 << 16) {
    this.stream = stream
    this.limit = limit
  }

  /** Buffers `text`; returns a promise only when the buffer was flushed (callers may skip the await otherwise). */
  write(text: string): Promise<void> | undefined {
    this.parts.push(text)
    this.size += text.length
    return this.size >= this.limit ? this.flush() : undefined
  }

  async flush(): Promise<void> {
    if (this.parts.length === 0) return
    const text = this.parts.join('')
    this.parts = []
    this.size = 0
    await writeOut(this.stream, text)
  }
}
