/**
 * Cross-check with an independent ZIP implementation, Python's zipfile: archives it writes
 * (stored, deflated at several levels, ZIP64 records, after a prepended stub) are read by
 * src/archive as it lists and extracts them, and analyze finds in them what it finds in the
 * sample folder; archives our test writer builds are read back by zipfile as we read them, so
 * the unit tests' archives are real ZIP files. Skips with one message without /usr/bin/python3.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { openArchive } from '../../src/archive/file-access.js'
import { readZipDirectory } from '../../src/archive/zip-directory.js'
import { zipEntryBytes } from '../../src/archive/zip-entry.js'
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
