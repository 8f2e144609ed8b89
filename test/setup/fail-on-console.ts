/**
 * The library never logs: any console output during a test fails it.
 */
import { afterEach } from 'vitest'

const methods = ['log', 'info', 'warn', 'error', 'debug'] as const
let calls: string[] = []

for (const m of methods) {
  const original = console[m].bind(console)
  console[m] = (...args: unknown[]) => {
    calls.push(`console.${m}: ${args.map(String).join(' ')}`)
    original(...args)
  }
}

afterEach(() => {
  const seen = calls
  calls = []
  if (seen.length > 0) throw new Error(`unexpected console output:\n${seen.join('\n')}`)
})
