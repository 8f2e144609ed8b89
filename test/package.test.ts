/**
 * The published shape: exports map, bin, engines, pinned dependencies, version in step.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'
import { VERSION } from '../src/version.js'

const pkg = JSON.parse(readFileSync('package.json', 'utf8'))

/** The .ts files under `dir`, recursively. */
function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f)
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : []
  })
}

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

  it("pins the bench's JavaScript peer exactly, in its own package, locked and private", () => {
    // bench/peers is installed by `npm run bench` alone; it must never reach rdp-triage's own dependencies.
    const peers = JSON.parse(readFileSync('bench/peers/package.json', 'utf8'))
    const lock = JSON.parse(readFileSync('bench/peers/package-lock.json', 'utf8'))
    expect(peers.private).toBe(true)
    for (const [name, range] of Object.entries(peers.dependencies as Record<string, string>)) {
      expect(range, name).toMatch(/^\d+\.\d+\.\d+$/)
      expect(lock.packages[`node_modules/${name}`]?.version, name).toBe(range)
      expect(pkg.dependencies[name], name).toBeUndefined()
      expect(pkg.devDependencies[name], name).toBeUndefined()
    }
  })

  it('keeps src/version.ts in step', () => {
    expect(VERSION).toBe(pkg.version)
  })
})

describe('platform-neutral core', () => {
  // CLI, inputs and the worker-thread entry run on Node only; everything else must not import
  // node: modules at the top (src/node/parallel.ts and file paths import them lazily).
  // The archive reader's file and zlib modules are loaded lazily, when a path names a ZIP archive.
  // The prefix lender reads a file by its path, for the worker entry and the CLI's query only.
  const NODE_ONLY = ['src/cli/', 'src/inputs/', 'src/node/parallel-worker.ts', 'src/node/native-crc32.ts', 'src/node/prefix-lender.ts', 'src/archive/file-access.ts', 'src/archive/zip-entry.ts']
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

describe('zod in the CLI bundle', () => {
  // `import { z } from 'zod'` uses zod's `z` namespace object as a value, which keeps every
  // export in the bundle, its 366 KB of error-message locales included: the CLI bundle was
  // 1.18 MB and took ~40 ms longer to start. `import * as z` with property accesses lets the
  // bundler keep only what the schemas use (605 KB).
  const ZOD_NAMED_Z = /^\s*import\s+(?:type\s+)?\{[^}]*\bz\b[^}]*\}\s+from\s+['"]zod(?:\/[^'"]*)?['"]/m
  it('is imported as a namespace, never as the `z` object', () => {
    const offenders = files('src').filter((f) => ZOD_NAMED_Z.test(readFileSync(f, 'utf8')))
    expect(offenders).toEqual([])
    expect(files('src').filter((f) => /from 'zod'/.test(readFileSync(f, 'utf8'))).length).toBeGreaterThan(0)
  })
  it('the check itself sees the named import', () => {
    expect(ZOD_NAMED_Z.test("import { z } from 'zod'")).toBe(true)
    expect(ZOD_NAMED_Z.test("import type { z } from 'zod'")).toBe(true)
    expect(ZOD_NAMED_Z.test("import * as z from 'zod'")).toBe(false)
  })
})
