/**
 * How many blocks a batch holds, whatever the option says (test/node/parallel.test.ts reads
 * files with the odd values).
 */
import { describe, expect, it } from 'vitest'
import { batchSize, MAX_BATCH_BLOCKS } from '../../src/node/ordered-batches.js'

describe('batchSize', () => {
  it.each([
    [undefined, 16],
    [Number.NaN, 16],
    [Number.POSITIVE_INFINITY, 16],
    [Number.NEGATIVE_INFINITY, 16],
    [0, 1],
    [-3, 1],
    [1.5, 1],
    [7.9, 7],
    [64, 64],
    [1e9, MAX_BATCH_BLOCKS],
  ])('takes %s as %i blocks', (wanted, blocks) => {
    expect(batchSize(wanted)).toBe(blocks)
  })
})
