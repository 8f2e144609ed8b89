// `npm run demo`: the main job on a bundled sample. Runs the built CLI on the scenario-1 sample
// and passes its report through; exit code 1 means "a scenario was found", which is what the
// demo is meant to show, so only a real failure (2 or more) fails the demo.
import { spawnSync } from 'node:child_process'

const r = spawnSync(process.execPath, ['dist/cli.js', 'analyze', 'samples/s1-self-signed-certificate'], { stdio: 'inherit' })
process.exitCode = r.status === 0 || r.status === 1 ? 0 : (r.status ?? 2)
