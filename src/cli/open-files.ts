/**
 * The files a query's second pass reads again, open at most {@link OPEN_FILES_LIMIT} at a time.
 * A query over a whole logs folder merges hundreds of logs (a Windows logs folder holds 300–450),
 * and each log read again kept its file open until the query ended: one descriptor a log, which
 * a low limit (`ulimit -n 200` with 424 logs) turned into `EMFILE` halfway through the output.
 * Here a file is opened when a read needs it and stays open for the next read; past the limit the
 * file used longest ago and not being read is closed first, and a read waits when every open file
 * is being read. A file opened again is the one the first pass read (the reader checks each
 * record's place).
 */
import { type FileHandle, open } from 'node:fs/promises'
import { CliError } from './io.js'
import type { LogFile } from './query-logs.js'

/** Most files open at once: far below every system's limit, far above what one log's reads use. */
export const OPEN_FILES_LIMIT = 64

interface Entry {
  readonly opened: Promise<FileHandle>
  /** Reads using it now. */
  busy: number
}

export class OpenFiles {
  readonly limit: number
  /** Open files by path, the one used longest ago first. */
  private readonly entries = new Map<string, Entry>()
  /** Reads waiting for a file to be closed. */
  private waiting: Array<() => void> = []
  /** Files taken out of `entries` whose close has not finished: they still count. */
  private closing = 0
  private opens = 0
  private most = 0
  private closed = false

  constructor(limit = OPEN_FILES_LIMIT) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`the open-files limit must be a whole number of at least 1, not ${limit}`)
    this.limit = limit
  }

  /** Times a file was opened (again, after being closed for another). */
  get openCount(): number {
    return this.opens
  }

  /** Most files open at the same time so far (closing ones included). */
  get peak(): number {
    return this.most
  }

  /**
   * Runs `read` with `log`'s file open; the handle is the pool's (`read` must not close it, nor
   * keep it past its promise). An error opening the file is a CliError naming the log.
   */
  async use<T>(log: LogFile, read: (handle: FileHandle) => Promise<T>): Promise<T> {
    const entry = await this.acquire(log)
    let handle: FileHandle
    try {
      handle = await entry.opened
    } catch (e) {
      // Not kept: the next read of the log tries again (and reports it again).
      if (this.entries.get(log.path) === entry) this.entries.delete(log.path)
      this.release(entry)
      throw e
    }
    try {
      return await read(handle)
    } finally {
      this.release(entry)
    }
  }

  /**
   * Closes every file it holds; reads still waiting for a file fail, and so does any read after.
   * A read under way when it is called (a batch read ahead that nothing will print) fails too.
   */
  async close(): Promise<void> {
    this.closed = true
    const entries = [...this.entries.values()]
    this.entries.clear()
    this.wake()
    await Promise.all(entries.map((e) => e.opened.then((h) => h.close(), () => undefined)))
  }

  private async acquire(log: LogFile): Promise<Entry> {
    for (;;) {
      if (this.closed) throw new CliError(`${log.display}: cannot read it again: the query has ended`)
      const known = this.entries.get(log.path)
      if (known !== undefined) {
        // Used now: it moves to the end of the order.
        this.entries.delete(log.path)
        this.entries.set(log.path, known)
        known.busy++
        return known
      }
      if (this.entries.size + this.closing < this.limit) break
      const idle = this.oldestIdle()
      if (idle !== undefined) {
        const [path, entry] = idle
        this.entries.delete(path)
        this.closing++
        try {
          await entry.opened.then((h) => h.close(), () => undefined)
        } finally {
          this.closing--
          this.wake()
        }
        continue
      }
      // Every file is being read or being closed: wait for a read to end or a close to finish.
      await new Promise<void>((resolve) => this.waiting.push(resolve))
    }
    const opened = open(log.path, 'r').catch((e: unknown) => {
      throw new CliError(`${log.display}: cannot read it again: ${(e as Error).message}`)
    })
    opened.catch(() => undefined)
    const entry: Entry = { opened, busy: 1 }
    this.entries.set(log.path, entry)
    this.opens++
    this.most = Math.max(this.most, this.entries.size + this.closing)
    return entry
  }

  /** One read less on `entry`; once none is left, the reads waiting for a file try again. */
  private release(entry: Entry): void {
    entry.busy--
    if (entry.busy === 0) this.wake()
  }

  /** The reads waiting for a file try again. */
  private wake(): void {
    const waiting = this.waiting
    this.waiting = []
    for (const resume of waiting) resume()
  }

  private oldestIdle(): [string, Entry] | undefined {
    for (const pair of this.entries) if (pair[1].busy === 0) return pair
    return undefined
  }
}
