import { EventEmitter } from 'node:events'
import { describe, expect, it } from 'vitest'
import { CliError, type OutputStream, withInputFile, writeOut } from '../../src/cli/io.js'
import { EvtxError, EvtxErrorCode } from '../../src/errors.js'

/** A stream whose buffer is full until `drain()` is called, as a pipe nobody reads yet. */
function fullPipe() {
  const events = new EventEmitter()
  const written: string[] = []
  let full = true
  const stream: OutputStream = {
    write: (chunk) => {
      written.push(String(chunk))
      return !full
    },
    once: (event, listener) => events.once(event, listener),
  }
  const drain = () => {
    full = false
    events.emit('drain')
  }
  return { stream, written, drain, listeners: () => events.listenerCount('drain') }
}

describe('writeOut', () => {
  it('waits for the drain a full stream asks for, with one listener however many writers wait', async () => {
    const pipe = fullPipe()
    let done = 0
    const writes = Array.from({ length: 50 }, (_, i) => writeOut(pipe.stream, `line ${i}\n`).then(() => done++))
    await Promise.resolve()
    expect(pipe.written).toHaveLength(50)
    expect(pipe.listeners()).toBe(1)
    expect(done).toBe(0)
    pipe.drain()
    await Promise.all(writes)
    expect(done).toBe(50)
    expect(pipe.listeners()).toBe(0)
    // The next time the buffer fills, a new wait.
    await writeOut(pipe.stream, 'more\n')
    expect(pipe.written.at(-1)).toBe('more\n')
  })

  it('does not wait when the stream takes the text', async () => {
    const pipe = fullPipe()
    pipe.drain()
    await writeOut(pipe.stream, 'x')
    expect(pipe.listeners()).toBe(0)
  })
})

describe('withInputFile', () => {
  it("names the file in the parser's errors and passes other errors on", async () => {
    const parserError = Object.assign(new Error('not an EVTX file'), { name: 'EvtxError' })
    await expect(withInputFile('a.evtx', () => Promise.reject(parserError))).rejects.toThrow(new CliError('a.evtx: not an EVTX file'))
    const located = new EvtxError(EvtxErrorCode.RecordBadMagic, 'record 7: bad magic', { fileOffset: 0x1200, chunkIndex: 0, recordId: 7 })
    await expect(withInputFile('a.evtx', () => Promise.reject(located))).rejects.toThrow(new CliError('a.evtx: record 7: bad magic [file offset 0x1200, chunk 0, record 7]'))
    await expect(withInputFile('a.evtx', () => Promise.reject(new TypeError('bug')))).rejects.toThrow(TypeError)
  })
})
