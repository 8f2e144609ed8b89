/**
 * Golden files: compared byte for byte; `UPDATE_GOLDEN=1 npx vitest run` rewrites them.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { expect } from 'vitest'

export const UPDATE_GOLDEN = process.env.UPDATE_GOLDEN === '1'

/** Asserts that `path` holds exactly `text` (or writes it when UPDATE_GOLDEN=1). */
export function expectGolden(path: string, text: string): void {
  if (UPDATE_GOLDEN) {
    mkdirSync(dirname(path), { recursive: true })
    writeFileSync(path, text)
    return
  }
  expect(existsSync(path), `${path} is missing: run UPDATE_GOLDEN=1 npx vitest run`).toBe(true)
  expect(readFileSync(path, 'utf8'), `${path} is out of date: run UPDATE_GOLDEN=1 npx vitest run and review the diff`).toBe(text)
}
