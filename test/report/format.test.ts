import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { withThousands } from '../../src/report/format.js'
import { PROPERTY_SEED, propertyRuns } from '../helpers/properties.js'

describe('withThousands', () => {
  it('puts a comma between thousands', () => {
    expect(withThousands(0)).toBe('0')
    expect(withThousands(999)).toBe('999')
    expect(withThousands(1000)).toBe('1,000')
    expect(withThousands(1234567)).toBe('1,234,567')
    expect(withThousands(-12345)).toBe('-12,345')
  })

  it("writes every safe integer as toLocaleString('en-US') does", () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer(), fc.maxSafeInteger(), fc.integer({ min: -1_000_000, max: 1_000_000 })), (n) => {
        expect(withThousands(n)).toBe(n.toLocaleString('en-US'))
      }),
      { numRuns: propertyRuns(500), seed: PROPERTY_SEED },
    )
  })
})
