/**
 * Worker threads cannot load TypeScript, so tests bundle the worker script with esbuild, exactly
 * as tsup bundles it for dist/. One bundle per test process, built on first use.
 */
import { mkdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { build } from 'esbuild'

let built: Promise<URL> | undefined

/** The bundled worker script's URL. */
export function workerBundle(): Promise<URL> {
  built ??= (async () => {
    const dir = resolve('.tmp/test-worker')
    mkdirSync(dir, { recursive: true })
    const outfile = join(dir, `parallel-worker-${process.pid}.mjs`)
    await build({ entryPoints: ['src/node/parallel-worker.ts'], bundle: true, platform: 'node', format: 'esm', packages: 'external', outfile, logLevel: 'silent' })
    return pathToFileURL(outfile)
  })()
  return built
}
