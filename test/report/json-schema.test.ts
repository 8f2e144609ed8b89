import { describe, expect, it } from 'vitest'
import { reportJsonSchema, ruleJsonSchema } from '../../src/report/json-schema.js'
import { expectGolden } from '../helpers/golden.js'

describe('generated JSON Schemas', () => {
  it('docs/report.schema.json is the report schema of the code', () => {
    expectGolden('docs/report.schema.json', `${JSON.stringify(reportJsonSchema(), null, 2)}\n`)
  })
  it('docs/rule.schema.json is the rule schema of the code', () => {
    expectGolden('docs/rule.schema.json', `${JSON.stringify(ruleJsonSchema(), null, 2)}\n`)
  })
  it('rejects unknown keys and names the version', () => {
    const s = reportJsonSchema()
    expect(s.additionalProperties).toBe(false)
    expect((s.properties as Record<string, { const?: number }>).schemaVersion?.const).toBe(1)
  })
})
