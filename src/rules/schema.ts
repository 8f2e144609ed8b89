/**
 * The rule language: zod schemas for rule files and the scenario list, strict everywhere
 * (an unknown or misspelt key is an error, not a silently ignored option).
 *
 * A rule describes one failure scenario as data: which events are evidence of the failure
 * (`signals`, each a provider + event ids + channels + field conditions), which events show it
 * has cleared (`role: recovery`), which look alike but must be ignored (`role: ignored`), and how
 * combinations and counts grade the confidence (`confidence`). Conditions read fields by name,
 * by position (classic events with unnamed Data), the Binary blob, any data value, or a System
 * field; never the rendered message. docs/rules.md documents every key.
 */
import * as z from 'zod'
import { SYSTEM_FIELD_NAMES } from '../model/event.js'

/** Stable kebab-case identifiers for rules and signals. */
export const IdSchema = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'use lowercase kebab-case')

export const FieldRefSchema = z.union([
  z.strictObject({ name: z.string().min(1).describe('EventData/Data[@Name=...] or a UserData/EventXML child, by exact name') }),
  z.strictObject({ position: z.number().int().min(1).describe('the n-th EventData/Data without a Name (1-based)') }),
  z.strictObject({ binary: z.literal(true).describe('EventData/Binary as uppercase hex') }),
  z.strictObject({ any: z.literal(true).describe('any data value (named, unnamed or UserData)') }),
  z.strictObject({ system: z.enum(SYSTEM_FIELD_NAMES).describe('a System field') }),
])
export type FieldRef = z.infer<typeof FieldRefSchema>

const NumberLiteralSchema = z.union([z.number().int(), z.string().regex(/^(?:0[xX][0-9a-fA-F]{1,16}|-?\d{1,20})$/)])

export const ConditionSchema = z
  .strictObject({
    field: FieldRefSchema,
    equals: z.array(z.string()).min(1).optional().describe('text equal to one of these (case-insensitive, trimmed)'),
    number: z.array(NumberLiteralSchema).min(1).optional().describe('a number (decimal or 0x hex) equal to one of these'),
    contains: z.array(z.string().min(1)).min(1).optional().describe('text containing one of these (case-insensitive)'),
    matches: z.string().min(1).optional().describe('a regular expression (case-insensitive, Unicode)'),
    exists: z.boolean().optional().describe('the field is present (true) or absent (false)'),
    orMissing: z.boolean().optional().describe('the condition also holds when the field is absent'),
  })
  .superRefine((c, ctx) => {
    const ops = (['equals', 'number', 'contains', 'matches', 'exists'] as const).filter((k) => c[k] !== undefined)
    if (ops.length !== 1) ctx.addIssue({ code: 'custom', message: `a condition needs exactly one of equals, number, contains, matches, exists (got ${ops.join(', ') || 'none'})` })
    if (c.orMissing !== undefined && c.exists !== undefined) ctx.addIssue({ code: 'custom', message: 'orMissing cannot be combined with exists' })
    if (c.matches !== undefined) {
      try {
        new RegExp(c.matches, 'iu')
      } catch (error) {
        ctx.addIssue({ code: 'custom', path: ['matches'], message: `not a valid regular expression: ${(error as Error).message}` })
      }
    }
  })
export type Condition = z.infer<typeof ConditionSchema>

/** How a captured value is validated and normalized before it becomes a fact on the finding. */
export const FACT_KINDS = ['text', 'integer', 'hresult', 'thumbprint', 'hostname'] as const
export type FactKind = (typeof FACT_KINDS)[number]

export const CaptureSchema = z.strictObject({
  field: FieldRefSchema,
  as: z.enum(FACT_KINDS).describe('text; integer; hresult (0x + 8 hex digits, known status texts mapped); thumbprint (40 hex digits); hostname'),
})

const GuidSchema = z.string().regex(/^\{?[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\}?$/)

export const ProviderSchema = z
  .strictObject({
    names: z.array(z.string().min(1)).optional().describe('Provider/@Name values (case-insensitive)'),
    guids: z.array(GuidSchema).optional().describe('Provider/@Guid values'),
  })
  .refine((p) => (p.names?.length ?? 0) + (p.guids?.length ?? 0) > 0, 'a provider needs at least one name or GUID')

export const SIGNAL_ROLES = ['failure', 'supporting', 'recovery', 'ignored'] as const
export type SignalRole = (typeof SIGNAL_ROLES)[number]

export const SignalSchema = z.strictObject({
  id: IdSchema,
  role: z.enum(SIGNAL_ROLES).describe('failure raises the finding; supporting adds evidence and confidence; recovery after the last failure resolves it; ignored look-alikes are only counted'),
  description: z.string().min(1),
  provider: ProviderSchema,
  eventIds: z.array(z.number().int().min(0).max(0xffff)).min(1),
  channels: z.array(z.string().min(1)).min(1).optional().describe('System/Channel values (case-insensitive); any channel when absent'),
  where: z.array(ConditionSchema).optional().describe('all must hold'),
  capture: z.record(z.string().regex(/^[a-z][A-Za-z0-9]*$/), CaptureSchema).optional().describe('facts to put on the finding'),
})
export type Signal = z.infer<typeof SignalSchema>

export const CONFIDENCE_LEVELS = ['low', 'medium', 'high'] as const
export type ConfidenceLevel = (typeof CONFIDENCE_LEVELS)[number]

export const GradeSchema = z
  .strictObject({
    level: z.enum(CONFIDENCE_LEVELS),
    reason: z.string().min(1),
    anyOf: z.array(IdSchema).min(1).optional().describe('holds when these signals together have at least minCount events'),
    allOf: z.array(IdSchema).min(2).optional().describe('holds when each of these signals has at least minCount events (within withinMinutes of each other, if set)'),
    minCount: z.number().int().min(1).optional(),
    withinMinutes: z.number().positive().optional(),
  })
  .superRefine((g, ctx) => {
    if ((g.anyOf === undefined) === (g.allOf === undefined)) ctx.addIssue({ code: 'custom', message: 'a grade needs exactly one of anyOf, allOf' })
    if (g.withinMinutes !== undefined && g.allOf === undefined) ctx.addIssue({ code: 'custom', message: 'withinMinutes needs allOf' })
  })
export type Grade = z.infer<typeof GradeSchema>

export const LinkSchema = z.strictObject({ title: z.string().min(1), url: z.url() })

export const RuleSchema = z
  .strictObject({
    $schema: z.string().optional(),
    id: IdSchema,
    scenario: z.string().regex(/^S\d+$/),
    title: z.string().min(1),
    summary: z.string().min(1),
    cause: z.string().min(1),
    remediation: z.array(z.string().min(1)).min(1),
    links: z.array(LinkSchema).min(1),
    signals: z.array(SignalSchema).min(1),
    confidence: z.array(GradeSchema).min(1).describe('grades, checked in order; the highest level that holds wins'),
  })
  .superRefine((rule, ctx) => {
    const roles = new Map<string, SignalRole>()
    rule.signals.forEach((s, i) => {
      if (roles.has(s.id)) ctx.addIssue({ code: 'custom', path: ['signals', i, 'id'], message: `duplicate signal id ${s.id}` })
      roles.set(s.id, s.role)
    })
    if (![...roles.values()].includes('failure')) ctx.addIssue({ code: 'custom', path: ['signals'], message: 'a rule needs at least one failure signal' })
    const graded = new Set<string>()
    rule.confidence.forEach((g, i) => {
      for (const id of [...(g.anyOf ?? []), ...(g.allOf ?? [])]) {
        const role = roles.get(id)
        if (role === undefined) ctx.addIssue({ code: 'custom', path: ['confidence', i], message: `unknown signal ${id}` })
        else if (role !== 'failure' && role !== 'supporting') ctx.addIssue({ code: 'custom', path: ['confidence', i], message: `signal ${id} has role ${role}; only failure and supporting signals grade confidence` })
        graded.add(id)
      }
    })
    for (const [id, role] of roles) {
      if (role === 'failure' && !graded.has(id)) ctx.addIssue({ code: 'custom', path: ['confidence'], message: `failure signal ${id} is in no grade` })
    }
    const kinds = new Map<string, string>()
    for (const s of rule.signals) {
      for (const [name, c] of Object.entries(s.capture ?? {})) {
        const k = kinds.get(name)
        if (k !== undefined && k !== c.as) ctx.addIssue({ code: 'custom', path: ['signals'], message: `capture ${name} is ${k} in one signal and ${c.as} in another` })
        kinds.set(name, c.as)
      }
    }
  })
export type Rule = z.infer<typeof RuleSchema>

export const ScenarioSchema = z.strictObject({
  id: z.string().regex(/^S\d+$/),
  title: z.string().min(1),
  description: z.string().min(1),
})
export type Scenario = z.infer<typeof ScenarioSchema>

export const RuleSetSchema = z
  .strictObject({
    scenarios: z.array(ScenarioSchema).min(1),
    rules: z.array(RuleSchema),
  })
  .superRefine((set, ctx) => {
    const scenarios = new Set(set.scenarios.map((s) => s.id))
    const ids = new Set<string>()
    set.rules.forEach((r, i) => {
      if (!scenarios.has(r.scenario)) ctx.addIssue({ code: 'custom', path: ['rules', i, 'scenario'], message: `unknown scenario ${r.scenario}` })
      if (ids.has(r.id)) ctx.addIssue({ code: 'custom', path: ['rules', i, 'id'], message: `duplicate rule id ${r.id}` })
      ids.add(r.id)
    })
  })
export type RuleSet = z.infer<typeof RuleSetSchema>
