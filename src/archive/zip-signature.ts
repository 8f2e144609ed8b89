/**
 * The ZIP signature: whether bytes start as a ZIP archive does. One test for every layer that
 * asks (a file named on the command line, the hint for a file that is not EVTX, the output
 * guard), kept apart from the reader so that asking loads nothing else.
 */

/** A local header (`PK\x03\x04`), or the end record of an empty archive (`PK\x05\x06`). */
export function startsLikeZip(head: Uint8Array): boolean {
  return head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b && ((head[2] === 3 && head[3] === 4) || (head[2] === 5 && head[3] === 6))
}
