import { EventEmitter } from 'node:events'
import { describe, expect, it } from 'vitest'
import { writeOut } from '../../src/cli/io.js'
import { guardOutput } from '../../src/cli/process-output.js'

/** A stream whose buffer is full from the start (every write asks to wait for 'drain') and fails as a closed pipe does. */
class FailingStream extends EventEmitter {
  readonly written: string[] = []
  readonly isTTY = false
  write(chunk: string | Uint8Array, done: (error?: Error | null) => void): boolean {
    this.written.push(String(chunk))
    const error = Object.assign(new Error('write EPIPE'), { code: 'EPIPE' })
    // As Node.js does: the write's callback first, then the 'error' event.
    setImmediate(() => {
      done(error)
      this.emit('error', error)
    })
    return false
  }
}

describe('guardOutput', () => {
  it('hands the first failure to onError once, releases writers waiting for drain, then drops writes', async () => {
    const stream = new FailingStream()
    const errors: string[] = []
    const out = guardOutput(stream, (e) => errors.push(String(e.code)))
    // Waited on 'drain', which a failed stream never emits: released, not left pending forever.
    await writeOut(out, 'first\n')
    expect(errors).toEqual(['EPIPE'])
    expect(out.write('second\n')).toBe(true)
    await new Promise<void>((resolve) => out.write('third\n', (e) => (expect(e).toBeFalsy(), resolve())))
    await writeOut(out, 'fourth\n')
    expect(stream.written).toEqual(['first\n'])
    expect(errors).toEqual(['EPIPE'])
    expect(stream.listenerCount('drain')).toBe(0)
    expect(out.isTTY).toBe(false)
  })

  it('passes writes, their callbacks and drains through while the stream works', async () => {
    const stream = new EventEmitter() as EventEmitter & { write: (c: string, d: () => void) => boolean; written: string[] }
    stream.written = []
    stream.write = (chunk, done) => (stream.written.push(chunk), setImmediate(done), stream.written.length < 2)
    const out = guardOutput(stream, () => expect.fail('no error'))
    await writeOut(out, 'a')
    await new Promise<void>((resolve) => out.write('b', () => resolve()))
    const drained = writeOut(out, 'c')
    stream.emit('drain')
    await drained
    expect(stream.written).toEqual(['a', 'b', 'c'])
  })
})
