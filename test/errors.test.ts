import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { EvtxError, EvtxErrorCode } from '../src/errors.js'

describe('EvtxErrorCode', () => {
  it('every code is documented in docs/errors.md: in the table, or among the reserved ones', () => {
    const doc = readFileSync('docs/errors.md', 'utf8')
    const reservedText = doc.slice(doc.indexOf('are reserved and never reported'))
    const reserved = ['EVTX_CHUNK_RECORD_COUNT', 'EVTX_RECORD_ID_OUT_OF_RANGE', 'BINXML_BAD_VALUE_TYPE', 'BINXML_BAD_VALUE_SIZE', 'BINXML_BAD_SUBSTITUTION', 'BINXML_BAD_TIME']
    for (const code of Object.values(EvtxErrorCode)) {
      if (reserved.includes(code)) expect(reservedText, code).toContain(`\`${code}\``)
      else expect(doc, code).toContain(`| \`${code}\` |`)
    }
  })
})

describe('EvtxError.withLocation', () => {
  it('adds what the outer layer knows and keeps what the error already said', () => {
    const inner = new EvtxError(EvtxErrorCode.ReadOutOfBounds, 'read past the record', { chunkOffset: 0x40, recordId: undefined })
    const outer = inner.withLocation({ fileOffset: 0x11040, chunkIndex: 1, chunkOffset: 0x999, recordId: 7 })
    expect(outer.location).toEqual({ fileOffset: 0x11040, chunkIndex: 1, chunkOffset: 0x40, recordId: 7 })
    expect(outer.code).toBe(EvtxErrorCode.ReadOutOfBounds)
    expect(outer.message).toBe('read past the record')
    expect(outer.stack).toBe(inner.stack)
  })
})
