/**
 * Pieces of a rendered script for the targeted tests: a function's text by its name, a step's
 * body by its name suffix, and an order check on substrings.
 */
import { expect } from 'vitest'
import { renderRemediationScript } from '../../src/remediation/index.js'
import type { RemediationInput } from '../../src/remediation/input.js'
import { parsePowerShell } from './parse.js'
import { functionsWhere } from './tree.js'

export function render(r: RemediationInput, mode: 'online' | 'offline', tlsLegacy?: boolean): string {
  return renderRemediationScript(r, { mode, tlsLegacy })
}

/** The text of the function named `name` (for a step, the suffix after StepNN-). */
export function functionText(source: string, name: string): string {
  const step = new RegExp(`^Step\\d\\d-${name}$`)
  const found = functionsWhere(parsePowerShell(source).rootNode, (fn) => fn === name || step.test(fn))
  expect(found.map((n) => n.type)).toEqual(['function_statement'])
  return (found[0] as (typeof found)[number]).text
}

/** Asserts that the needles occur in `text` in the order given, each after the end of the one before. */
export function expectInOrder(text: string, ...needles: string[]): void {
  let from = 0
  for (const needle of needles) {
    const at = text.indexOf(needle, from)
    expect(at, `${JSON.stringify(needle)} after offset ${from}`).toBeGreaterThanOrEqual(0)
    from = at + needle.length
  }
}
