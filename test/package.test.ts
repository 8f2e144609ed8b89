/**
 * The published shape: exports map, bin, engines, pinned dependencies, version in step.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'
import { VERSION } from '../src/version.js'

const pkg = JSON.parse(readFileSync('package.json', 'utf8'))

describe('package.json', () => {
  it('publishes ESM and CommonJS with types, with the parser as its own subpath', () => {
    for (const sub of ['.', './evtx']) {
      const e = pkg.exports[sub]
      expect(Object.keys(e)).toEqual(['import', 'require'])
      expect(Object.keys(e.import)[0]).toBe('types')
      expect(Object.keys(e.require)[0]).toBe('types')
    }
    expect(pkg.bin['rdp-triage']).toBe('./dist/cli.js')
    expect(pkg.engines.node).toBe('>=20')
    expect(pkg.name).toBe('rdp-triage')
  })

  it('pins every dependency to an exact version', () => {
    for (const deps of [pkg.dependencies, pkg.devDependencies]) {
      for (const [name, range] of Object.entries(deps as Record<string, string>)) expect(range, name).toMatch(/^\d+\.\d+\.\d+$/)
    }
  })

  it('keeps src/version.ts in step', () => {
    expect(VERSION).toBe(pkg.version)
  })
})

describe('platform-neutral core', () => {
  // CLI, inputs and the worker-thread entry run on Node only; everything else must not import
  // node: modules at the top (src/node/parallel.ts and file paths import them lazily).
  const NODE_ONLY = ['src/cli/', 'src/inputs/', 'src/node/parallel-worker.ts']
  function files(dir: string): string[] {
    return readdirSync(dir).flatMap((f) => {
      const p = join(dir, f)
      return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : []
    })
  }
  it('imports node: modules only at the edges (a file path is opened with a lazy import)', () => {
    const offenders: string[] = []
    for (const f of files('src')) {
      const rel = relative('.', f)
      if (NODE_ONLY.some((p) => rel.startsWith(p))) continue
      const text = readFileSync(f, 'utf8')
      // Type-only imports are erased at build time.
      if (/^\s*import\s+(?!type\b)[^;]*from\s+['"]node:/m.test(text)) offenders.push(rel)
    }
    expect(offenders).toEqual([])
  })
})
