/**
 * A log built from real chunks: the valid chunks of the shared corpus files, in name order,
 * behind a fresh file header, up to a target size. Chunks are self-contained, so this is a
 * readable log of real Windows BinXML; it is what the peer comparison runs on. Written under
 * .tmp/ only: real logs never enter the repository.
 */
import { closeSync, openSync, readdirSync, readFileSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import { encodeFileHeader } from '../src/writer/index.js'

/** `accept` picks the corpus files to take chunks from (the peers must be able to read them all). */
export function writeRealChunkLog(corpusFiles: string, path: string, targetBytes: number, accept: (file: string) => boolean = () => true): { bytes: number; chunks: number } {
  const fd = openSync(path, 'w')
  let at = 4096
  let chunks = 0
  const files = readdirSync(corpusFiles)
    .filter((f) => f.endsWith('.evtx'))
    .sort()
    .filter((f) => accept(join(corpusFiles, f)))
  outer: for (const f of files) {
    const b = readFileSync(join(corpusFiles, f))
    for (let off = 4096; off + 65536 <= b.length; off += 65536) {
      if (b.toString('latin1', off, off + 8) !== 'ElfChnk\0') continue
      writeSync(fd, b, off, 65536, at)
      at += 65536
      chunks++
      if (at >= targetBytes) break outer
    }
  }
  const header = encodeFileHeader({ firstChunkNumber: 0, lastChunkNumber: chunks - 1, nextRecordId: 1, minorVersion: 1, chunkCount: chunks, flags: 0 })
  writeSync(fd, header, 0, header.length, 0)
  closeSync(fd)
  return { bytes: at, chunks }
}
