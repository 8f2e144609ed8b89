import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { deflateRawSync } from 'node:zlib'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { discoverInputs } from '../../src/inputs/discover.js'
import { FIFO_SKIP_MESSAGE, fifosAvailable, makeFifo } from '../helpers/fifo.js'
import { FD_SKIP_REASON, openFds } from '../helpers/open-fds.js'
import { MAX_ZIP_ENTRIES } from '../../src/archive/zip-directory.js'
import { buildZip } from '../helpers/zip-writer.js'

// Root lists any folder, so for root a folder locked with `chmod 000` is refused here as the
// system refuses it to anyone else (EACCES); for any other user this changes nothing.
vi.mock('node:fs/promises', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs/promises')>()
  const readdir = async (dir: string, options: object) => {
    if (process.getuid?.() === 0 && ((await fs.stat(dir)).mode & 0o777) === 0) {
      throw Object.assign(new Error(`EACCES: permission denied, scandir '${dir}'`), { code: 'EACCES' })
    }
    return fs.readdir(dir, options)
  }
  return { ...fs, readdir, default: { ...fs, readdir } }
})

const root = mkdtempSync(join(tmpdir(), 'rdp-triage-discover-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

function touch(...parts: string[]): string {
  const p = join(root, ...parts)
  mkdirSync(join(p, '..'), { recursive: true })
  writeFileSync(p, 'x')
  return p
}

describe('discoverInputs', () => {
  it('finds .evtx files in a folder and below it, sorted, in any case of the extension', async () => {
    touch('case', 'b', 'System.evtx')
    touch('case', 'a.EVTX')
    touch('case', 'notes.txt')
    const { files, problems } = await discoverInputs([join(root, 'case')])
    expect(files.map((f) => f.display)).toEqual([join(root, 'case', 'a.EVTX'), join(root, 'case', 'b', 'System.evtx')])
    expect(files.every((f) => f.origin === 'folder' && f.size === 1)).toBe(true)
    expect(problems).toEqual([])
  })
  it('reads only Windows/System32/winevt/Logs of a volume root, matched case-insensitively', async () => {
    touch('vol', 'WINDOWS', 'system32', 'WinEvt', 'Logs', 'System.evtx')
    touch('vol', 'Users', 'someone', 'Desktop', 'old-export.evtx')
    const { files } = await discoverInputs([join(root, 'vol')])
    expect(files.map((f) => [f.display, f.origin])).toEqual([[join(root, 'vol', 'WINDOWS', 'system32', 'WinEvt', 'Logs', 'System.evtx'), 'volume']])
  })
  it('lists each real file once, even when named twice or through a link', async () => {
    const f = touch('dup', 'System.evtx')
    symlinkSync(f, join(root, 'dup', 'link.evtx'))
    const { files } = await discoverInputs([f, join(root, 'dup')])
    expect(files.map((x) => x.display)).toEqual([f])
    expect(files[0]?.origin).toBe('file')
  })
  it('reports missing paths and folders without logs, and keeps going', async () => {
    mkdirSync(join(root, 'empty'), { recursive: true })
    const f = touch('one', 'System.evtx')
    const { files, problems } = await discoverInputs([join(root, 'nope'), join(root, 'empty'), f])
    expect(files.map((x) => x.display)).toEqual([f])
    expect(problems).toEqual([
      { input: join(root, 'nope'), message: 'no such file or folder' },
      { input: join(root, 'empty'), message: 'no .evtx files in this folder or below it' },
    ])
  })
  it('names the packed logs a folder without .evtx files holds (archives, compressed logs, exports, disk images)', async () => {
    touch('packed', 'System.evtx.gz')
    touch('packed', 'sub', 'logs.cab')
    touch('packed', 'notes.txt')
    const one = await discoverInputs([join(root, 'packed')])
    expect(one.problems).toEqual([
      { input: join(root, 'packed'), message: 'no .evtx files in this folder or below it; it holds System.evtx.gz and logs.cab, which are not read as they are: extract or decompress the .evtx files they hold, or copy the logs themselves' },
    ])
    for (const name of ['a.7z', 'b.xml', 'c.vhdx']) touch('packed', name)
    const many = await discoverInputs([join(root, 'packed')])
    expect(many.problems[0]?.message).toMatch(/; it holds System\.evtx\.gz, a\.7z, b\.xml and 2 more, which are not read/)
    // A folder with logs says nothing of its packed files.
    touch('packed', 'System.evtx')
    expect((await discoverInputs([join(root, 'packed')])).problems).toEqual([])
  })
  it('walks 32 folders down and no further', async () => {
    const deep = Array.from({ length: 33 }, (_, i) => `d${i}`)
    const kept = touch('deep', ...deep.slice(0, 32), 'System.evtx')
    touch('deep', ...deep, 'Application.evtx')
    expect((await discoverInputs([join(root, 'deep')])).files.map((f) => f.display)).toEqual([kept])
  })
  it('lists a link to a log in a folder, by the link', async () => {
    const target = touch('linked-target', 'System.evtx')
    mkdirSync(join(root, 'linked'), { recursive: true })
    symlinkSync(target, join(root, 'linked', 'Copy.evtx'))
    expect((await discoverInputs([join(root, 'linked')])).files.map((f) => [f.display, f.origin])).toEqual([[join(root, 'linked', 'Copy.evtx'), 'folder']])
  })
  it("reads a volume's Logs folder through a link, but not the folders below it", async () => {
    const logs = touch('vol-link-target', 'System.evtx')
    touch('vol-link-target', 'old', 'Application.evtx')
    mkdirSync(join(root, 'vol-link', 'Windows', 'System32', 'winevt'), { recursive: true })
    symlinkSync(join(logs, '..'), join(root, 'vol-link', 'Windows', 'System32', 'winevt', 'Logs'))
    const { files } = await discoverInputs([join(root, 'vol-link')])
    expect(files.map((f) => [f.display, f.origin])).toEqual([[join(root, 'vol-link', 'Windows', 'System32', 'winevt', 'Logs', 'System.evtx'), 'volume']])
  })
  it('names the Logs folder of a volume that holds no log', async () => {
    mkdirSync(join(root, 'vol-empty', 'Windows', 'System32', 'winevt', 'Logs'), { recursive: true })
    touch('vol-empty', 'Users', 'x.evtx')
    const logs = join(root, 'vol-empty', 'Windows', 'System32', 'winevt', 'Logs')
    expect((await discoverInputs([join(root, 'vol-empty')])).problems).toEqual([{ input: join(root, 'vol-empty'), message: `no .evtx files in ${logs}` }])
  })
  it('names one, three or four packed files in full, and only three by name', async () => {
    const message = async (names: string[]) => {
      const dir = join(root, `packed-${names.length}`)
      for (const name of names) touch(`packed-${names.length}`, name)
      return (await discoverInputs([dir])).problems[0]?.message.replace(/, which are not read.*/, '')
    }
    expect(await message(['a.gz'])).toBe('no .evtx files in this folder or below it; it holds a.gz')
    expect(await message(['a.gz', 'b.gz', 'c.gz'])).toBe('no .evtx files in this folder or below it; it holds a.gz, b.gz and c.gz')
    expect(await message(['a.gz', 'b.gz', 'c.gz', 'd.gz'])).toBe('no .evtx files in this folder or below it; it holds a.gz, b.gz, c.gz and 1 more')
  })
  it.skipIf(!fifosAvailable)(`takes a pipe named directly as a log without opening it to look for a ZIP signature (${FIFO_SKIP_MESSAGE})`, async () => {
    mkdirSync(join(root, 'pipe'), { recursive: true })
    const pipe = join(root, 'pipe', 'System.evtx')
    makeFifo(pipe)
    expect((await discoverInputs([pipe])).files.map((f) => [f.display, f.origin])).toEqual([[pipe, 'file']])
  })
  it.skipIf(!fifosAvailable)(`passes over links to pipes, devices and folders named as logs, as it passes over a pipe (${FIFO_SKIP_MESSAGE})`, async () => {
    const dir = join(root, 'odd-links')
    mkdirSync(join(dir, 'folder'), { recursive: true })
    makeFifo(join(dir, 'fifo'))
    symlinkSync(join(dir, 'fifo'), join(dir, 'pipe.evtx'))
    symlinkSync('/dev/zero', join(dir, 'zero.evtx'))
    symlinkSync('/dev/zero', join(dir, 'zero.zip'))
    symlinkSync(join(dir, 'folder'), join(dir, 'folder.evtx'))
    // A link to nothing is kept: reading it says why it fails.
    symlinkSync(join(dir, 'gone'), join(dir, 'gone.evtx'))
    const log = touch('odd-links', 'System.evtx')
    const { files, problems } = await discoverInputs([dir])
    expect(files.map((f) => f.display)).toEqual([log, join(dir, 'gone.evtx')])
    expect(problems).toEqual([])
  })
  it('reads the rest of a folder when a folder below it cannot be listed, and names that one', async () => {
    const a = touch('locked-case', 'a', 'System.evtx')
    const z = touch('locked-case', 'z', 'Application.evtx')
    touch('locked-case', 'locked', 'Security.evtx')
    const locked = join(root, 'locked-case', 'locked')
    chmodSync(locked, 0o000)
    try {
      const { files, problems } = await discoverInputs([join(root, 'locked-case')])
      expect(files.map((f) => f.display)).toEqual([a, z])
      expect(problems).toEqual([{ input: join(root, 'locked-case'), message: expect.stringMatching(new RegExp(`^cannot list ${locked.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&')}: EACCES: .*; the rest of the folder was read$`)) }])
    } finally {
      chmodSync(locked, 0o755)
    }
  })
  it('names the first ten folders below it that cannot be listed, and counts the others', async () => {
    const dir = join(root, 'locked-many')
    const locked = Array.from({ length: 12 }, (_, i) => join(dir, `l${String(i).padStart(2, '0')}`))
    for (const l of locked) mkdirSync(l, { recursive: true })
    for (const l of locked) chmodSync(l, 0o000)
    try {
      const { problems } = await discoverInputs([dir])
      expect(problems.map((p) => p.message.replace(/:.*/, ''))).toEqual([...locked.slice(0, 10).map((l) => `cannot list ${l}`), '2 more subfolders could not be listed', 'no .evtx files in this folder or below it'])
    } finally {
      for (const l of locked) chmodSync(l, 0o755)
    }
  })
  it('passes in-memory logs through, in order with paths', async () => {
    const bytes = new Uint8Array(3)
    const f = touch('mem', 'System.evtx')
    const { files } = await discoverInputs([{ name: 'Application.evtx', bytes }, f])
    expect(files.map((x) => [x.display, x.origin, x.size])).toEqual([
      ['Application.evtx', 'memory', 3],
      [f, 'file', 1],
    ])
  })
  describe('ZIP archives', () => {
    const text = (t: string) => new TextEncoder().encode(t)
    function zip(parts: string[], entries: Array<[string, string]>): string {
      const p = join(root, ...parts)
      mkdirSync(join(p, '..'), { recursive: true })
      writeFileSync(p, buildZip({ entries: entries.map(([name, data]) => ({ name, data: text(data) })) }))
      return p
    }
    it('lists the .evtx entries of an archive named directly, in the archive\'s order, with their sizes', async () => {
      const z = zip(['zip', 'CaseLogs.zip'], [
        ['CaseLogs/F/Windows/System32/winevt/Logs/System.evtx', 'abc'],
        ['CaseLogs/F/Windows/System32/config/SYSTEM', 'hive'],
        ['CaseLogs/F/Windows/System32/winevt/Logs/Application.EVTX', 'de'],
        ['CaseLogs/folder.evtx/', ''],
      ])
      const { files, problems } = await discoverInputs([z])
      expect(files.map((f) => [f.display, f.origin, f.size])).toEqual([
        [`${z}!/CaseLogs/F/Windows/System32/winevt/Logs/System.evtx`, 'archive', 3],
        [`${z}!/CaseLogs/F/Windows/System32/winevt/Logs/Application.EVTX`, 'archive', 2],
      ])
      expect(files[0]?.source).toMatchObject({ archive: z, entry: { name: 'CaseLogs/F/Windows/System32/winevt/Logs/System.evtx', size: 3 } })
      expect(problems).toEqual([])
    })
    it('knows an archive named directly by its signature, whatever its name', async () => {
      const z = zip(['zip-sig', 'logs.bin'], [['System.evtx', 'abc']])
      expect((await discoverInputs([z])).files.map((f) => f.display)).toEqual([`${z}!/System.evtx`])
      // An empty archive starts with its end record.
      const empty = zip(['zip-sig', 'empty.bin'], [])
      expect((await discoverInputs([empty])).problems).toEqual([{ input: empty, message: 'no .evtx entries in this ZIP archive' }])
    })
    it('reads the archives a folder holds, in path order with its logs, each entry once', async () => {
      const z = zip(['zip-folder', 'b.zip'], [['System.evtx', '1'], ['Application.evtx', '2']])
      const a = touch('zip-folder', 'a.evtx')
      const c = touch('zip-folder', 'c.evtx')
      const { files, problems } = await discoverInputs([join(root, 'zip-folder'), z])
      expect(files.map((f) => [f.display, f.origin])).toEqual([
        [a, 'folder'],
        [`${z}!/System.evtx`, 'archive'],
        [`${z}!/Application.evtx`, 'archive'],
        [c, 'folder'],
      ])
      expect(problems).toEqual([])
    })
    it('reads every entry of a name an archive holds more than once, the second as `#2`, and notes it on each', async () => {
      const z = zip(['zip-dup', 'CaseLogs.zip'], [['Logs/System.evtx', 'not a log'], ['Logs/Application.evtx', '1'], ['Logs/System.evtx', 'the log'], ['Logs/System.evtx', 'a third']])
      const { files, problems } = await discoverInputs([z])
      expect(files.map((f) => [f.display, f.size, (f.source as { entry: { localHeaderOffset: number } }).entry.localHeaderOffset > 0])).toEqual([
        [`${z}!/Logs/System.evtx`, 9, false],
        [`${z}!/Logs/Application.evtx`, 1, true],
        [`${z}!/Logs/System.evtx#2`, 7, true],
        [`${z}!/Logs/System.evtx#3`, 7, true],
      ])
      const note = 'one of 3 entries named Logs/System.evtx in the archive, each read (as Logs/System.evtx, Logs/System.evtx#2 … Logs/System.evtx#3); a tool that extracts the archive keeps only one of them'
      expect(files.map((f) => f.note)).toEqual([note, undefined, note, note])
      expect(problems).toEqual([])
      const two = zip(['zip-dup', 'two.zip'], [['System.evtx', '1'], ['System.evtx', '2']])
      expect((await discoverInputs([two])).files.map((f) => [f.display, f.note])).toEqual([
        [`${two}!/System.evtx`, 'one of 2 entries named System.evtx in the archive, each read (as System.evtx and System.evtx#2); a tool that extracts the archive keeps only one of them'],
        [`${two}!/System.evtx#2`, 'one of 2 entries named System.evtx in the archive, each read (as System.evtx and System.evtx#2); a tool that extracts the archive keeps only one of them'],
      ])
    })
    it('reads once the bytes many entries point at (a zip bomb), and says the others were not read', async () => {
      const p = join(root, 'zip-bomb', 'overlap.zip')
      mkdirSync(join(p, '..'), { recursive: true })
      const data = new Uint8Array(1 << 20)
      const stated = { offset: 0, size: data.length, compressedSize: deflateRawSync(data).length }
      const copies = Array.from({ length: 5 }, (_, i) => ({ name: `copy${i}/System.evtx`, data: new Uint8Array(0), stated }))
      writeFileSync(p, buildZip({ entries: [{ name: 'System.evtx', data }, ...copies] }))
      const { files, problems } = await discoverInputs([p])
      expect(files.map((f) => f.display)).toEqual([`${p}!/System.evtx`])
      expect(problems).toEqual([{ input: p, message: expect.stringMatching(/^5 entries whose bytes overlap another entry's were not read \(.*a zip bomb\): copy0\/System\.evtx, bytes 0 to \d+, overlaps System\.evtx/) }])
    })
    it('skips an archive in a folder that holds neither logs nor packed files, as the folder\'s other files', async () => {
      const a = touch('zip-stray', 'System.evtx')
      zip(['zip-stray', 'tools.zip'], [['readme.txt', 'z'], ['bin/tool.exe', 'x']])
      expect(await discoverInputs([join(root, 'zip-stray')])).toEqual({ files: [expect.objectContaining({ display: a })], problems: [] })
      // A folder whose archives hold no logs holds none.
      const only = join(root, 'zip-stray-only')
      zip(['zip-stray-only', 'a.zip'], [['readme.txt', 'z']])
      zip(['zip-stray-only', 'b.zip'], [])
      expect((await discoverInputs([only])).problems).toEqual([{ input: only, message: 'no .evtx files in this folder or below it (its 2 ZIP archives hold none)' }])
      // One holding packed logs is still named: its logs are not read.
      const packed = zip(['zip-stray-packed', 'logs.zip'], [['System.evtx.gz', 'y']])
      touch('zip-stray-packed', 'Application.evtx')
      expect((await discoverInputs([join(root, 'zip-stray-packed')])).problems).toEqual([
        { input: packed, message: expect.stringMatching(/^no \.evtx entries in this ZIP archive; it holds System\.evtx\.gz/) },
      ])
    })
    it('says when an archive holds no logs, naming the packed files in it', async () => {
      const z = zip(['zip-empty', 'logs.zip'], [['inner.zip', 'x'], ['System.evtx.gz', 'y'], ['readme.txt', 'z']])
      expect((await discoverInputs([z])).problems).toEqual([
        { input: z, message: 'no .evtx entries in this ZIP archive; it holds inner.zip and System.evtx.gz, which are not read as they are: extract or decompress the .evtx files they hold, or copy the logs themselves' },
      ])
    })
    it('gives no size for a salvaged entry whose sizes followed its data and were lost', async () => {
      const whole = buildZip({ entries: [{ name: 'System.evtx', data: text('x'.repeat(5000)), flags: 8 }] })
      // Cut inside the data: no directory, and no data descriptor to give the sizes.
      const p = join(root, 'zip-cut', 'cut.zip')
      mkdirSync(join(p, '..'), { recursive: true })
      writeFileSync(p, whole.subarray(0, 60))
      const { files } = await discoverInputs([p])
      expect(files.map((f) => [f.display, f.size])).toEqual([[`${p}!/System.evtx`, undefined]])
    })
    it('says nothing of entries left out when only damaged ones were (a stub too long to salvage past)', async () => {
      const p = join(root, 'zip-stub', 'sfx.zip')
      mkdirSync(join(p, '..'), { recursive: true })
      const prefix = new Uint8Array(70_000).fill(0x4d)
      writeFileSync(p, buildZip({ entries: [{ name: 'bad.evtx', data: text('1'), stated: { offset: 0x7fffffff } }, { name: 'System.evtx', data: text('2') }], prefix }))
      const { files, problems } = await discoverInputs([p])
      expect(files.map((f) => f.display)).toEqual([`${p}!/System.evtx`])
      expect(problems.map((x) => x.message.replace(/ \(at archive offset \d+\)$/, ''))).toEqual(["damaged ZIP archive: bad.evtx: its local header offset (2147483647) is outside the archive's data"])
    })
    it.skipIf(openFds() === undefined)(`closes each archive it lists, readable or not (${FD_SKIP_REASON})`, async () => {
      const good = zip(['zip-fds', 'a.zip'], [['System.evtx', 'abc']])
      const bad = touch('zip-fds', 'b.zip')
      const before = openFds()
      const { files, problems } = await discoverInputs([good, bad])
      expect([files.length, problems.length]).toEqual([1, 1])
      expect(openFds()).toBe(before)
    })
    it('says how many entries past the most listed were left out, even one', { timeout: 60_000 }, async () => {
      const p = join(root, 'zip-many', 'many.zip')
      mkdirSync(join(p, '..'), { recursive: true })
      const others = Array.from({ length: MAX_ZIP_ENTRIES }, (_, i) => ({ name: `${i}`, data: new Uint8Array(0), method: 0 }))
      writeFileSync(p, buildZip({ entries: [{ name: 'System.evtx', data: text('1') }, ...others] }))
      const { files, problems } = await discoverInputs([p])
      expect(files.map((f) => f.display)).toEqual([`${p}!/System.evtx`])
      expect(problems).toEqual([{ input: p, message: `1 entry past the first ${MAX_ZIP_ENTRIES} were not listed` }])
    })
    it('reports an archive that cannot be read, and a damaged one with the entries it still lists', async () => {
      const notZip = touch('zip-bad', 'logs.zip')
      const good = zip(['zip-bad', 'partly.zip'], [['a.evtx', '1'], ['b.evtx', '2']])
      const bytes = readFileSync(good)
      const second = bytes.indexOf(Buffer.from('PK\x01\x02'), bytes.indexOf(Buffer.from('PK\x01\x02')) + 1)
      bytes[second] = 0
      writeFileSync(good, bytes)
      const { files, problems } = await discoverInputs([join(root, 'zip-bad')])
      // The directory gives one entry, the local headers both.
      expect(files.map((f) => f.display)).toEqual([`${good}!/a.evtx`, `${good}!/b.evtx`])
      expect(problems).toEqual([
        { input: notZip, message: 'cannot read as a ZIP archive: too short for a ZIP archive (1 bytes)' },
        {
          input: good,
          message: `damaged ZIP archive: the central directory is damaged (no central directory entry where entry 2 should be (at archive offset ${second})): 2 entries found from their local headers`,
        },
      ])
    })
  })
})
