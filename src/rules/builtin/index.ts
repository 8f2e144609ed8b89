/**
 * The built-in rule set: the three scenarios of Microsoft's "Troubleshoot Azure VM RDP connection
 * issues by Event ID", one data file per rule (docs/rules.md explains the format). Compiled once,
 * on first use.
 */
import { type CompiledRuleSet, compileRules } from '../compile.js'
import scenarios from './scenarios.json' with { type: 'json' }
import s1 from './s1-self-signed-certificate.json' with { type: 'json' }
import s2 from './s2-tls-disabled-by-policy.json' with { type: 'json' }
import s3 from './s3-connection-broker-hostname.json' with { type: 'json' }

/** The built-in rule set as data (`{ scenarios, rules }`), e.g. to extend it before compiling. */
export const BUILTIN_RULE_DATA: { readonly scenarios: readonly unknown[]; readonly rules: readonly unknown[] } = {
  scenarios,
  rules: [s1, s2, s3],
}

let compiled: CompiledRuleSet | undefined

/** The built-in rules, compiled (once per process). */
export function builtinRules(): CompiledRuleSet {
  compiled ??= compileRules(BUILTIN_RULE_DATA)
  return compiled
}
