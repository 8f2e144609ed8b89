import { defineConfig } from 'tsup'

// Library entries ship as ESM + CommonJS with declarations; the CLI is ESM only.
export default defineConfig([
  {
    entry: { index: 'src/index.ts', evtx: 'src/evtx/index.ts' },
    format: ['esm', 'cjs'],
    target: 'node20',
    dts: true,
    sourcemap: true,
    clean: true,
    splitting: true,
    treeshake: true,
    // import.meta.url (the worker script's location) in the CommonJS build.
    shims: true,
  },
  {
    // Worker threads load this file next to the module that starts them.
    entry: { 'parallel-worker': 'src/node/parallel-worker.ts' },
    format: ['esm'],
    target: 'node20',
    sourcemap: true,
    clean: false,
  },
  {
    entry: { cli: 'src/cli/main.ts' },
    format: ['esm'],
    target: 'node20',
    sourcemap: true,
    clean: false,
  },
])
