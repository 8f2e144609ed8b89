/**
 * Bench helper: runs the rdp-triage CLI (`node cli-rss.js DIST_CLI ARGS…`) in this process and
 * prints its peak RSS as the last line of stderr (`maxRssKb N`), which a parent cannot read off
 * a child it spawned. Timing is the parent's.
 */
import { pathToFileURL } from 'node:url'

const [node = 'node', , cli = ''] = process.argv
process.argv = [node, cli, ...process.argv.slice(3)]
process.on('exit', () => process.stderr.write(`\nmaxRssKb ${process.resourceUsage().maxRSS}\n`))
await import(pathToFileURL(cli).href)
