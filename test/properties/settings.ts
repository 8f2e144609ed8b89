/**
 * Run settings shared by the property tests: a fixed seed (so failures reproduce) and run counts
 * from RDP_TRIAGE_PROPERTY_RUNS (default 200, the count CI must reach), with
 * RDP_TRIAGE_PROPERTY_SEED to explore other seeds.
 */
export const PROPERTY_RUNS = Number(process.env.RDP_TRIAGE_PROPERTY_RUNS ?? 200)
export const PROPERTY_SEED = Number(process.env.RDP_TRIAGE_PROPERTY_SEED ?? 20261120)

export const propertyParams = { numRuns: PROPERTY_RUNS, seed: PROPERTY_SEED, endOnFailure: false } as const
