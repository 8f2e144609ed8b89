/**
 * Settings shared by the property tests: a fixed seed (so CI runs are reproducible) and run counts
 * from RDP_TRIAGE_PROPERTY_RUNS (small by default; CI and soak runs raise it).
 */
export const PROPERTY_SEED = Number(process.env.RDP_TRIAGE_PROPERTY_SEED ?? 20261125)

export function propertyRuns(fallback: number): number {
  const v = Number(process.env.RDP_TRIAGE_PROPERTY_RUNS)
  return Number.isInteger(v) && v > 0 ? v : fallback
}

/** A test timeout that grows with the run count (soak runs with thousands of runs take long). */
export function propertyTimeout(runs: number, msPerRun: number): number {
  return Math.max(120_000, runs * msPerRun)
}
