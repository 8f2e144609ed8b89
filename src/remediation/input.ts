/**
 * What the script generator needs from a report, and nothing more. Every string here may come
 * from an event log (computer names, providers, data fields, file names) and is treated as
 * hostile by the generator: it reaches the script only through src/remediation/powershell.ts.
 */

export const SCENARIOS = ['S1', 'S2', 'S3'] as const
/** S1 self-signed certificate / MachineKeys; S2 TLS disabled; S3 RD Connection Broker. */
export type Scenario = (typeof SCENARIOS)[number]

export const FINDING_STATUSES = ['current', 'stale', 'resolved'] as const
/** current: failing at the end of the logs; stale: seen earlier only; resolved: a later event shows recovery. */
export type FindingStatus = (typeof FINDING_STATUSES)[number]

/** One event record that supports a finding. */
export interface RemediationEvidence {
  readonly file: string
  readonly recordId: number | string
  readonly time: string
  readonly provider: string
  readonly eventId: number
  readonly channel?: string | undefined
  readonly computer?: string | undefined
  /** Why the rule kept it: failure, supporting, recovery... */
  readonly role?: string | undefined
  /** The fields the rule matched on (name to value), in the order the report gives them. */
  readonly fields: readonly (readonly [string, string])[]
}

export interface RemediationFinding {
  readonly ruleId: string
  readonly scenario: Scenario
  readonly status: FindingStatus
  /** As the report states it ('high', 0.9, ...). */
  readonly confidence: string | number
  readonly title?: string | undefined
  readonly firstSeen?: string | undefined
  readonly lastSeen?: string | undefined
  readonly count?: number | undefined
  readonly evidence: readonly RemediationEvidence[]
  /** Certificate thumbprints the report took from the evidence (validated again before use). */
  readonly thumbprints?: readonly string[] | undefined
}

export interface RemediationInputFile {
  readonly path: string
  readonly channel?: string | undefined
  readonly records?: number | undefined
}

/** The generator's whole input. */
export interface RemediationInput {
  /** rdp-triage version that wrote the report. */
  readonly toolVersion: string
  /** The time the analysis ran up to, as the report carries it (its newest record, or --now); never the clock. */
  readonly reportTime?: string | undefined
  readonly inputs: readonly RemediationInputFile[]
  readonly findings: readonly RemediationFinding[]
  /** Lines for the header (missing logs, findings this version cannot repair). */
  readonly notes?: readonly string[] | undefined
}
