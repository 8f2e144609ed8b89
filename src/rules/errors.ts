/**
 * The error thrown for rule data that does not validate: one message listing every problem with
 * its path inside the rule set, so a rule author can fix them all in one go.
 */
import type * as z from 'zod'

export interface RuleIssue {
  /** Path inside the rule set, e.g. `rules.0.signals.1.where.0`. */
  readonly path: string
  readonly message: string
}

export class RuleError extends Error {
  override readonly name = 'RuleError'
  readonly code = 'RULE_INVALID'
  readonly issues: readonly RuleIssue[]

  constructor(message: string, issues: readonly RuleIssue[]) {
    super(message)
    this.issues = issues
  }

  static fromZod(error: z.ZodError, what: string): RuleError {
    const issues = error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }))
    const lines = issues.map((i) => `  ${i.path || '(root)'}: ${i.message}`)
    return new RuleError(`${what} is invalid:\n${lines.join('\n')}`, issues)
  }
}
