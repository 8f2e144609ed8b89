/**
 * One event record: where it is, its header fields, and its parsed BinXML.
 *
 * The BinXML is parsed into nodes when the record is read (so broken records are reported in
 * file order), but nothing is rendered: values stay as offsets into the chunk until a renderer
 * or accessor asks for them. A record keeps its chunk's bytes alive, and only those.
 */
import { filetimeToUnixMs, formatFiletime } from '../binary/filetime.js'
import { type ContentNode, type Fragment, NodeKind } from '../binxml/nodes.js'
import { DEFAULT_LIMITS, type Limits } from '../limits.js'

export class EvtxRecord {
  /** Event record id from the record header. */
  readonly recordId: number
  /** Index of the 64 KiB block holding the record, counting from the end of the file header. */
  readonly chunkIndex: number
  /** Offset of the record inside its chunk. */
  readonly chunkOffset: number
  /** Absolute offset of the record in the file. */
  readonly fileOffset: number
  /** Record size from its header. */
  readonly size: number
  /** The parsed document: usually one template instance. */
  readonly fragment: Fragment
  readonly writtenLow: number
  readonly writtenHigh: number
  /** Limits the record was read with; renderers apply them too. */
  readonly limits: Limits
  /**
   * For a record hidden inside another (read with `readHiddenRecords`; hidden-records.ts), the id
   * of the record that hides it; undefined for every record Windows shows.
   */
  readonly hiddenIn: number | undefined
  /**
   * True for a record left in its chunk's unused space by an earlier use of the chunk (a wrap or
   * a clear; read with `readLeftoverRecords`, leftover-records.ts): not part of the log Windows
   * shows.
   */
  readonly leftover: boolean

  constructor(
    recordId: number,
    writtenLow: number,
    writtenHigh: number,
    chunkIndex: number,
    chunkOffset: number,
    fileOffset: number,
    size: number,
    fragment: Fragment,
    limits: Limits = DEFAULT_LIMITS,
    hiddenIn?: number,
    leftover = false,
  ) {
    this.recordId = recordId
    this.writtenLow = writtenLow
    this.writtenHigh = writtenHigh
    this.chunkIndex = chunkIndex
    this.chunkOffset = chunkOffset
    this.fileOffset = fileOffset
    this.size = size
    this.fragment = fragment
    this.limits = limits
    this.hiddenIn = hiddenIn
    this.leftover = leftover
  }

  /** Written time from the record header, `YYYY-MM-DDThh:mm:ss.fffffffZ`. */
  get writtenTime(): string {
    return formatFiletime(this.writtenLow, this.writtenHigh)
  }

  /** Written time in milliseconds since the Unix epoch (sub-millisecond digits kept as decimals). */
  get writtenTimeMs(): number {
    return filetimeToUnixMs(this.writtenLow, this.writtenHigh)
  }
}

/** True when the fragment renders at least one element (a record that renders none is an error). */
export function rendersElement(fragment: Fragment): boolean {
  for (const n of fragment as ContentNode[]) {
    if (n.kind === NodeKind.Element) return true
    if (n.kind === NodeKind.TemplateInstance) {
      const root = n.template.root
      if (root !== undefined && (root.depId < 0 || !n.values.isNull(root.depId))) return true
    }
  }
  return false
}
