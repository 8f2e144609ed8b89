/**
 * Settings of the writer's properties (round trip, split stream, damage): the project's fixed
 * seed and run count (test/helpers/properties.ts), 200 runs by default, the count CI must reach.
 */
import { PROPERTY_SEED, propertyRuns, propertyTimeout } from '../helpers/properties.js'

export const PROPERTY_RUNS = propertyRuns(200)

export const propertyParams = { numRuns: PROPERTY_RUNS, seed: PROPERTY_SEED, endOnFailure: false } as const

/** A timeout for these properties (about 10 ms a run at most, measured at 10,000 runs). */
export const PROPERTY_TIMEOUT = propertyTimeout(PROPERTY_RUNS, 10)
