/**
 * fast-check settings for the remediation properties: a fixed seed by default so CI runs are
 * repeatable; RDP_TRIAGE_FC_SEED picks another, RDP_TRIAGE_FC_RUNS raises the run count.
 */
const seedText = process.env.RDP_TRIAGE_FC_SEED
const runsText = process.env.RDP_TRIAGE_FC_RUNS

export function propOptions(defaultRuns: number): { seed: number; numRuns: number } {
  const seed = seedText === undefined ? 0x5eed5 : Number.parseInt(seedText, 10)
  const numRuns = runsText === undefined ? defaultRuns : Number.parseInt(runsText, 10)
  return { seed, numRuns }
}
