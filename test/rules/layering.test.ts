/**
 * The engine knows nothing of EVTX: rules, the event model's types and the report import nothing
 * from the parser layers. Only src/model/from-record.ts and src/inputs/ bridge the two.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

const PARSER_LAYERS = /from '\.\.\/(?:\.\.\/)?(?:evtx|binxml|binary|access|render|writer)\//

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f)
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : []
  })
}

describe('layering', () => {
  it('src/rules, src/report and src/model/event.ts import no parser module', () => {
    const offenders = [...files('src/rules'), ...files('src/report'), 'src/model/event.ts'].filter((f) => PARSER_LAYERS.test(readFileSync(f, 'utf8')))
    expect(offenders).toEqual([])
  })
  it('the check itself sees a parser import', () => {
    expect(PARSER_LAYERS.test("import { readEvtx } from '../evtx/read.js'")).toBe(true)
  })
})
