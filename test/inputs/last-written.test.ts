import { describe, expect, it } from 'vitest'
import { daysOutOfLine, laterRecord } from '../../src/inputs/last-written.js'

const DAY = 86_400_000
const at = (id: number, ms: number | undefined) => ({ id, writtenMs: ms, writtenTime: ms === undefined ? undefined : new Date(ms).toISOString() })

describe('last-written record', () => {
  it('keeps the record with the higher id, whichever chunk came first', () => {
    expect(laterRecord(undefined, undefined)).toBeUndefined()
    expect(laterRecord(at(5, 0), undefined)).toEqual(at(5, 0))
    expect(laterRecord(undefined, at(5, 0))).toEqual(at(5, 0))
    expect(laterRecord(at(9, 1), at(5, 2))).toEqual(at(9, 1))
    expect(laterRecord(at(5, 2), at(9, 1))).toEqual(at(9, 1))
  })

  it('calls the newest time out of line only past a day, and only against a known time', () => {
    expect(daysOutOfLine(10 * DAY, at(1, 10 * DAY - 1000))).toBeUndefined()
    expect(daysOutOfLine(10 * DAY, at(1, 9 * DAY))).toBeUndefined()
    expect(daysOutOfLine(10 * DAY + 1, at(1, 9 * DAY))).toBeCloseTo(1, 6)
    expect(daysOutOfLine(40 * DAY, at(1, 10 * DAY))).toBe(30)
    expect(daysOutOfLine(40 * DAY, at(1, undefined))).toBeUndefined()
    expect(daysOutOfLine(undefined, at(1, 0))).toBeUndefined()
    expect(daysOutOfLine(40 * DAY, undefined)).toBeUndefined()
  })
})
