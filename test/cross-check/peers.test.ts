/**
 * Cross-check with independent parsers: libevtx (Debian libevtx-utils: evtxinfo, evtxexport) and
 * python-evtx (Debian python3-evtx) must read every generated sample completely, with the same
 * records, providers, event ids and data as our parser. Each peer that is not installed skips
 * with one message. Values are normalised for libevtx's documented quirks in peer_events.py.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { parseEvtx } from '../../src/evtx/parse.js'
import { recordToTree, type XmlElement } from '../../src/render/tree.js'
import { sampleLogs } from '../helpers/samples.js'

const HELPER = join(dirname(fileURLToPath(import.meta.url)), 'peer_events.py')
const PYTHON = '/usr/bin/python3'

interface PeerEvent {
  id: number
  provider: string
  eventId: string
  data: Array<[string, string]>
}

function has(cmd: string, args: string[]): boolean {
  return spawnSync(cmd, args, { stdio: 'ignore' }).status === 0
}

const pythonOk = has(PYTHON, ['-c', 'import xml.etree.ElementTree'])
const libevtxOk = pythonOk && has('evtxinfo', ['-V'])
const pyevtxOk = pythonOk && has(PYTHON, ['-c', 'import Evtx.Evtx'])

function child(el: XmlElement, name: string): XmlElement | undefined {
  return el.children.find((c): c is XmlElement => typeof c !== 'string' && c.name === name)
}

function textOf(el: XmlElement): string {
  return el.children.filter((c): c is string => typeof c === 'string').join('')
}

const TIME = /^(\d{4}-\d\d-\d\d)[T ](\d\d:\d\d:\d\d)(?:\.(\d+))?Z?$/

/** The same normalisation as peer_events.py: times at millisecond precision, hex and GUID forms. */
function norm(t: string): string {
  const m = TIME.exec(t)
  if (m) return `${m[1]}T${m[2]}.${`${Math.round(Number(`${m[3] ?? ''}0000000`.slice(0, 7)) / 10_000)}`.padStart(3, '0')}Z`
  if (/^0x[0-9a-fA-F]+$/.test(t)) return `0x${BigInt(t).toString(16)}`
  if (/^\{[0-9a-fA-F-]{36}\}$/.test(t)) return t.toLowerCase()
  return t
}

/** Our parser's view of a file, in the peers' shape. */
function ours(path: string): PeerEvent[] {
  const out: PeerEvent[] = []
  for (const r of parseEvtx(new Uint8Array(readFileSync(path)))) {
    const ev = recordToTree(r)
    const system = child(ev, 'System') as XmlElement
    const data: Array<[string, string]> = []
    for (const part of ev.children) {
      if (typeof part === 'string') continue
      if (part.name === 'EventData') {
        for (const d of part.children) if (typeof d !== 'string') data.push([d.name === 'Data' ? (d.attributes.Name ?? '') : d.name, norm(textOf(d))])
      } else if (part.name === 'UserData') {
        for (const root of part.children) {
          if (typeof root === 'string') continue
          for (const leaf of root.children) if (typeof leaf !== 'string') data.push([leaf.name, norm(textOf(leaf))])
        }
      }
    }
    out.push({
      id: Number(textOf(child(system, 'EventRecordID') as XmlElement)),
      provider: (child(system, 'Provider') as XmlElement).attributes.Name ?? '',
      eventId: textOf(child(system, 'EventID') as XmlElement),
      data,
    })
  }
  return out
}

function peer(kind: 'libevtx' | 'pyevtx', path: string): PeerEvent[] {
  const out = execFileSync(PYTHON, [HELPER, kind, path], { maxBuffer: 64 * 1024 * 1024 }).toString('utf8')
  return out.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as PeerEvent)
}

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
