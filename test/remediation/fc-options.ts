/**
 * fast-check settings for the remediation properties, from the project's shared ones
 * (test/helpers/properties.ts): the fixed seed (RDP_TRIAGE_PROPERTY_SEED) and the run count
 * (RDP_TRIAGE_PROPERTY_RUNS raises it), plus a timeout that grows with the runs.
 */
import { PROPERTY_SEED, propertyRuns, propertyTimeout } from '../helpers/properties.js'

export function propOptions(defaultRuns: number): { seed: number; numRuns: number } {
  return { seed: PROPERTY_SEED, numRuns: propertyRuns(defaultRuns) }
}

/** Timeout for a property whose runs take up to `msPerRun` each. */
export function propTimeout(defaultRuns: number, msPerRun: number): number {
  return propertyTimeout(propertyRuns(defaultRuns), msPerRun)
}
