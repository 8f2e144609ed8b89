import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CliError } from '../../src/cli/io.js'
import { channelOfFile, logsForPath, logsInDirectory, resolveLog } from '../../src/cli/query-logs.js'
import type { LogFile } from '../../src/cli/query-logs.js'
import { concat, fileHeader, SIMPLE_GUID, simpleTemplate, simpleValues, templateChunk, v } from '../helpers/chunk-builder.js'

let dir = ''
let logs = ''

/** A log whose events carry `channel`. */
function logOf(channel: string): Uint8Array {
  const values = [1, 2].map((id) => {
    const vals = simpleValues(id, `event ${id}`)
    vals[4] = v.str(channel)
    return vals
  })
  return concat(fileHeader({ chunkCount: 1, nextRecordId: 3 }), templateChunk(SIMPLE_GUID, simpleTemplate, values))
}

// Channels by file: most files' events name another channel than the file name stands for, so a
// test can tell which of the two was used.
const FILES: Record<string, string> = {
  'System.evtx': 'System',
  'Application.evtx': 'Application',
  'Microsoft-Windows-TerminalServices-SessionBroker%4Operational.evtx': 'Microsoft-Windows-TerminalServices-SessionBroker/Operational',
  'renamed-copy.evtx': 'Microsoft-Windows-TerminalServices-RemoteConnectionManager/Operational',
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'rdp-triage-logs-'))
  logs = join(dir, 'Logs')
  mkdirSync(logs)
  for (const [name, channel] of Object.entries(FILES)) writeFileSync(join(logs, name), logOf(channel))
  // More logs than are read at once, each with its own channel.
  for (let k = 0; k < 12; k++) writeFileSync(join(logs, `extra-${String(k).padStart(2, '0')}.evtx`), logOf(`Extra-${k}/Operational`))
  // Not an event log: its channel is the one its name stands for.
  writeFileSync(join(logs, 'Security.evtx'), new Uint8Array(8192).fill(0x41))
  writeFileSync(join(logs, 'notes.txt'), 'not a log')
})

afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('logsInDirectory', () => {
  it('lists every .evtx file in name order, each with the channel its first event carries', async () => {
    const found = await logsInDirectory(logs, 'Logs')
    const names = [...Object.keys(FILES), ...Array.from({ length: 12 }, (_, k) => `extra-${String(k).padStart(2, '0')}.evtx`), 'Security.evtx'].sort()
    expect(found.map((l) => l.display)).toEqual(names.map((n) => join('Logs', n)))
    expect(found.map((l) => l.path)).toEqual(names.map((n) => join(logs, n)))
    for (const l of found) {
      const name = l.path.slice(logs.length + 1)
      const want = FILES[name] ?? (name.startsWith('extra-') ? `Extra-${Number(name.slice(6, 8))}/Operational` : 'Security')
      expect(l.channel).toBe(want)
    }
  })

  it('says when the directory is not there', async () => {
    await expect(logsInDirectory(join(dir, 'missing'), 'missing')).rejects.toThrow(new CliError('query: --logs missing: no such directory'))
  })
})

describe('resolveLog', () => {
  it('takes a file first, then a log name by file name, then by the channel its events carry', async () => {
    const available = await logsInDirectory(logs)
    expect((await resolveLog(join(logs, 'Application.evtx'), dir, undefined)).channel).toBe('Application')
    expect((await resolveLog('system', dir, available)).path).toBe(join(logs, 'System.evtx'))
    expect((await resolveLog('Microsoft-Windows-TerminalServices-SessionBroker/Operational', dir, available)).path).toBe(join(logs, 'Microsoft-Windows-TerminalServices-SessionBroker%4Operational.evtx'))
    // No file has this name: found by its events' channel.
    expect((await resolveLog('microsoft-windows-terminalservices-remoteconnectionmanager/operational', dir, available)).path).toBe(join(logs, 'renamed-copy.evtx'))
  })

  it('says what to do when a name is not a file and no directory was given, or no log has it', async () => {
    await expect(resolveLog('system', dir, undefined)).rejects.toThrow(/no such file \(to name a log as wevtutil does.*--logs DIR\)/)
    await expect(resolveLog('Setup', dir, await logsInDirectory(logs))).rejects.toThrow("query: no log 'Setup' among the 17 .evtx files in the --logs directory")
  })
})

describe('log names against file names', () => {
  // Listed logs whose events carry another channel than their file names stand for.
  const listed = (name: string): LogFile => ({ path: join(dir, 'listed', name), display: name, channel: 'Other/Operational' })

  it('finds a log name by its Windows file name, and a QueryList path by the file name too', async () => {
    const available = [listed('Application.evtx'), listed('Microsoft-Windows-Foo%4Operational.evtx')]
    expect((await resolveLog('Microsoft-Windows-Foo/Operational', dir, available)).display).toBe('Microsoft-Windows-Foo%4Operational.evtx')
    expect((await logsForPath('Application', available, dir)).map((l) => l.display)).toEqual(['Application.evtx'])
  })

  it('lists .EVTX files in capitals, and names a log whose events carry an empty channel by its file name', async () => {
    const other = join(dir, 'other')
    mkdirSync(other)
    writeFileSync(join(other, 'Setup.EVTX'), logOf(''))
    expect(await logsInDirectory(other, 'other')).toEqual([{ path: join(other, 'Setup.EVTX'), display: join('other', 'Setup.EVTX'), channel: 'Setup' }])
  })
})

describe('logsForPath and channelOfFile', () => {
  it('chooses the logs of a QueryList path by channel or by file', async () => {
    const available = await logsInDirectory(logs)
    expect((await logsForPath('Application', available, dir)).map((l) => l.channel)).toEqual(['Application'])
    expect((await logsForPath(`file://${join(logs, 'renamed-copy.evtx')}`, available, dir)).map((l) => l.channel)).toEqual([FILES['renamed-copy.evtx']])
    await expect(logsForPath(`file://${join(dir, 'nothing.evtx')}`, available, dir)).rejects.toThrow('no such file')
    await expect(logsForPath(`file://${logs}`, available, dir)).rejects.toThrow(`QueryList path file://${logs}: not a regular file (a folder, a pipe or a device)`)
  })

  it('falls back to the name of a file it cannot read', async () => {
    expect(await channelOfFile(join(logs, 'Security.evtx'))).toBe('Security')
  })
})
