/**
 * JSON Schemas generated from the zod schemas: the report (docs/report.schema.json) and the rule
 * files (docs/rule.schema.json). Tests keep the committed copies in step with the code.
 */
import * as z from 'zod'
import { RuleSchema } from '../rules/schema.js'
import { REPORT_SCHEMA_VERSION, ReportSchema } from './schema.js'

/** The JSON Schema (draft 2020-12) of the report. */
export function reportJsonSchema(): Record<string, unknown> {
  return {
    $id: `https://rdp-triage.invalid/report.v${REPORT_SCHEMA_VERSION}.schema.json`,
    title: `rdp-triage analyze report, schema version ${REPORT_SCHEMA_VERSION}`,
    ...z.toJSONSchema(ReportSchema, { target: 'draft-2020-12' }),
  }
}

/** The JSON Schema (draft 2020-12) of one rule file; checks beyond its shape are in docs/rules.md. */
export function ruleJsonSchema(): Record<string, unknown> {
  return {
    $id: 'https://rdp-triage.invalid/rule.schema.json',
    title: 'rdp-triage rule',
    ...z.toJSONSchema(RuleSchema, { target: 'draft-2020-12', io: 'input' }),
  }
}
