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
  },
  {
    entry: { cli: 'src/cli/main.ts' },
    format: ['esm'],
    target: 'node20',
    sourcemap: true,
    clean: false,
  },
])
