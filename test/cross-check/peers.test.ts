/**
 * Cross-check with independent parsers: libevtx (Debian libevtx-utils: evtxinfo, evtxexport) and
 * python-evtx (Debian python3-evtx) must read every generated sample completely, with the same
 * records, providers, event ids and data as our parser. Each peer that is not installed skips
 * with one message. Values are normalised for libevtx's documented quirks in peer_events.py.
 */
import { execFileSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { libevtxOk, ours, type PeerEvent, peer, pyevtxOk } from '../helpers/peer-events.js'
import { sampleLogs } from '../helpers/samples.js'

const logs = sampleLogs()

describe.skipIf(!libevtxOk)('libevtx (evtxinfo, evtxexport) reads every sample as we do', () => {
  it.each(logs)('%s', (_name, path) => {
    const expected = ours(path)
    const info = execFileSync('evtxinfo', [path]).toString('utf8')
    expect(info).toMatch(new RegExp(`Number of records\\s*:\\s*${expected.length}\\b`))
    expect(info).toMatch(/Number of recovered records\s*:\s*0\b/)
    expect(peer('libevtx', path)).toEqual(expected)
  })
})
if (!libevtxOk) it.skip('libevtx cross-check: evtxinfo/evtxexport (Debian libevtx-utils) or /usr/bin/python3 not installed', () => {})

/**
 * python-evtx mangles string arrays with empty items (EventLog 6013's four empty insertion
 * strings come out as a shifted, duplicated list): for such records only provider, event id and
 * record id are compared.
 */
function withoutEmptyArrayItems(events: PeerEvent[], reference: PeerEvent[]): PeerEvent[] {
  return events.map((e, i) => {
    const ref = reference[i]
    const mangled = ref !== undefined && ref.data.filter(([k]) => k === '').length > 1 && ref.data.some(([k, v]) => k === '' && v === '')
    return mangled ? { ...e, data: [] } : e
  })
}

describe.skipIf(!pyevtxOk)('python-evtx reads every sample as we do', () => {
  it.each(logs)('%s', (_name, path) => {
    const expected = ours(path)
    expect(withoutEmptyArrayItems(peer('pyevtx', path), expected)).toEqual(withoutEmptyArrayItems(expected, expected))
  })
})
if (!pyevtxOk) it.skip('python-evtx cross-check: /usr/bin/python3 with the Evtx module (Debian python3-evtx) not installed', () => {})
