import { describe, expect, it } from 'vitest'
import { ByteOutput } from '../../src/cli/byte-output.js'
import type { OutputStream } from '../../src/cli/io.js'

/** A stream that holds each write's callback until `release()`, keeping copies of what it got. */
function slowStream() {
  const got: string[] = []
  const views: Uint8Array[] = []
  const pending: Array<() => void> = []
  const stream: OutputStream = {
    write: (chunk, done) => {
      const bytes = chunk as Uint8Array
      views.push(bytes)
      got.push(new TextDecoder().decode(bytes))
      pending.push(() => done?.())
      return true
    },
  }
  return { stream, got, views, release: () => pending.splice(0).forEach((f) => f()) }
}

describe('ByteOutput', () => {
  it('fills a buffer again only after the stream wrote it, and delivers every byte in order', async () => {
    const s = slowStream()
    const out = new ByteOutput(s.stream, 4)
    out.sink.ascii('first')
    await out.flush()
    out.sink.ascii('second')
    let second = false
    const flushing = out.flush().then(() => (second = true))
    await Promise.resolve()
    // The first write has not called back: the second flush waits, and 'first' is intact.
    expect(second).toBe(false)
    expect(new TextDecoder().decode(s.views[0])).toBe('first')
    s.release()
    await flushing
    out.sink.ascii('third')
    const ending = out.end()
    await Promise.resolve()
    s.release()
    await new Promise((r) => setTimeout(r, 0))
    s.release()
    await ending
    expect(s.got).toEqual(['first', 'second', 'third'])
  })
})
