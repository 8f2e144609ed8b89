import { describe, expect, it } from 'vitest'
import { PROGRESS_MIN_BYTES, ProgressBar } from '../../src/cli/progress.js'

function stream(isTTY: boolean) {
  const writes: string[] = []
  return { writes, s: { write: (t: string) => (writes.push(t), true), isTTY } }
}

describe('ProgressBar', () => {
  it('draws on a terminal for a large input, and erases itself', () => {
    const { writes, s } = stream(true)
    const bar = new ProgressBar(s, PROGRESS_MIN_BYTES)
    bar.update(PROGRESS_MIN_BYTES / 2, PROGRESS_MIN_BYTES, 'System.evtx')
    expect(writes[0]).toMatch(/^\r\[#{15} {15}\] {2}50% System\.evtx/)
    bar.clear()
    expect(writes.at(-1)).toBe('\r\u001b[K')
  })
  it('stays silent off a terminal or for a small input', () => {
    for (const [tty, total] of [[false, PROGRESS_MIN_BYTES], [true, PROGRESS_MIN_BYTES - 1]] as const) {
      const { writes, s } = stream(tty)
      const bar = new ProgressBar(s, total)
      bar.update(total, total, 'x')
      bar.clear()
      expect(writes).toEqual([])
    }
  })
})
