/**
 * The report: a versioned zod schema, the contract for everything that reads `analyze` output
 * (the JSON format, the remediation script generator, other tools). docs/report.schema.json is
 * generated from it (test/report/json-schema.test.ts keeps it up to date) and docs/report.md
 * explains it.
 *
 * Stability: absent values are `null`, never missing keys; lists are always present. Adding an
 * optional key is a minor change; renaming, removing or changing the meaning of a key bumps
 * REPORT_SCHEMA_VERSION. Facts on findings are validated values a script may build on (a
 * thumbprint is 40 hex digits, an HRESULT is 0x + 8 hex digits); `text` facts and every other
 * string taken from a log are untrusted and must be quoted or encoded before use.
 */
import * as z from 'zod'
import { CONFIDENCE_LEVELS, LinkSchema, SIGNAL_ROLES } from '../rules/schema.js'

export const REPORT_SCHEMA_VERSION = 1

/** `YYYY-MM-DDThh:mm:ss[.f…]Z` (event times keep Windows' seven fractional digits). */
const IsoTime = z.string().regex(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,9})?Z$/)
const ScenarioId = z.string().regex(/^S\d+$/)
const Count = z.number().int().min(0)

export const FactSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('text'), values: z.array(z.string()).describe('untrusted text from the log') }),
  z.strictObject({ kind: z.literal('integer'), values: z.array(z.number().int()) }),
  z.strictObject({ kind: z.literal('hresult'), values: z.array(z.string().regex(/^0x[0-9A-F]{8}$/)) }),
  z.strictObject({ kind: z.literal('thumbprint'), values: z.array(z.string().regex(/^[0-9A-F]{40}$/)) }),
  z.strictObject({
    kind: z.literal('hostname'),
    values: z.array(z.string().regex(/^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/)),
  }),
])
export type Fact = z.infer<typeof FactSchema>

export const EvidenceSchema = z.strictObject({
  file: z.string().describe('the log file, as given or found'),
  channel: z.string().nullable(),
  recordId: z.number().int().nullable().describe('EventRecordID'),
  time: IsoTime.nullable().describe('TimeCreated'),
  provider: z.string().nullable(),
  eventId: z.number().int(),
  computer: z.string().nullable(),
  signal: z.string().describe('the rule signal the event matched'),
  role: z.enum(SIGNAL_ROLES),
  inWindow: z.boolean(),
  matched: z.record(z.string(), z.string()).describe('the fields the signal matched on, by label (Type, Data[1], param3, ...)'),
  data: z.record(z.string(), z.string()).describe('every data value of the event, by label'),
  message: z.string().nullable().describe("the event's English message from the built-in catalog, with its insertion strings; null when not in the catalog"),
})
export type Evidence = z.infer<typeof EvidenceSchema>

export const SignalCountSchema = z.strictObject({
  id: z.string(),
  role: z.enum(SIGNAL_ROLES),
  description: z.string(),
  count: Count,
  countInWindow: Count,
  firstSeen: IsoTime.nullable(),
  lastSeen: IsoTime.nullable(),
})

export const FINDING_STATUSES = ['current', 'stale', 'resolved'] as const

export const FindingSchema = z.strictObject({
  id: z.string().describe('stable: the rule id'),
  ruleId: z.string(),
  scenario: ScenarioId,
  title: z.string(),
  summary: z.string(),
  status: z.enum(FINDING_STATUSES).describe('resolved: a recovery event follows the last failure; current: failure events inside the window; stale: only before it'),
  inWindow: z.boolean(),
  resolved: z.boolean(),
  confidence: z.strictObject({ level: z.enum(CONFIDENCE_LEVELS), reasons: z.array(z.string()) }),
  firstSeen: IsoTime.nullable(),
  lastSeen: IsoTime.nullable(),
  count: Count.describe('failure events'),
  countInWindow: Count,
  signals: z.array(SignalCountSchema),
  recovery: EvidenceSchema.nullable(),
  evidence: z.array(EvidenceSchema),
  evidenceOmitted: Count,
  facts: z.record(z.string(), FactSchema).describe('validated values taken from the evidence, by name (docs/rules.md lists them per rule)'),
  cause: z.string(),
  remediation: z.array(z.string()),
  links: z.array(LinkSchema),
  notes: z.array(z.string()),
})
export type Finding = z.infer<typeof FindingSchema>

export const SCENARIO_STATUSES = ['current', 'stale', 'resolved', 'absent'] as const

export const ScenarioResultSchema = z.strictObject({
  id: ScenarioId,
  title: z.string(),
  status: z.enum(SCENARIO_STATUSES).describe('the most pressing status of its findings: current, stale, resolved; absent when none'),
  coverage: z.enum(['full', 'partial', 'none']).describe('whether the logs its failure signals live in were among the inputs; none also when no rule looks for its failure events'),
  findings: z.array(z.string()),
  notes: z.array(z.string()),
})
export type ScenarioResult = z.infer<typeof ScenarioResultSchema>

export const DiagnosticSchema = z.strictObject({
  code: z.string(),
  severity: z.enum(['info', 'warning', 'error']),
  message: z.string(),
  location: z.strictObject({
    fileOffset: z.number().int().optional(),
    chunkIndex: z.number().int().optional(),
    chunkOffset: z.number().int().optional(),
    recordId: z.number().int().optional(),
  }),
})

export const InputSchema = z.strictObject({
  file: z.string(),
  origin: z.enum(['file', 'folder', 'volume', 'memory', 'archive']),
  size: Count.nullable(),
  channel: z.string().nullable().describe("the records' channel (most records), else the one the file name stands for"),
  fileNameChannel: z.string(),
  channels: z.array(z.strictObject({ name: z.string(), records: Count })),
  computers: z.array(z.strictObject({ name: z.string(), records: Count })).describe("the computers the records name (System/Computer of each chunk's first record), most records first; untrusted text from the log"),
  records: Count,
  recordsExamined: Count.describe('records whose provider and event id a rule wants, read into events'),
  recordIds: z.strictObject({ first: z.number().int(), last: z.number().int() }).nullable(),
  timeRange: z.strictObject({ first: IsoTime, last: IsoTime }).nullable(),
  chunks: z.strictObject({ valid: Count, empty: Count, bad: Count, truncated: Count }),
  diagnostics: z.strictObject({
    total: Count,
    bySeverity: z.strictObject({ info: Count, warning: Count, error: Count }),
    byCode: z.record(z.string(), Count),
    items: z.array(DiagnosticSchema),
  }),
  status: z.enum(['ok', 'damaged', 'unreadable']),
  error: z.string().nullable(),
  notes: z.array(z.string()),
  logClears: z
    .array(
      z.strictObject({
        channel: z.string().describe('the log that was cleared; untrusted text from the log'),
        time: z.string().nullable().describe("the event's TimeCreated as Windows renders it"),
        account: z.string().nullable().describe('DOMAIN\\user that cleared it; untrusted text from the log'),
        recordId: z.number().int().nullable(),
        eventId: z.union([z.literal(104), z.literal(1102)]),
      }),
    )
    .describe('clears of logs this input records (Eventlog 104 in System for any log, 1102 in Security for itself), the latest 10: a cleared log holds nothing from before the clear'),
  leftoverFailures: z
    .array(
      z.strictObject({
        scenario: ScenarioId,
        count: Count,
        first: z.string().nullable().describe("the earliest event's TimeCreated as Windows renders it; null when none has a time"),
        last: z.string().nullable().describe("the latest event's TimeCreated; null when none has a time"),
      }),
    )
    .describe("failure events of each scenario among the records a wrap or a clear left in this input's unused space (dump --leftover-records prints them): not part of the log, so never analyzed and never a finding, but after a clear perhaps all that is left of a problem; [] when none"),
})
export type ReportInput = z.infer<typeof InputSchema>

export const MissingLogSchema = z.strictObject({
  channel: z.string(),
  fileName: z.string(),
  neededFor: z.array(ScenarioId),
  hint: z.string(),
})

export const NotCheckedSchema = z.strictObject({
  scenario: ScenarioId.nullable(),
  what: z.string(),
  why: z.string(),
})

export const ReportSchema = z.strictObject({
  schemaVersion: z.literal(REPORT_SCHEMA_VERSION),
  generator: z.strictObject({ name: z.literal('rdp-triage'), version: z.string() }),
  analysis: z.strictObject({
    anchor: IsoTime.nullable().describe('end of the window'),
    anchorSource: z.enum(['newest-record', 'now-option', 'none']),
    window: z.strictObject({ duration: z.string(), milliseconds: z.number().int().positive(), start: IsoTime.nullable(), end: IsoTime.nullable() }),
    strict: z.boolean(),
    rules: z.array(z.strictObject({ id: z.string(), scenario: ScenarioId, title: z.string() })),
  }),
  conclusion: z.strictObject({
    found: z.array(ScenarioId).describe('scenarios with a current or stale finding (exit code 1)'),
    resolved: z.array(ScenarioId),
    summary: z.string(),
  }),
  scenarios: z.array(ScenarioResultSchema),
  findings: z.array(FindingSchema),
  inputs: z.array(InputSchema),
  inputProblems: z.array(z.strictObject({ input: z.string(), message: z.string() })),
  missingLogs: z.array(MissingLogSchema),
  notChecked: z.array(NotCheckedSchema),
})
export type Report = z.infer<typeof ReportSchema>
