/**
 * A one-line progress bar on stderr, drawn only when stderr is a terminal and the input is large
 * enough to be worth it, redrawn at most every 100 ms and erased when done.
 */
import type { OutputStream } from './io.js'
import { visibleText } from '../report/visible.js'

/** Inputs smaller than this finish too fast to need a bar. */
export const PROGRESS_MIN_BYTES = 32 * 1024 * 1024

export class ProgressBar {
  private readonly stream: OutputStream
  private readonly enabled: boolean
  private last = 0
  private drawn = false

  constructor(stream: OutputStream, totalBytes: number) {
    this.stream = stream
    this.enabled = stream.isTTY === true && totalBytes >= PROGRESS_MIN_BYTES
  }

  update(done: number, total: number, label: string): void {
    if (!this.enabled || total <= 0) return
    const now = Date.now()
    if (now - this.last < 100 && done < total) return
    this.last = now
    const ratio = Math.min(1, done / total)
    const width = 30
    const filled = Math.round(ratio * width)
    const name = label.length > 40 ? `...${label.slice(-37)}` : label
    this.stream.write(`\r[${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${String(Math.round(ratio * 100)).padStart(3)}% ${visibleText(name)}\u001b[K`)
    this.drawn = true
  }

  clear(): void {
    if (this.drawn) this.stream.write('\r\u001b[K')
    this.drawn = false
  }
}
