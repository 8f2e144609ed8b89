/**
 * Rendered bytes to an output stream, from two buffers in turn: one is written out while the
 * other fills, and a buffer is filled again only once the stream's write callback has run, so
 * neither is allocated again (a fresh buffer per write cost about 6 % of a dump in zeroing and
 * page faults, and left its bytes to the garbage collector). `dump` and `query` write XML and
 * JSON lines through it.
 */
import { ByteSink } from '../render/byte-sink.js'
import { type OutputStream, writeAndRelease } from './io.js'

export class ByteOutput {
  /** Render into this; call {@link flush} once it holds `flushAt` bytes or more. */
  readonly sink: ByteSink
  readonly flushAt: number
  private readonly stream: OutputStream
  private spare: Uint8Array
  private writing: Promise<void> = Promise.resolve()

  constructor(stream: OutputStream, flushAt = 1 << 16) {
    this.stream = stream
    this.flushAt = flushAt
    this.sink = new ByteSink(flushAt * 2)
    this.spare = new Uint8Array(flushAt * 2)
  }

  /** Hands the bytes written so far to the stream (waiting for the write before last). */
  async flush(): Promise<void> {
    // The spare buffer is the one written last time: reuse it once that write is done.
    await this.writing
    const bytes = this.sink.swap(this.spare)
    this.writing = writeAndRelease(this.stream, bytes)
    // Observed here too: if rendering fails while this write is pending, a failed write must not
    // surface later as an unhandled rejection (the next flush or `end` still awaits and reports it).
    this.writing.catch(() => undefined)
    this.spare = new Uint8Array(bytes.buffer)
  }

  /** Writes what is left and waits until the stream has taken everything. */
  async end(): Promise<void> {
    if (this.sink.pos > 0) await this.flush()
    await this.writing
  }
}
