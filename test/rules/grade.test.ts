import { describe, expect, it } from 'vitest'
import { checkGrade, gradeConfidence, smallestSpan } from '../../src/rules/grade.js'

const ev = (signal: string, minute: number) => ({ signal, timeMs: minute * 60_000 })

describe('smallestSpan', () => {
  it('finds the tightest stretch holding every signal', () => {
    expect(smallestSpan([ev('a', 0), ev('b', 30), ev('a', 25), ev('c', 90)], ['a', 'b'])).toBe(5 * 60_000)
    expect(smallestSpan([ev('a', 0), ev('b', 3), ev('c', 5), ev('a', 100)], ['a', 'b', 'c'])).toBe(5 * 60_000)
    expect(smallestSpan([ev('a', 0), ev('a', 1)], ['a', 'b'])).toBeUndefined()
  })
  it('leaves out events without a time (a NaN span once made every allOf grade hold)', () => {
    const untimed = { signal: 'a', timeMs: Number.NaN }
    expect(smallestSpan([untimed, ev('b', 0)], ['a', 'b'])).toBeUndefined()
    expect(smallestSpan([untimed, ev('b', 0), ev('a', 5)], ['a', 'b'])).toBe(5 * 60_000)
    expect(checkGrade({ level: 'high', reason: 'together', allOf: ['a', 'b'], withinMinutes: 10 }, [untimed, ev('b', 600)])).toBeUndefined()
  })
})

describe('grades', () => {
  it('anyOf counts events of the listed signals against minCount', () => {
    const g = { level: 'medium' as const, reason: 'seen', anyOf: ['a', 'b'], minCount: 3 }
    expect(checkGrade(g, [ev('a', 0), ev('b', 1)])).toBeUndefined()
    expect(checkGrade(g, [ev('a', 0), ev('b', 1), ev('a', 2)])).toBe('seen (3 events)')
  })
  it('allOf with withinMinutes needs the signals close together', () => {
    const g = { level: 'high' as const, reason: 'together', allOf: ['a', 'b'], withinMinutes: 10 }
    expect(checkGrade(g, [ev('a', 0), ev('b', 11)])).toBeUndefined()
    expect(checkGrade(g, [ev('a', 0), ev('b', 11), ev('a', 9)])).toBe('together (closest: 2 min apart, limit 10 min)')
    // The limit itself is close enough; a millisecond more is not.
    expect(checkGrade(g, [ev('a', 0), ev('b', 10)])).toBe('together (closest: 10 min apart, limit 10 min)')
    expect(checkGrade(g, [ev('a', 0), { signal: 'b', timeMs: 10 * 60_000 + 1 }])).toBeUndefined()
    expect(checkGrade({ level: 'high', reason: 'both', allOf: ['a', 'b'] }, [ev('a', 0), ev('b', 999)])).toBe('both (a: 1, b: 1)')
    // Without withinMinutes, allOf still needs every signal.
    expect(checkGrade({ level: 'high', reason: 'both', allOf: ['a', 'b'] }, [ev('a', 0), ev('a', 1)])).toBeUndefined()
  })
  it('takes the highest level that holds and keeps every reason; low when none holds', () => {
    const grades = [
      { level: 'high' as const, reason: 'H', allOf: ['a', 'b'], withinMinutes: 1 },
      { level: 'medium' as const, reason: 'M', anyOf: ['a'] },
      { level: 'low' as const, reason: 'L', anyOf: ['c'] },
    ]
    expect(gradeConfidence(grades, [ev('a', 0), ev('c', 5)])).toEqual({ level: 'medium', reasons: ['medium: M (1 event)', 'low: L (1 event)'] })
    expect(gradeConfidence(grades, [ev('a', 0), ev('b', 0.5)]).level).toBe('high')
    expect(gradeConfidence(grades, [ev('z', 0)]).level).toBe('low')
    // The highest, not the first listed: a rule may list its grades in any order.
    expect(gradeConfidence([...grades].reverse(), [ev('a', 0), ev('b', 0.5), ev('c', 1)]).level).toBe('high')
  })
})
