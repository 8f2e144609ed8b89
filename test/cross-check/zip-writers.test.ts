/**
 * Cross-check with independent ZIP implementations. Python's zipfile: archives it writes
 * (stored, deflated at several levels, ZIP64 records, after a prepended stub) are read by
 * src/archive as it lists and extracts them, and analyze finds in them what it finds in the
 * sample folder; archives our test writer builds are read back by zipfile as we read them, so
 * the unit tests' archives are real ZIP files. Info-ZIP (`zip`, `unzip`, Debian's zip and unzip):
 * its archives, with data descriptors, ZIP64 or stored, read byte for byte; cut where the
 * directory starts, we salvage the entries `zip -FF` salvages, with the same bytes. Each tool
 * that is not installed skips with one message.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openArchive } from '../../src/archive/file-access.js'
import { readZipDirectory } from '../../src/archive/zip-directory.js'
import { zipEntryBytes } from '../../src/archive/zip-entry.js'
import { listZipEntries } from '../../src/archive/zip-listing.js'
import { analyze } from '../../src/analyze.js'
import { pythonOk } from '../helpers/peer-events.js'
import { SAMPLES_DIR, sampleLogs } from '../helpers/samples.js'
import { buildZip } from '../helpers/zip-writer.js'

const PYTHON = '/usr/bin/python3'
const root = mkdtempSync(join(tmpdir(), 'rdp-triage-zip-peer-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

/** Zips `files` (archive name → path) with Python's zipfile; `mode` picks the variant. */
function pythonZip(out: string, mode: string, files: Array<[string, string]>): void {
  const script = `
import json, sys, zipfile
out, mode, files = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
if mode == 'stub':
    open(out, 'wb').write(b'MZ' + b'\\0' * 4094)
compression = zipfile.ZIP_STORED if mode == 'stored' else zipfile.ZIP_DEFLATED
level = 1 if mode == 'fast' else 9 if mode == 'best' else None
with zipfile.ZipFile(out, 'a' if mode == 'stub' else 'w', compression, compresslevel=level) as z:
    for name, path in files:
        data = open(path, 'rb').read()
        if mode == 'zip64':
            with z.open(zipfile.ZipInfo(name), 'w', force_zip64=True) as f:
                f.write(data)
        else:
            z.writestr(name, data)
`
  execFileSync(PYTHON, ['-c', script, out, mode, JSON.stringify(files)])
}

describe.skipIf(!pythonOk)('ZIP archives written by Python zipfile', () => {
  const logs = sampleLogs()
  const files: Array<[string, string]> = logs.map(([name, path]) => [`CaseLogs/${name}`, path])
  it.each(['stored', 'fast', 'best', 'zip64', 'stub'])('%s: every entry lists and streams back byte for byte', async (mode) => {
    const out = join(root, `${mode}.zip`)
    pythonZip(out, mode, files)
    const archive = await openArchive(out)
    try {
      const directory = await readZipDirectory(archive)
      expect(directory.problems).toEqual([])
      expect(directory.entries.map((e) => e.name)).toEqual(files.map(([name]) => name))
      for (const [i, entry] of directory.entries.entries()) {
        const pieces: Buffer[] = []
        for await (const piece of zipEntryBytes(archive, entry)) pieces.push(Buffer.from(piece))
        expect(Buffer.compare(Buffer.concat(pieces), readFileSync(files[i]?.[1] as string)), entry.name).toBe(0)
      }
    } finally {
      await archive.close()
    }
  })
  it('analyze finds in a zipped samples folder what it finds in the folder', async () => {
    const out = join(root, 'samples.zip')
    pythonZip(out, 'best', files)
    const [zipped, plain] = [await analyze(out), await analyze(SAMPLES_DIR)]
    expect(zipped.conclusion).toEqual(plain.conclusion)
    expect(zipped.inputs.map((i) => [i.records, i.status])).toEqual(plain.inputs.map((i) => [i.records, i.status]))
  })
  it("reads back the test writer's archives as we do", () => {
    const entries = [
      { name: 'System.evtx', data: new Uint8Array(readFileSync(files[0]?.[1] as string)) },
      { name: 'Événements/é.evtx', data: new TextEncoder().encode('abc'), method: 0 },
      { name: 'described.evtx', data: new TextEncoder().encode('x'.repeat(5000)), flags: 8 },
    ]
    for (const spec of [{ entries }, { entries, zip64: true }, { entries, comment: 'c', prefix: new Uint8Array(100) }]) {
      const path = join(root, 'ours.zip')
      writeFileSync(path, buildZip(spec))
      const listed = execFileSync(PYTHON, ['-c', 'import sys, zipfile, zlib, json; z = zipfile.ZipFile(sys.argv[1]); z.testzip(); print(json.dumps([[i.filename, i.file_size, zlib.crc32(z.read(i))] for i in z.infolist()]))', path]).toString('utf8')
      expect(JSON.parse(listed)).toEqual(entries.map((e) => [e.name, e.data.length, crc32Of(e.data)]))
    }
  })
})
if (!pythonOk) it.skip('ZIP cross-check: /usr/bin/python3 not installed', () => {})

function crc32Of(data: Uint8Array): number {
  return Number(execFileSync(PYTHON, ['-c', 'import sys, zlib; print(zlib.crc32(sys.stdin.buffer.read()))'], { input: data }).toString('utf8').trim())
}

const infoZipOk = spawnSync('zip', ['-v'], { stdio: 'ignore' }).status === 0 && spawnSync('unzip', ['-v'], { stdio: 'ignore' }).status === 0

/**
 * Every entry of an archive on disk as name → bytes, read by src/archive (salvaging when its
 * directory is lost); each was checked against its CRC-32 and size (none salvaged unchecked).
 */
async function readArchive(path: string): Promise<Map<string, Buffer>> {
  const archive = await openArchive(path)
  try {
    const out = new Map<string, Buffer>()
    const { entries } = await listZipEntries(archive)
    expect(entries.filter((e) => e.unchecked === true).map((e) => e.name)).toEqual([])
    for (const entry of entries) {
      const pieces: Buffer[] = []
      for await (const piece of zipEntryBytes(archive, entry)) pieces.push(Buffer.from(piece))
      out.set(entry.name, Buffer.concat(pieces))
    }
    return out
  } finally {
    await archive.close()
  }
}

describe.skipIf(!infoZipOk)('ZIP archives written and salvaged by Info-ZIP', () => {
  const sample = 'all-three-scenarios'
  let names: string[] = []
  beforeAll(() => {
    execFileSync('cp', ['-r', join(SAMPLES_DIR, sample), join(root, sample)])
    names = readdirSync(join(root, sample)).map((n) => `${sample}/${n}`).sort()
  })
  it.each([['deflated', []], ['data descriptors', ['-fd']], ['ZIP64', ['-fz']], ['stored', ['-0']]] as Array<[string, string[]]>)('%s: every file lists and streams back byte for byte', async (_name, flags) => {
    const out = join(root, `info-zip-${flags.join('') || 'plain'}.zip`)
    execFileSync('zip', ['-q', '-r', ...flags, out, sample], { cwd: root })
    const read = await readArchive(out)
    expect([...read.keys()].filter((n) => !n.endsWith('/')).sort()).toEqual(names)
    for (const name of names) expect(Buffer.compare(read.get(name) as Buffer, readFileSync(join(root, name))), name).toBe(0)
  })
  it.each([['deflated', []], ['data descriptors', ['-fd']], ['ZIP64', ['-fz']]] as Array<[string, string[]]>)('%s, cut where the directory starts: we salvage what zip -FF salvages', async (_name, flags) => {
    const whole = join(root, `info-zip-cut-${flags.join('') || 'plain'}.zip`)
    execFileSync('zip', ['-q', '-r', ...flags, whole, sample], { cwd: root })
    const bytes = readFileSync(whole)
    const cut = join(root, `cut-${flags.join('') || 'plain'}.zip`)
    writeFileSync(cut, bytes.subarray(0, bytes.indexOf(Buffer.from('PK\x01\x02'))))
    const fixed = join(root, `fixed-${flags.join('') || 'plain'}.zip`)
    // zip -FF asks whether the archive is on one disk; it is.
    spawnSync('zip', ['-FF', cut, '--out', fixed], { input: 'y\n' })
    const theirs = execFileSync('unzip', ['-Z1', fixed]).toString('utf8').split('\n').filter(Boolean)
    const ours = await readArchive(cut)
    expect([...ours.keys()]).toEqual(theirs)
    expect(theirs.filter((n) => !n.endsWith('/')).sort()).toEqual(names)
    for (const name of theirs) expect(Buffer.compare(ours.get(name) as Buffer, execFileSync('unzip', ['-p', fixed, name], { maxBuffer: 1 << 28 })), name).toBe(0)
  })
})
if (!infoZipOk) it.skip('ZIP cross-check with Info-ZIP: zip and unzip (Debian zip, unzip) not installed', () => {})
