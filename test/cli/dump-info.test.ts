import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runCli } from '../../src/cli/run.js'
import { VERSION } from '../../src/version.js'
import { bombChunk } from '../helpers/bombs.js'
import { concat, fileHeader, simpleChunk, simpleFile } from '../helpers/chunk-builder.js'
import { chunkOf, hide } from '../helpers/hidden.js'
import { chunkWith, leftBehind, writtenOver } from '../helpers/leftovers.js'
import { memoryIo } from '../helpers/io.js'
import { buildChunk, buildEvtx, ticks } from '../helpers/evtx-builder.js'
import { rcm1058 } from '../helpers/rdp-events.js'

const dir = mkdtempSync(join(tmpdir(), 'rdp-triage-cli-'))
const path = join(dir, 'System.evtx')
const damaged = simpleFile([[1, 2], [3, 2]], { chunkCount: 1, nextRecordId: 2, flags: 1 })
damaged.fill(0x41, 4096 + 0x10000, 4096 + 0x10000 + 8)
writeFileSync(path, damaged)
writeFileSync(join(dir, 'clean.evtx'), simpleFile([[1, 2]]))
writeFileSync(join(dir, 'notes.txt'), 'not a log at all, certainly not one of 4096 bytes')

describe('rdp-triage dump', () => {
  it('prints one Windows XML event per line', async () => {
    const io = memoryIo()
    expect(await runCli(['dump', join(dir, 'clean.evtx')], io)).toBe(0)
    const lines = io.out().trimEnd().split('\n')
    expect(lines).toHaveLength(2)
    expect(lines[0]).toMatch(/^<Event xmlns='http:\/\/schemas.microsoft.com\/win\/2004\/08\/events\/event'><System>.*<\/Event>$/)
    expect(io.err()).toBe('')
  })

  it('prints JSON lines and a JSON array with the record place', async () => {
    const jl = memoryIo()
    expect(await runCli(['dump', join(dir, 'clean.evtx'), '--format', 'jsonl'], jl)).toBe(0)
    const first = JSON.parse(jl.out().split('\n')[0]!)
    expect(first.record).toMatchObject({ id: 1, chunkIndex: 0, fileOffset: 4608 })
    expect(first.Event.System.EventID).toBe(1000)
    const arr = memoryIo()
    await runCli(['dump', join(dir, 'clean.evtx'), '--format', 'json'], arr)
    expect(JSON.parse(arr.out())).toHaveLength(2)
  })

  it('writes the JSON array as the JSON lines, across buffer flushes, and [] for a log without records', async () => {
    const many = join(dir, 'many.evtx')
    writeFileSync(many, simpleFile(Array.from({ length: 6 }, (_, i): [number, number] => [1 + 200 * i, 200])))
    const lines = memoryIo()
    expect(await runCli(['dump', many, '--format', 'jsonl'], lines)).toBe(0)
    const arr = memoryIo()
    expect(await runCli(['dump', many, '--format', 'json'], arr)).toBe(0)
    const expected = lines.out().trimEnd().split('\n').map((l) => JSON.parse(l))
    expect(expected).toHaveLength(1200)
    expect(JSON.parse(arr.out())).toEqual(expected)
    expect(arr.out()).toMatch(/^\[\n\{.*\},\n\{/s)
    expect(arr.out().endsWith('}\n]\n')).toBe(true)
    const empty = join(dir, 'empty.evtx')
    writeFileSync(empty, simpleFile([]))
    const none = memoryIo()
    expect(await runCli(['dump', empty, '--format', 'json'], none)).toBe(0)
    expect(none.out()).toBe('[]\n')
  })

  it('never refills an output buffer before the stream has written it', async () => {
    // Ten chunks of 200 records: about 600 KB of XML, so the dump's two buffers take turns.
    const big = join(dir, 'big.evtx')
    writeFileSync(big, simpleFile(Array.from({ length: 10 }, (_, i): [number, number] => [1 + 200 * i, 200])))
    const copied = memoryIo()
    expect(await runCli(['dump', big], copied)).toBe(0)
    // A slow stream: it takes the bytes by reference and writes them out (here: copies them) only
    // a little later, then reports the write done. A buffer refilled before that would change
    // what gets written.
    const written: Uint8Array[] = []
    const io = {
      ...memoryIo(),
      stdout: {
        write: (chunk: string | Uint8Array, done?: (error?: Error | null) => void) => {
          const bytes = typeof chunk === 'string' ? new TextEncoder().encode(chunk) : chunk
          setTimeout(() => {
            written.push(bytes.slice())
            done?.()
          }, 2)
          return true
        },
      },
    }
    expect(await runCli(['dump', big], io)).toBe(0)
    expect(written.length).toBeGreaterThan(4)
    expect(Buffer.concat(written).toString('utf8')).toBe(copied.out())
    expect(copied.out().trimEnd().split('\n')).toHaveLength(2000)
  })

  it('gives one clear line and exit 2 when the output cannot be written, never a stack trace', async () => {
    const big = join(dir, 'big-fail.evtx')
    writeFileSync(big, simpleFile(Array.from({ length: 4 }, (_, i): [number, number] => [1 + 200 * i, 200])))
    const base = memoryIo()
    // A disk that fills up: every write reports failure a moment later.
    const io = {
      ...base,
      stdout: {
        write: (_chunk: string | Uint8Array, done?: (error?: Error | null) => void) => {
          setTimeout(() => done?.(new Error('ENOSPC: no space left on device, write')), 1)
          return true
        },
      },
    }
    expect(await runCli(['dump', big], io)).toBe(2)
    expect(base.err()).toBe('rdp-triage: cannot write the output: ENOSPC: no space left on device, write\n')
  })

  it('reports damage on stderr and still prints what can be read', async () => {
    const io = memoryIo()
    expect(await runCli(['dump', path], io)).toBe(0)
    expect(io.out().trimEnd().split('\n')).toHaveLength(2)
    expect(io.err()).toMatch(/error EVTX_CHUNK_BAD_MAGIC: .*\[file offset 0x11000, chunk 1\]/)
  })

  it('reports a record whose rendering would pass the limit, in every format, and prints the others', async () => {
    // Record 12 names a fragment 1,000 times that names a 1,000-character string 1,000 times.
    const bomb = join(dir, 'Bomb.evtx')
    writeFileSync(bomb, concat(fileHeader({ chunkCount: 3, nextRecordId: 16 }), simpleChunk(1, 3), bombChunk('text', 10), simpleChunk(13, 3)))
    for (const args of [['--format', 'xml'], ['--format', 'jsonl'], ['--format', 'json'], ['--format', 'jsonl', '--threads', '2'], ['--format', 'xml', '--threads', '2']]) {
      const io = memoryIo()
      expect(await runCli(['dump', bomb, ...args], io), args.join(' ')).toBe(0)
      const out = io.out()
      const ids = args[1] === 'xml' ? out.trimEnd().split('\n').map((l) => Number(/<EventRecordID>(\d+)</.exec(l)?.[1] ?? 0)) : (args[1] === 'json' ? (JSON.parse(out) as unknown[]) : out.trimEnd().split('\n').map((l) => JSON.parse(l))).map((r) => (r as { record: { id: number } }).record.id)
      // Records 10 and 11 have no EventRecordID element; their place shows them in JSON.
      expect(ids, args.join(' ')).toEqual(args[1] === 'xml' ? [1, 2, 3, 0, 0, 13, 14, 15] : [1, 2, 3, 10, 11, 13, 14, 15])
      expect(io.err(), args.join(' ')).toMatch(/^.*Bomb\.evtx: error LIMIT_EXCEEDED: rendering this record would exceed \d+ (bytes|characters) \(limits\.maxRenderedLength\) \[file offset 0x\w+, chunk 1, chunk offset 0x\w+, record 12\]\n$/)
    }
  })

  it('prints the records hidden inside others only with --hidden-records, and reports them either way', async () => {
    const edited = join(dir, 'edited.evtx')
    writeFileSync(edited, concat(fileHeader({ chunkCount: 1, nextRecordId: 7 }), hide(chunkOf(6), 1, 2)))
    const ids = (out: string) => out.trimEnd().split('\n').map((l) => Number(/<EventRecordID>(\d+)</.exec(l)?.[1]))
    const plain = memoryIo()
    expect(await runCli(['dump', edited], plain)).toBe(0)
    expect(ids(plain.out())).toEqual([1, 2, 5, 6])
    expect(plain.err()).toMatch(/^[^\n]*edited\.evtx: warning EVTX_RECORD_HIDDEN: record 2 \(\d+ bytes\) holds record 3 .* and record 4 .*not read[^\n]*\n$/)
    for (const format of ['xml', 'jsonl']) {
      const all = memoryIo()
      expect(await runCli(['dump', edited, '--hidden-records', '--format', format], all)).toBe(0)
      const got = format === 'xml' ? ids(all.out()) : all.out().trimEnd().split('\n').map((l) => (JSON.parse(l) as { record: { id: number } }).record.id)
      expect(got).toEqual([1, 2, 3, 4, 5, 6])
      expect(all.err()).toContain('read after it')
      if (format === 'jsonl') {
        const places = all.out().trimEnd().split('\n').map((l) => (JSON.parse(l) as { record: { hiddenIn?: number } }).record.hiddenIn)
        expect(places).toEqual([undefined, undefined, 2, 2, undefined, undefined])
      }
    }
    const help = memoryIo()
    await runCli(['dump', '--help'], help)
    expect(help.out()).toContain('--hidden-records')
  })

  it('prints what an earlier use of a chunk left in its unused space only with --leftover-records, marked, and counts it either way', async () => {
    const cleared = join(dir, 'cleared.evtx')
    const old = chunkWith(Array.from({ length: 40 }, (_, k) => 100 + k), (id) => id)
    const fresh = chunkWith([1, 2, 3], (id) => 1000 + id)
    writeFileSync(cleared, concat(fileHeader({ chunkCount: 1, nextRecordId: 4 }), writtenOver(old, fresh)))
    const left = leftBehind(old, fresh).map((k) => 100 + k)
    const plain = memoryIo()
    expect(await runCli(['dump', cleared, '--format', 'jsonl'], plain)).toBe(0)
    expect(plain.out().trimEnd().split('\n')).toHaveLength(3)
    expect(plain.err()).toMatch(/^[^\n]*cleared\.evtx: info EVTX_CHUNK_LEFTOVER_RECORDS: chunk 0's unused space holds \d+ whole record\(s\) .*written before the log was cleared; not read[^\n]*\n$/)
    const all = memoryIo()
    expect(await runCli(['dump', cleared, '--leftover-records', '--format', 'jsonl'], all)).toBe(0)
    const lines = all.out().trimEnd().split('\n').map((l) => JSON.parse(l) as { record: { id: number; leftover?: boolean } })
    expect(lines.map((l) => [l.record.id, l.record.leftover])).toEqual([...[1, 2, 3].map((id) => [id, undefined]), ...left.map((id) => [id, true])])
    expect(all.err()).toContain('marked leftover')
    const help = memoryIo()
    await runCli(['dump', '--help'], help)
    expect(help.out()).toContain('--leftover-records')
  })

  it('stops at the first problem with --strict', async () => {
    const io = memoryIo()
    expect(await runCli(['dump', path, '--strict'], io)).toBe(2)
    const lines = io.err().trimEnd().split('\n')
    expect(lines[0]).toContain('info EVTX_FILE_DIRTY')
    expect(lines[lines.length - 1]).toMatch(/^rdp-triage: .*System.evtx: block 1 is not a chunk.* \[file offset 0x11000, chunk 1\]$/)
    // A record's problem names its place as the diagnostic without --strict does.
    const copy = simpleFile([[1, 2]])
    const view = new DataView(copy.buffer)
    const size = view.getUint32(4096 + 512 + 4, true)
    view.setUint32(4096 + 512 + size - 4, size + 8, true)
    const copyPath = join(dir, 'size-copy.evtx')
    writeFileSync(copyPath, copy)
    const record = memoryIo()
    expect(await runCli(['dump', copyPath, '--strict'], record)).toBe(2)
    expect(record.err()).toMatch(/size-copy.evtx: record 1: size copy \d+ differs from size \d+ \[file offset 0x1200, chunk 0, chunk offset 0x200, record 1\]\n$/)
  })

  it('gives one clear line and exit 2 for unreadable input or bad usage, never a stack trace', async () => {
    for (const argv of [['dump', join(dir, 'notes.txt')], ['dump', join(dir, 'missing.evtx')], ['dump'], ['dump', path, '--format', 'csv'], ['dump', path, '--bogus'], ['dump', path, '--ansi-codepage', 'klingon'], ['dump', path, '--ansi-codepage', 'utf-16'], ['info', path, '--ansi-codepage', 'klingon'], ['info', path, '--ansi-codepage', 'utf7'], ['frobnicate']]) {
      const io = memoryIo()
      expect(await runCli(argv, io)).toBe(2)
      expect(io.err().trimEnd().split('\n')).toHaveLength(1)
      expect(io.err()).toMatch(/^rdp-triage: /)
      expect(io.err()).not.toMatch(/\n\s+at /)
    }
  })
})

describe('rdp-triage dump: options', () => {
  const clean = join(dir, 'clean.evtx')
  const dump = async (...args: string[]) => {
    const io = memoryIo()
    const code = await runCli(['dump', ...args], io)
    return { code, lines: io.out().trimEnd().split('\n').length, err: io.err() }
  }

  it('takes --threads from 0 to 256', async () => {
    expect(await dump(clean, '--threads', '0')).toEqual({ code: 0, lines: 2, err: '' })
    expect(await dump(clean, '--threads', '256')).toEqual({ code: 0, lines: 2, err: '' })
    expect(await dump(clean, '--threads', '257')).toEqual({ code: 2, lines: 1, err: 'rdp-triage: dump: --threads must be a whole number from 0 to 256; got "257"\n' })
    // Only digits: Number() reads '' and ' ' as 0 (one thread per CPU), and '1e1' or '0x10' as numbers.
    for (const odd of ['', ' ', '1e1', '0x10', ' 4', '4.0', '+4']) {
      expect(await dump(clean, `--threads=${odd}`)).toEqual({ code: 2, lines: 1, err: `rdp-triage: dump: --threads must be a whole number from 0 to 256; got ${JSON.stringify(odd)}\n` })
    }
  })

  it('takes exactly one FILE, and names an unknown option without node\'s hint about positionals', async () => {
    expect((await dump(clean, clean)).err).toBe("rdp-triage: dump: expected one FILE, got 2 (see 'rdp-triage dump --help')\n")
    expect((await dump(clean, '--bogus')).err).toBe("rdp-triage: dump: Unknown option '--bogus' (see 'rdp-triage dump --help')\n")
  })
})

describe('rdp-triage info', () => {
  it('summarises header, chunks, records and problems', async () => {
    const io = memoryIo()
    expect(await runCli(['info', path], io)).toBe(0)
    const out = io.out()
    expect(out).toMatch(/Flags: +0x1 \(dirty\)/)
    expect(out).toMatch(/Header claims: +1 chunks .* next record id 2/)
    expect(out).toMatch(/Blocks: +2 \(1 valid, 0 empty, 1 bad, 0 truncated\)/)
    expect(out).toMatch(/Records: +2/)
    expect(out).toMatch(/Record ids: +1 \.\. 2/)
    expect(out).toContain('EVTX_CHUNK_BAD_MAGIC')
    const json = memoryIo()
    await runCli(['info', path, '--format', 'json'], json)
    expect(JSON.parse(json.out())).toMatchObject({ records: 2, chunks: { valid: 1, bad: 1 }, header: { dirty: true, declaredChunks: 1 } })
  })

  it('counts a chunk whose records CRC fails as bad with --validate-checksums, as valid without', async () => {
    const stale = simpleFile([[1, 2]])
    // The chunk header's CRC of its records (offset 0x34) no longer matches them.
    stale[4096 + 0x34] = (stale[4096 + 0x34] as number) ^ 0xff
    const stalePath = join(dir, 'stale-crc.evtx')
    writeFileSync(stalePath, stale)
    const chunks = async (...args: string[]) => {
      const io = memoryIo()
      await runCli(['info', stalePath, '--format', 'json', ...args], io)
      return JSON.parse(io.out()).chunks
    }
    expect(await chunks()).toEqual({ blocks: 1, valid: 1, empty: 0, bad: 0, truncated: 0 })
    expect(await chunks('--validate-checksums')).toEqual({ blocks: 1, valid: 0, empty: 0, bad: 1, truncated: 0 })
  })

  it('leaves record ids past 2^53 - 1 and times from the year 10000 on out of the ranges, and counts them', async () => {
    const good = [rcm1058('2026-11-20T07:00:00Z'), rcm1058('2026-11-20T07:30:00Z')]
    const wild = { ...rcm1058('2026-11-20T07:45:00Z'), written: ticks('+030000-01-01T00:00:00Z') }
    const bytes = new Uint8Array(0x1000 + 2 * 0x10000)
    bytes.set(buildEvtx(good))
    bytes.set(buildChunk([wild], 2 ** 60), 0x11000)
    const wildPath = join(dir, 'wild.evtx')
    writeFileSync(wildPath, bytes)
    const io = memoryIo()
    expect(await runCli(['info', wildPath], io)).toBe(0)
    expect(io.out()).toMatch(/Records: +3\nRecord ids: +1 \.\. 2\nWritten: +2026-11-20T07:00:00.0000000Z \.\. 2026-11-20T07:30:00.0000000Z\nLast record: +id 2, written 2026-11-20T07:30:00.0000000Z\nLeft out: +1 record id\(s\) past 2\^53 - 1, 1 written time\(s\) from the year 10000 on \(damage\)\n/)
    const json = memoryIo()
    await runCli(['info', wildPath, '--format', 'json'], json)
    expect(JSON.parse(json.out())).toMatchObject({ records: 3, firstRecordId: 1, lastRecordId: 2, impossible: { ids: 1, times: 1 } })
    // 2^53 - 1 itself is a possible id, in the range.
    bytes.set(buildChunk([rcm1058('2026-11-20T07:50:00Z')], Number.MAX_SAFE_INTEGER), 0x11000)
    writeFileSync(wildPath, bytes)
    const edge = memoryIo()
    await runCli(['info', wildPath, '--format', 'json'], edge)
    expect(JSON.parse(edge.out())).toMatchObject({ records: 3, firstRecordId: 1, lastRecordId: Number.MAX_SAFE_INTEGER, impossible: { ids: 0, times: 0 } })
    const plain = memoryIo()
    await runCli(['info', join(dir, 'clean.evtx')], plain)
    expect(plain.out()).not.toContain('Left out')
    expect(plain.out()).toMatch(/\nFlags: +0x0 \(none\)\n/)
  })

  it('names the last-written record, and says when the newest time is out of line with it', async () => {
    const plain = memoryIo()
    await runCli(['info', join(dir, 'clean.evtx')], plain)
    expect(plain.out()).toMatch(/\nLast record: +id 2, written 2025-11-21T00:00:02.0000000Z\n/)
    // Record 1's written time moved five years on.
    const late = simpleFile([[1, 2]])
    const view = new DataView(late.buffer)
    view.setBigUint64(4096 + 512 + 16, view.getBigUint64(4096 + 512 + 16, true) + 5n * 365n * 86_400n * 10_000_000n, true)
    const latePath = join(dir, 'late.evtx')
    writeFileSync(latePath, late)
    const io = memoryIo()
    await runCli(['info', latePath], io)
    expect(io.out()).toMatch(/\nLast record: +id 2, written 2025-11-21T00:00:02.0000000Z; the newest written time is 1825.0 days later \(a damaged time or a clock set back\)\n/)
    const json = memoryIo()
    await runCli(['info', latePath, '--format', 'json'], json)
    expect(JSON.parse(json.out()).lastRecord).toEqual({ id: 2, written: '2025-11-21T00:00:02.0000000Z', outOfLineDays: expect.closeTo(1825, 3) })
  })

  it('lists at most 1,000 problems, warnings and errors first, and counts them all (a hostile file can report one per record)', async () => {
    // Every record's size copy off by 8: one warning per record, 1,200 in all, after the dirty
    // header's info note, which is left out for them.
    const chunks = [1, 401, 801].map((first) => {
      const chunk = simpleChunk(first, 400)
      const view = new DataView(chunk.buffer)
      for (let pos = 512; view.getUint32(pos, true) === 0x2a2a; pos += view.getUint32(pos + 4, true)) {
        const size = view.getUint32(pos + 4, true)
        view.setUint32(pos + size - 4, size + 8, true)
      }
      return chunk
    })
    const noisy = join(dir, 'noisy.evtx')
    writeFileSync(noisy, concat(fileHeader({ chunkCount: 3, nextRecordId: 1201, flags: 1 }), ...chunks))
    const io = memoryIo()
    expect(await runCli(['info', noisy], io)).toBe(0)
    expect(io.out()).toMatch(/\nRecords: +1200\n/)
    expect(io.out()).not.toContain('EVTX_FILE_DIRTY')
    expect(io.out()).toContain("\nDiagnostics:     1201 (1000 listed, warnings and errors first; 'rdp-triage dump FILE' reports every one on stderr)\n")
    expect(io.out().split('\n').filter((l) => l.includes('EVTX_RECORD_SIZE_COPY_MISMATCH'))).toHaveLength(1000)
    const json = memoryIo()
    expect(await runCli(['info', noisy, '--format', 'json'], json)).toBe(0)
    const info = JSON.parse(json.out()) as { diagnostics: unknown[]; diagnosticCount: number }
    expect(info.diagnosticCount).toBe(1201)
    expect(info.diagnostics).toHaveLength(1000)
    // A file with fewer lists them all.
    const few = memoryIo()
    await runCli(['info', path, '--format', 'json'], few)
    const fewInfo = JSON.parse(few.out()) as { diagnostics: unknown[]; diagnosticCount: number }
    expect(fewInfo.diagnostics.length).toBe(fewInfo.diagnosticCount)
  })

  it('reads a file whose header lost its signature, and says so; a file that is not EVTX stays an error', async () => {
    const zeroed = simpleFile([[1, 2], [3, 2]])
    zeroed.fill(0, 0, 512)
    const headerless = join(dir, 'headerless.evtx')
    writeFileSync(headerless, zeroed)
    const io = memoryIo()
    expect(await runCli(['info', headerless], io)).toBe(0)
    expect(io.out()).toContain('Header:          no "ElfFile\\0" signature: damaged; the chunks after it were read without it\n')
    expect(io.out()).toMatch(/Records: +4\n/)
    expect(io.out()).toContain('error EVTX_FILE_BAD_MAGIC: file header signature is "\\0\\0\\0\\0\\0\\0\\0\\0", expected "ElfFile\\0"; a chunk follows it')
    const json = memoryIo()
    expect(await runCli(['info', headerless, '--format', 'json'], json)).toBe(0)
    expect(JSON.parse(json.out())).toMatchObject({ header: null, records: 4, firstRecordId: 1, lastRecordId: 4 })
    writeFileSync(join(dir, 'long-notes.txt'), 'not a log at all. '.repeat(300))
    const notes = memoryIo()
    expect(await runCli(['info', join(dir, 'long-notes.txt')], notes)).toBe(2)
    expect(notes.err()).toMatch(/long-notes.txt: not an EVTX file: signature is "not a lo", expected "ElfFile\\0" \[file offset 0x0\]\n$/)
  })
})

describe('rdp-triage', () => {
  it('prints its version and help', async () => {
    const io = memoryIo()
    expect(await runCli(['--version'], io)).toBe(0)
    expect(io.out().trim()).toBe(VERSION)
    const help = memoryIo()
    expect(await runCli(['--help'], help)).toBe(0)
    expect(help.out()).toContain('dump')
    const cmdHelp = memoryIo()
    expect(await runCli(['dump', '--help'], cmdHelp)).toBe(0)
    expect(cmdHelp.out()).toContain('--validate-checksums')
  })
})
