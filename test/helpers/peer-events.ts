/**
 * Independent parsers as test oracles: libevtx (Debian libevtx-utils: evtxinfo, evtxexport) and
 * python-evtx (Debian python3-evtx), read through peer_events.py, and our parser's records in the
 * same shape (record id, provider, event id, EventData/UserData values normalised the same way).
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseEvtx } from '../../src/evtx/parse.js'
import type { EvtxRecord } from '../../src/evtx/record.js'
import { recordToTree, type XmlElement } from '../../src/render/tree.js'

const HELPER = join(dirname(fileURLToPath(import.meta.url)), '../cross-check/peer_events.py')
const PYTHON = '/usr/bin/python3'

export interface PeerEvent {
  id: number
  provider: string
  eventId: string
  data: Array<[string, string]>
}

function has(cmd: string, args: string[]): boolean {
  return spawnSync(cmd, args, { stdio: 'ignore' }).status === 0
}

export const pythonOk = has(PYTHON, ['-c', 'import xml.etree.ElementTree'])
export const libevtxOk = pythonOk && has('evtxinfo', ['-V'])
export const pyevtxOk = pythonOk && has(PYTHON, ['-c', 'import Evtx.Evtx'])

function child(el: XmlElement, name: string): XmlElement | undefined {
  return el.children.find((c): c is XmlElement => typeof c !== 'string' && c.name === name)
}

function textOf(el: XmlElement): string {
  return el.children.filter((c): c is string => typeof c === 'string').join('')
}

const TIME = /^(\d{4}-\d\d-\d\d)[T ](\d\d:\d\d:\d\d)(?:\.(\d+))?Z?$/

/**
 * The same normalisation as peer_events.py: times at millisecond precision, hex and GUID forms;
 * and line ends as an XML parser reads the peers' output (CR LF and a lone CR become LF).
 */
function norm(text: string): string {
  const t = text.replace(/\r\n?/g, '\n')
  const m = TIME.exec(t)
  if (m) return `${m[1]}T${m[2]}.${`${Math.round(Number(`${m[3] ?? ''}0000000`.slice(0, 7)) / 10_000)}`.padStart(3, '0')}Z`
  if (/^0x[0-9a-fA-F]+$/.test(t)) return `0x${BigInt(t).toString(16)}`
  if (/^\{[0-9a-fA-F-]{36}\}$/.test(t)) return t.toLowerCase()
  return t
}

/** Our parser's view of a file, in the peers' shape. */
export function ours(path: string): PeerEvent[] {
  return oursOf(parseEvtx(new Uint8Array(readFileSync(path)), { onDiagnostic: () => undefined }))
}

/** Records in the peers' shape. */
export function oursOf(records: Iterable<EvtxRecord>): PeerEvent[] {
  const out: PeerEvent[] = []
  for (const r of records) {
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

/** A peer's view of a file; `libevtx-recovered`: the records libevtx recovers (evtxexport -m recovered). */
export function peer(kind: 'libevtx' | 'libevtx-recovered' | 'pyevtx', path: string): PeerEvent[] {
  const out = execFileSync(PYTHON, [HELPER, kind, path], { maxBuffer: 64 * 1024 * 1024 }).toString('utf8')
  return out.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as PeerEvent)
}
