/**
 * What a file that is not EVTX is instead, when its first bytes say so: the error for a bad file
 * signature names it and what to do. The files people hand a log tool by mistake are the logs
 * packed for the trip off the VM (gzip, ZIP, 7-Zip, a cabinet), the same logs exported as XML,
 * the VM's disk itself (a VHD or VHDX, or a raw image) and the older .evt format. Only
 * signatures are compared; nothing is decoded.
 */
import { startsLikeZip } from '../archive/zip-signature.js'

interface ForeignFormat {
  /** True when `bytes` (the file's first bytes, as many as were read) start like this format. */
  readonly test: (bytes: Uint8Array) => boolean
  readonly description: string
}

/** True when `bytes` holds `signature` at `offset`. */
function at(bytes: Uint8Array, offset: number, signature: readonly number[]): boolean {
  if (bytes.length < offset + signature.length) return false
  for (let i = 0; i < signature.length; i++) if (bytes[offset + i] !== signature[i]) return false
  return true
}

const ascii = (text: string): number[] => [...text].map((c) => c.charCodeAt(0))
const utf16le = (text: string): number[] => [...text].flatMap((c) => [c.charCodeAt(0), 0])

const EXTRACT = 'extract the .evtx files from it first'
const DECOMPRESS = 'decompress it first'
const XML_EXPORT = 'events exported as XML (wevtutil qe /f:xml, or Event Viewer\'s "Save as" XML), not a binary log: copy the .evtx file itself, or export with wevtutil epl'
const DISK = 'mount it read-only and use the .evtx files in its Windows\\System32\\winevt\\Logs (analyze takes the mounted volume\'s root)'

/** In the order they are tried; the first that matches names the file. */
const FORMATS: readonly ForeignFormat[] = [
  { test: (b) => at(b, 0, [0x1f, 0x8b]), description: `gzip-compressed data: ${DECOMPRESS}` },
  { test: startsLikeZip, description: `a ZIP archive: ${EXTRACT} (rdp-triage analyze reads the .evtx files in a ZIP archive as it is)` },
  { test: (b) => at(b, 0, [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c]), description: `a 7-Zip archive: ${EXTRACT}` },
  { test: (b) => at(b, 0, ascii('MSCF')), description: `a cabinet (.cab) archive: ${EXTRACT}` },
  { test: (b) => at(b, 0, [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]), description: `xz-compressed data: ${DECOMPRESS}` },
  { test: (b) => at(b, 0, ascii('BZh')), description: `bzip2-compressed data: ${DECOMPRESS}` },
  { test: (b) => at(b, 0, [0x28, 0xb5, 0x2f, 0xfd]), description: `zstd-compressed data: ${DECOMPRESS}` },
  { test: (b) => at(b, 4, ascii('LfLe')), description: 'a Windows XP / Server 2003 event log (.evt), the format before EVTX, which this tool does not read' },
  { test: (b) => at(b, 0, ascii('ElfChnk\0')), description: 'an EVTX chunk without the 4096-byte file header before it (a carved or cut piece of a log)' },
  {
    test: (b) => {
      const text = at(b, 0, [0xef, 0xbb, 0xbf]) ? 3 : 0
      if (at(b, text, ascii('<?xml')) || at(b, text, ascii('<Event'))) return true
      const wide = at(b, 0, [0xff, 0xfe]) ? 2 : 0
      return at(b, wide, utf16le('<?xml')) || at(b, wide, utf16le('<Event'))
    },
    description: XML_EXPORT,
  },
  { test: (b) => at(b, 0, ascii('vhdxfile')), description: `a VHDX disk image: ${DISK}` },
  { test: (b) => at(b, 0, ascii('conectix')), description: `a VHD disk image: ${DISK}` },
  { test: (b) => at(b, 3, ascii('NTFS    ')), description: `an NTFS volume image: ${DISK}` },
  { test: (b) => at(b, 510, [0x55, 0xaa]), description: `a disk image (it starts with a partition table): ${DISK}` },
]

/** What the file whose first bytes are `bytes` is, when that is known and not EVTX. */
export function describeForeignFormat(bytes: Uint8Array): string | undefined {
  return FORMATS.find((f) => f.test(bytes))?.description
}
