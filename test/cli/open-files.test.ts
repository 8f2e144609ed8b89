import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import type { FileHandle } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CliError } from '../../src/cli/io.js'
import { OPEN_FILES_LIMIT, OpenFiles } from '../../src/cli/open-files.js'
import type { LogFile } from '../../src/cli/query-logs.js'

let dir = ''
const logs: LogFile[] = []

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'rdp-triage-open-files-'))
  for (let i = 0; i < 6; i++) {
    const path = join(dir, `log-${i}.evtx`)
    writeFileSync(path, `contents of log ${i}`)
    logs.push({ path, display: `log-${i}.evtx`, channel: 'System' })
  }
})

afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** The file's text, read through `handle`. */
async function text(handle: FileHandle): Promise<string> {
  const bytes = new Uint8Array(64)
  const { bytesRead } = await handle.read(bytes, 0, bytes.length, 0)
  return new TextDecoder().decode(bytes.subarray(0, bytesRead))
}

const log = (i: number): LogFile => logs[i] as LogFile

describe('OpenFiles', () => {
  it('keeps a file open for the next read of it', async () => {
    const files = new OpenFiles(2)
    expect(await files.use(log(0), text)).toBe('contents of log 0')
    expect(await files.use(log(0), text)).toBe('contents of log 0')
    expect(files.openCount).toBe(1)
    await files.close()
  })

  it('closes the file used longest ago past its limit, and reads every file right', async () => {
    const files = new OpenFiles(2)
    for (const i of [0, 1, 0, 2, 0, 1]) expect(await files.use(log(i), text)).toBe(`contents of log ${i}`)
    // 0 and 1 open; 2 closes 1 (0 was used since); 0 stays; 1 opens again, closing 2.
    expect(files.openCount).toBe(4)
    expect(files.peak).toBe(2)
    await files.close()
  })

  it('never has more files open than its limit, however many reads run at once', async () => {
    const files = new OpenFiles(2)
    // Reads under way per file.
    const reading = new Map<number, number>()
    let most = 0
    const slowly = async (i: number) =>
      files.use(log(i), async (handle) => {
        reading.set(i, (reading.get(i) ?? 0) + 1)
        most = Math.max(most, reading.size)
        await new Promise((resolve) => setTimeout(resolve, 5))
        const got = await text(handle)
        const left = (reading.get(i) as number) - 1
        if (left === 0) reading.delete(i)
        else reading.set(i, left)
        return got
      })
    const got = await Promise.all([0, 1, 2, 3, 4, 5, 0, 3].map(slowly))
    expect(got).toEqual([0, 1, 2, 3, 4, 5, 0, 3].map((i) => `contents of log ${i}`))
    expect(files.peak).toBe(2)
    // Two files read at a time; the waiting reads went on as each finished.
    expect(most).toBe(2)
    await files.close()
  })

  it('lets reads of the same file share it while another waits', async () => {
    const files = new OpenFiles(1)
    const order: string[] = []
    const read = (i: number, tag: string) =>
      files.use(log(i), async (handle) => {
        order.push(`${tag} start`)
        await new Promise((resolve) => setTimeout(resolve, 5))
        order.push(`${tag} end`)
        return text(handle)
      })
    await Promise.all([read(0, 'a'), read(0, 'b'), read(1, 'c')])
    expect(order.slice(0, 2)).toEqual(['a start', 'b start'])
    expect(order.indexOf('c start')).toBeGreaterThan(order.indexOf('b end'))
    expect(files.openCount).toBe(2)
    await files.close()
  })

  it("reports a file it cannot open by the log's name, and tries again at the next read", async () => {
    const files = new OpenFiles(1)
    const missing: LogFile = { path: join(dir, 'gone.evtx'), display: 'gone.evtx', channel: 'System' }
    const failed = files.use(missing, text)
    await expect(failed).rejects.toBeInstanceOf(CliError)
    await expect(files.use(missing, text)).rejects.toThrow(/^gone\.evtx: cannot read it again: ENOENT/)
    // The failures hold no place: another file opens under a limit of one.
    expect(await files.use(log(3), text)).toBe('contents of log 3')
    writeFileSync(missing.path, 'back again')
    expect(await files.use(missing, text)).toBe('back again')
    await files.close()
  })

  it('keeps no failed open: the next read of the log opens it again, nothing else read between', async () => {
    const files = new OpenFiles(2)
    const late: LogFile = { path: join(dir, 'late.evtx'), display: 'late.evtx', channel: 'System' }
    await expect(files.use(late, text)).rejects.toThrow(/^late\.evtx: cannot read it again: ENOENT/)
    writeFileSync(late.path, 'there now')
    expect(await files.use(late, text)).toBe('there now')
    expect(files.openCount).toBe(2)
    await files.close()
  })

  it('closes every file it holds, and then opens none: a read waiting or asked for after fails', async () => {
    const files = new OpenFiles(1)
    const handles: FileHandle[] = []
    for (const i of [0, 1, 2]) await files.use(log(i), async (h) => void handles.push(h))
    let release = () => {}
    const reading = files.use(log(3), (h) => new Promise<string>((resolve) => (release = () => void resolve(text(h)))))
    await new Promise((resolve) => setTimeout(resolve, 5))
    // Waits for log 3's file, the only place.
    const waiting = files.use(log(4), text)
    waiting.catch(() => undefined)
    await files.close()
    await expect(waiting).rejects.toThrow(/^log-4\.evtx: cannot read it again: the query has ended$/)
    await expect(files.use(log(0), text)).rejects.toThrow(/the query has ended/)
    release()
    await expect(reading).rejects.toThrow()
    for (const h of handles) expect(h.fd).toBe(-1)
  })

  it('takes only a whole limit of at least one', () => {
    expect(new OpenFiles().limit).toBe(OPEN_FILES_LIMIT)
    for (const bad of [0, -1, 1.5, Number.NaN]) expect(() => new OpenFiles(bad)).toThrow(RangeError)
  })
})
