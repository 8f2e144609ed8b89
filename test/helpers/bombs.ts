/**
 * Records whose rendering multiplies: a template names one value `k` times, and that value is a
 * BinXml fragment instantiating another template that names a long string `k` times, so a few
 * KiB of record ask for k × k × length characters (a billion by default). Every renderer must
 * stop at `limits.maxRenderedLength` with LIMIT_EXCEEDED, quickly, and the rest of the file must
 * still be read. Built with the byte-level chunk builder, independent of src/writer.
 */
import {
  attribute,
  ChunkWriter,
  finishChunk,
  openElement,
  record,
  simpleTemplate,
  simpleValues,
  substitution,
  templateChunk,
  instanceRecord,
  instanceValue,
  templateInstance,
  v,
} from './chunk-builder.js'

/**
 * Where the multiplied text lands:
 * - `text`: the record's Event holds `k` copies of the fragment (the reference JSON renderer);
 * - `elements`: `k` child elements with distinct names each hold one copy (a shape the compiled
 *   JSON programs model);
 * - `attribute`: the inner template writes its string `k` times into an attribute;
 * - `data`: an RCM 1058 event in System whose `Message` Data holds a fragment that holds `k`
 *   copies (what the analyzer reads from an event a rule wants).
 */
export type BombKind = 'text' | 'elements' | 'attribute' | 'data'

const INNER = '{b0b0b0b0-0000-0000-0000-00000000000b}'
const OUTER = '{a0a0a0a0-0000-0000-0000-00000000000a}'
const MIDDLE = '{c0c0c0c0-0000-0000-0000-00000000000c}'
const RCM = 'Microsoft-Windows-TerminalServices-RemoteConnectionManager'
const T0 = 134_081_568_000_000_000n

/** An element whose content (or, with `inAttribute`, whose attribute `v`) names value 0 `k` times. */
function repeating(name: string, k: number, type: number, inAttribute = false): (w: ChunkWriter) => void {
  return (w) => {
    const close = openElement(w, name, { inTemplate: true, attrs: inAttribute })
    if (inAttribute) {
      attribute(w, 'v', false)
      for (let i = 0; i < k; i++) substitution(w, 0, type)
      w.u8(0x03)
    } else {
      w.u8(0x02)
      for (let i = 0; i < k; i++) substitution(w, 0, type)
      w.u8(0x04)
    }
    close()
  }
}

/** `<Event>` with `k` children `<e0>…<e{k-1}>`, each holding value 0. */
function manyElements(k: number): (w: ChunkWriter) => void {
  return (w) => {
    const close = openElement(w, 'Event', { inTemplate: true })
    w.u8(0x02)
    for (let i = 0; i < k; i++) {
      const closeChild = openElement(w, `e${i}`, { inTemplate: true })
      w.u8(0x02)
      substitution(w, 0, 0x21)
      w.u8(0x04)
      closeChild()
    }
    w.u8(0x04)
    close()
  }
}

/**
 * A chunk of records `first`…`first + 2`: the first two define the templates with short values
 * (they render normally), the last is the bomb.
 */
export function bombChunk(kind: BombKind, first: number, k = 1000, length = 1000): Uint8Array {
  const w = new ChunkWriter()
  const defined = new Map<string, number>()
  const inner = repeating('b', k, 0x01, kind === 'attribute')
  instanceRecord(w, first, INNER, inner, [v.str('y')], defined)
  const long = instanceValue(INNER, defined, [v.str('y'.repeat(length))])
  let last: number
  if (kind === 'data') {
    // The middle template names its BinXml value k times; the event's Message is one of those.
    instanceRecord(w, first + 1, MIDDLE, repeating('x', k, 0x21), [instanceValue(INNER, defined, [v.str('y')])], defined)
    const payload = instanceValue(MIDDLE, defined, [long])
    const vals = simpleValues(first + 2, '', RCM, 1058)
    vals[5] = payload
    last = record(w, first + 2, T0 + BigInt(first + 2) * 10_000_000n, (x) => {
      x.raw([0x0f, 0x01, 0x01, 0x00])
      templateInstance(x, '{11111111-2222-3333-4444-555555555555}', simpleTemplate, vals, defined)
      x.u8(0x00)
    })
  } else {
    const outer = kind === 'elements' ? manyElements(k) : repeating('Event', k, 0x21)
    instanceRecord(w, first + 1, MIDDLE, repeating('x', 3, 0x01), [v.str('z')], defined)
    last = instanceRecord(w, first + 2, OUTER, outer, [long], defined)
  }
  return finishChunk(w, { firstId: first, lastId: first + 2, lastRecordOffset: last })
}

/** One record whose attribute names an `length`-character string `k` times (no nesting). */
export function flatAttributeChunk(k: number, length: number): Uint8Array {
  const w = new ChunkWriter()
  const last = instanceRecord(w, 1, INNER, repeating('b', k, 0x01, true), [v.str('y'.repeat(length))], new Map())
  return finishChunk(w, { firstId: 1, lastId: 1, lastRecordOffset: last })
}

/**
 * One record (id 1) whose template repeats a 2,900-character value 12,000 times in its Event:
 * 34.8 million characters, past the 4 MiB render limit in XML and in JSON, though its System
 * fields (none) and text-format lines read fine.
 */
export function overLimitChunk(): Uint8Array {
  return templateChunk('{b0b0b0b0-0000-0000-0000-000000000001}', (w) => {
    const close = openElement(w, 'Event', { inTemplate: true })
    w.u8(0x02)
    for (let i = 0; i < 12000; i++) substitution(w, 0, 0x01)
    w.u8(0x04)
    close()
  }, [[v.str('x'.repeat(2900))]])
}
