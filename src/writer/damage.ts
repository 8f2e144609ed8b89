/**
 * The broken shapes real logs come in, applied to a cleanly written file (always on a copy).
 *
 * - `stale-header`: the file header of a log copied while open: dirty flag set, chunk count,
 *   last chunk and next record id as they were when only the first `visibleChunks` chunks
 *   existed (its CRC is valid: the header was flushed at that time). The newest chunks lie past
 *   the declared count (../shared/docs/evtx-format.md c.10, "Dirty file, stale header").
 * - `zero-chunk`: a chunk of zeros (unused space in a dirty file).
 * - `bad-chunk-magic`: the chunk signature overwritten (a garbage block).
 * - `bad-header-crc` / `bad-data-crc`: the stored chunk CRCs flipped.
 * - `bad-file-header-crc`: the stored file header CRC flipped.
 * - `bad-record`: the first record's signature overwritten (the reader resumes at the next record).
 * - `truncate`: the file cut to `length` bytes (a copy that stopped early).
 */
import { crc32 } from '../binary/crc32.js'
import { CHUNK_SIZE, FILE_HEADER_BLOCK_SIZE } from '../evtx/constants.js'

export type Damage =
  | { readonly kind: 'stale-header'; readonly visibleChunks: number }
  | { readonly kind: 'zero-chunk'; readonly chunk: number }
  | { readonly kind: 'bad-chunk-magic'; readonly chunk: number }
  | { readonly kind: 'bad-header-crc'; readonly chunk: number }
  | { readonly kind: 'bad-data-crc'; readonly chunk: number }
  | { readonly kind: 'bad-file-header-crc' }
  | { readonly kind: 'bad-record'; readonly chunk: number }
  | { readonly kind: 'truncate'; readonly length: number }

function chunkAt(bytes: Uint8Array, index: number): number {
  const at = FILE_HEADER_BLOCK_SIZE + index * CHUNK_SIZE
  if (index < 0 || at + CHUNK_SIZE > bytes.length) throw new RangeError(`the file has no chunk ${index}`)
  return at
}

function flipU32(view: DataView, at: number): void {
  view.setUint32(at, ~view.getUint32(at, true) >>> 0, true)
}

/** Returns a damaged copy of `file`. */
export function applyDamage(file: Uint8Array, damage: Damage): Uint8Array {
  if (damage.kind === 'truncate') return file.slice(0, Math.max(0, Math.min(file.length, damage.length)))
  const out = file.slice()
  const view = new DataView(out.buffer)
  switch (damage.kind) {
    case 'stale-header': {
      const visible = damage.visibleChunks
      if (visible < 1) throw new RangeError('a stale header still declares at least one chunk')
      const lastVisible = chunkAt(out, visible - 1)
      view.setBigUint64(16, BigInt(visible - 1), true)
      view.setBigUint64(24, view.getBigUint64(lastVisible + 32, true) + 1n, true)
      view.setUint16(42, visible, true)
      view.setUint32(120, view.getUint32(120, true) | 0x1, true)
      view.setUint32(124, crc32(out, 0, 120), true)
      break
    }
    case 'zero-chunk': {
      const at = chunkAt(out, damage.chunk)
      out.fill(0, at, at + CHUNK_SIZE)
      break
    }
    case 'bad-chunk-magic':
      out.set([0x47, 0x41, 0x52, 0x42, 0x41, 0x47, 0x45, 0x21], chunkAt(out, damage.chunk)) // "GARBAGE!"
      break
    case 'bad-header-crc':
      flipU32(view, chunkAt(out, damage.chunk) + 124)
      break
    case 'bad-data-crc':
      flipU32(view, chunkAt(out, damage.chunk) + 52)
      break
    case 'bad-file-header-crc':
      flipU32(view, 124)
      break
    case 'bad-record':
      view.setUint32(chunkAt(out, damage.chunk) + 512, 0xdeadbeef, true)
      break
  }
  return out
}
