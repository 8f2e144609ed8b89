/**
 * Node's native CRC-32 (`zlib.crc32`, Node 20.15 and later) for checksum validation: the
 * Node-only modules that open files call {@link installNativeCrc32}. On older Node versions the
 * portable table code stays in use.
 */
import * as zlib from 'node:zlib'
import { type NativeCrc32, useNativeCrc32 } from '../binary/crc32.js'

let installed = false

export function installNativeCrc32(): void {
  if (installed) return
  installed = true
  const fn = (zlib as { crc32?: NativeCrc32 }).crc32
  if (typeof fn === 'function') useNativeCrc32(fn)
}
