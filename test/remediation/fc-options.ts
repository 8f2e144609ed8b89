/**
 * fast-check settings for the remediation properties, from the project's shared ones
 * (test/helpers/properties.ts): the fixed seed (RDP_TRIAGE_PROPERTY_SEED) and the run count
 * (RDP_TRIAGE_PROPERTY_RUNS raises it), plus a timeout that grows with the runs.
 *
 * A failing run is reported as found, not shrunk (`endOnFailure`): shrinking renders and parses
 * the script again thousands of times, and tree-sitter's native trees, freed only when the
 * garbage collector runs, took 22 GB and five minutes for one failing property (a mutated base64
 * encoder). The seed and path fast-check prints reproduce the counterexample.
 */
import { PROPERTY_SEED, propertyRuns, propertyTimeout } from '../helpers/properties.js'

export function propOptions(defaultRuns: number): { seed: number; numRuns: number; endOnFailure: boolean } {
  return { seed: PROPERTY_SEED, numRuns: propertyRuns(defaultRuns), endOnFailure: true }
}

/** Timeout for a property whose runs take up to `msPerRun` each. */
export function propTimeout(defaultRuns: number, msPerRun: number): number {
  return propertyTimeout(propertyRuns(defaultRuns), msPerRun)
}
