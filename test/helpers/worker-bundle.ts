/**
 * Worker threads cannot load TypeScript, so tests bundle the worker script with esbuild, exactly
 * as tsup bundles it for dist/; tests that run the `rdp-triage` executable as a process bundle
 * src/cli/main.ts the same way. One bundle of each per test process, built on first use.
 */
import { mkdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { build } from 'esbuild'

const built = new Map<string, Promise<URL>>()

function bundle(entry: string, name: string): Promise<URL> {
  let url = built.get(entry)
  if (url === undefined) {
    url = (async () => {
      const dir = resolve('.tmp/test-worker')
      mkdirSync(dir, { recursive: true })
      const outfile = join(dir, `${name}-${process.pid}.mjs`)
      await build({ entryPoints: [entry], bundle: true, platform: 'node', format: 'esm', packages: 'external', outfile, logLevel: 'silent' })
      return pathToFileURL(outfile)
    })()
    built.set(entry, url)
  }
  return url
}

/** The bundled worker script's URL. */
export function workerBundle(): Promise<URL> {
  return bundle('src/node/parallel-worker.ts', 'parallel-worker')
}

/** The bundled `rdp-triage` executable's URL. */
export function cliBundle(): Promise<URL> {
  return bundle('src/cli/main.ts', 'cli')
}
