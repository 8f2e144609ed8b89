/**
 * Byte sources for streaming: anything that yields bytes becomes a pull-based block reader.
 *
 * `read(target)` fills `target` completely unless the source ends first, and returns the number of
 * bytes written. Pieces from the source are copied into the caller's buffer, so the source may
 * reuse its own buffers. A stream or iterable that fails after some bytes of a read returns those
 * bytes, as if it ended there, and the next read throws the failure (a zero-length read asks).
 * `close()` releases the source (cancels a web stream, destroys a Node stream, closes a file); it
 * is safe to call more than once.
 *
 * A file path is read through `node:fs`, imported only when a path is given, so this module
 * stays usable in browsers with Blobs and web streams.
 */
import { EvtxError, EvtxErrorCode } from '../errors.js'

/** Anything rdp-triage can stream an EVTX file from. */
export type ByteSource =
  | string
  | URL
  | Uint8Array
  | Blob
  | ReadableStream<Uint8Array>
  | AsyncIterable<Uint8Array>
  | Iterable<Uint8Array>

export interface BlockReader {
  /**
   * Fills `target` from its start and returns the bytes written: at least `min` (default: the
   * whole target) unless the source ends first; more only if they are already at hand, so a slow
   * stream is never waited on for more than `min`.
   */
  read(target: Uint8Array, min?: number): Promise<number>
  close(): Promise<void>
}

/**
 * Opens a byte source for block reads. A file opened to have its checksums validated installs
 * Node's native CRC-32 (src/node/native-crc32.ts); other reads do not load zlib.
 */
export async function openByteSource(source: ByteSource, validateChecksums = false): Promise<BlockReader> {
  if (typeof source === 'string' || source instanceof URL) return openFile(source, validateChecksums)
  if (source instanceof Uint8Array) return fromIterator(iterOnce(source), undefined)
  if (typeof Blob !== 'undefined' && source instanceof Blob) return fromWebStream(source.stream() as ReadableStream<Uint8Array>)
  if (typeof ReadableStream !== 'undefined' && source instanceof ReadableStream) return fromWebStream(source)
  if (source !== null && typeof source === 'object') {
    if (Symbol.asyncIterator in source) {
      const it = (source as AsyncIterable<Uint8Array>)[Symbol.asyncIterator]()
      return fromIterator(it, () => it.return?.())
    }
    if (Symbol.iterator in source) {
      const it = (source as Iterable<Uint8Array>)[Symbol.iterator]()
      return fromIterator(toAsync(it), () => it.return?.())
    }
  }
  throw new TypeError('readEvtx expects a file path, URL, Uint8Array, Blob, ReadableStream or (async) iterable of Uint8Array')
}

async function* iterOnce(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  yield bytes
}

async function* toAsync(it: Iterator<Uint8Array>): AsyncGenerator<Uint8Array> {
  for (;;) {
    const r = it.next()
    if (r.done) return
    yield r.value
  }
}

function sourceError(error: unknown): EvtxError {
  if (error instanceof EvtxError) return error
  const message = error instanceof Error ? error.message : String(error)
  return new EvtxError(EvtxErrorCode.SourceError, `reading the input failed: ${message}`, {}, { cause: error })
}

function fromIterator(it: AsyncIterator<Uint8Array>, onClose: (() => unknown) | undefined): BlockReader {
  let piece: Uint8Array | undefined
  let pieceAt = 0
  let ended = false
  let closed = false
  // A failure after some bytes of a read: those bytes are returned (as at the end of the source)
  // and the failure is thrown by the next read, so a reader first reads what came before it.
  let failure: EvtxError | undefined
  return {
    async read(target, min = target.length) {
      if (failure !== undefined) throw failure
      let filled = 0
      while (filled < target.length && !ended) {
        if (piece === undefined || pieceAt >= piece.length) {
          if (filled >= min) break
          let r: IteratorResult<Uint8Array>
          try {
            r = await it.next()
          } catch (error) {
            if (filled === 0) throw sourceError(error)
            failure = sourceError(error)
            ended = true
            break
          }
          if (r.done) {
            ended = true
            break
          }
          if (!(r.value instanceof Uint8Array)) throw new TypeError('the byte source yielded something that is not a Uint8Array')
          piece = r.value
          pieceAt = 0
          continue
        }
        const n = Math.min(piece.length - pieceAt, target.length - filled)
        target.set(piece.subarray(pieceAt, pieceAt + n), filled)
        pieceAt += n
        filled += n
      }
      return filled
    },
    async close() {
      if (closed) return
      closed = true
      if (!ended) await onClose?.()
    },
  }
}

function fromWebStream(stream: ReadableStream<Uint8Array>): BlockReader {
  const reader = stream.getReader()
  const it: AsyncIterator<Uint8Array> = {
    async next() {
      const r = await reader.read()
      return r.done ? { done: true, value: undefined } : { done: false, value: r.value }
    },
  }
  const inner = fromIterator(it, async () => {
    await reader.cancel().catch(() => undefined)
  })
  return {
    read: (target, min) => inner.read(target, min),
    async close() {
      await inner.close()
      reader.releaseLock()
    },
  }
}

async function openFile(path: string | URL, validateChecksums: boolean): Promise<BlockReader> {
  const fs = await import('node:fs/promises')
  // Checksums of a file are validated with zlib's CRC-32 where Node has it (loaded only then).
  if (validateChecksums) (await import('../node/native-crc32.js')).installNativeCrc32()
  let handle: Awaited<ReturnType<typeof fs.open>>
  try {
    handle = await fs.open(path, 'r')
  } catch (error) {
    throw sourceError(error)
  }
  // A pipe or a device (`<(zcat System.evtx.gz)`, /dev/stdin) cannot be read at a position
  // (ESPIPE): it is read from where it stands, which is where the next read starts anyway.
  const seekable = await handle.stat().then(
    (s) => s.isFile(),
    () => true,
  )
  let position = 0
  let closed = false
  return {
    async read(target) {
      let filled = 0
      // A read started ahead may still be running when the reader is closed: it stops there.
      while (filled < target.length && !closed) {
        let n: number
        try {
          n = (await handle.read(target, filled, target.length - filled, seekable ? position : null)).bytesRead
        } catch (error) {
          throw sourceError(error)
        }
        if (n === 0) break
        filled += n
        position += n
      }
      return filled
    },
    async close() {
      if (closed) return
      closed = true
      await handle.close()
    },
  }
}
