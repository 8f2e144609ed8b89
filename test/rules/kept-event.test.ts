import v8 from 'node:v8'
import vm from 'node:vm'
import { describe, expect, it } from 'vitest'
import { eventValues, makeEvent } from '../../src/model/event.js'
import { keptEvent, keptFields, LEFT_OUT_LABEL, MAX_KEPT_CHARS } from '../../src/rules/kept-event.js'
import { at, rcm, schannel } from '../helpers/events.js'

/** The characters of an event's data values and labels. */
const chars = (e: Parameters<typeof eventValues>[0]) => eventValues(e).reduce((n, v) => n + v.label.length + v.value.length, 0)

describe('keptEvent', () => {
  it('keeps an event of a real size as it is (the same object)', () => {
    const e = schannel(36871, at(0), { Type: 'server', ErrorState: '10013', Note: 'x'.repeat(MAX_KEPT_CHARS - 1000) })
    expect(keptEvent(e)).toBe(e)
  })
  it('clips a value of millions of characters, saying how much was cut', () => {
    const e = rcm(1058, at(0), { status: `Access is denied.${'x'.repeat(4_000_000)}` })
    const kept = keptEvent(e)
    expect(chars(kept)).toBeLessThan(MAX_KEPT_CHARS + 100)
    expect(kept.unnamedData[0]).toMatch(/^Access is denied\.x+… \(\d+ more characters\)$/)
    expect([kept.eventId, kept.provider, kept.recordId, kept.timeCreatedMs]).toEqual([e.eventId, e.provider, e.recordId, e.timeCreatedMs])
  })
  it('keeps no memory of the text it clipped (a slice of it would keep all of it alive)', () => {
    v8.setFlagsFromString('--expose-gc')
    const gc = vm.runInNewContext('gc') as () => void
    gc()
    const before = process.memoryUsage().heapUsed
    // 50 texts of 4 million characters: 200 MB if the copies kept them alive.
    const kept = Array.from({ length: 50 }, (_, i) => keptEvent(rcm(1058, at(0), { status: `${i}${'x'.repeat(4_000_000)}` })))
    gc()
    expect((process.memoryUsage().heapUsed - before) / 1e6).toBeLessThan(40)
    expect(kept).toHaveLength(50)
  })
  it('leaves out values past the budget and counts them, however small each is', () => {
    const e = makeEvent({ eventId: 2056, unnamedData: new Array(1_000_000).fill(''), data: { a: '1' } })
    const kept = keptEvent(e)
    expect(kept.unnamedData.length).toBeLessThan(MAX_KEPT_CHARS / 16)
    expect(kept.data).toEqual({ a: '1', [LEFT_OUT_LABEL]: `${1_000_000 - kept.unnamedData.length} more values not kept` })
  })
  it('keeps a field named __proto__ a plain field', () => {
    const data: Record<string, string> = {}
    Object.defineProperty(data, '__proto__', { value: 'y'.repeat(MAX_KEPT_CHARS), enumerable: true })
    const kept = keptEvent(makeEvent({ eventId: 1, data }))
    expect(Object.keys(kept.data)).toEqual(['__proto__'])
    expect(Object.getPrototypeOf(kept.data)).toBe(Object.prototype)
  })
})

describe('keptFields', () => {
  it('keeps fields of a real size as they are, clips the rest', () => {
    const few = [{ label: 'Type', value: 'server' }]
    expect(keptFields(few)).toBe(few)
    const many = new Array(100_000).fill({ label: 'Data[1]', value: 'Logon to the database failed.' })
    const kept = keptFields(many)
    expect(kept.length).toBeLessThan(MAX_KEPT_CHARS / 16)
    expect(kept.at(-1)).toEqual({ label: LEFT_OUT_LABEL, value: `${100_000 - kept.length + 1} more values not kept` })
  })
})
