/**
 * Acceptance (issue 7): every wevtutil query the troubleshooting article prints runs verbatim on
 * the sample logs, with only `wevtutil` replaced by `rdp-triage` and the logs' folder given, and
 * returns the events the scenario holds. The two SessionBroker queries, printed with spaces inside
 * the provider name and aimed at `system`, match nothing (as on Windows); the tool names the
 * provider they meant and the log that holds the events.
 */
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { runCli } from '../../src/cli/run.js'
import { memoryIo } from '../helpers/io.js'

const here = dirname(fileURLToPath(import.meta.url))
const SAMPLES = resolve(here, '../../samples')
const SEED = resolve(here, '../../../shared/seed/000_1e8266a547301b65.txt')

/** The article's commands, as printed (the Dutch edition of "Troubleshoot Azure VM RDP connection issues by Event ID"). */
const ARTICLE = [
  `wevtutil qe system /c:1 /f:text /q:"Event[System[Provider[@Name='Microsoft-Windows-TerminalServices-RemoteConnectionManager'] and EventID=1058 and TimeCreated[timediff(@SystemTime) <= 86400000]]]" | more`,
  `wevtutil qe system /c:1 /f:text /q:"Event[System[Provider[@Name='Microsoft-Windows-TerminalServices-RemoteConnectionManager'] and EventID=1057 and TimeCreated[timediff(@SystemTime) <= 86400000]]]" | more`,
  `wevtutil qe system /c:1 /f:text /q:"Event[System[Provider[@Name='Schannel'] and EventID=36870 and TimeCreated[timediff(@SystemTime) <= 86400000]]]" | more`,
  `wevtutil qe system /c:1 /f:text /q:"Event[System[Provider[@Name='Schannel'] and EventID=36872 and TimeCreated[timediff(@SystemTime) <= 86400000]]]" | more`,
  `wevtutil qe system /c:1 /f:text /q:"Event[System[Provider[@Name='Schannel'] and EventID=36871 and TimeCreated[timediff(@SystemTime) <= 86400000]]]" | more`,
  `wevtutil qe system /c:1 /f:text /q:"Event[System[Provider[@Name=' Microsoft-Windows-TerminalServices-SessionBroker '] and EventID=2056 and TimeCreated[timediff(@SystemTime) <= 86400000]]]" | more`,
  `wevtutil qe system /c:1 /f:text /q:"Event[System[Provider[@Name=' Microsoft-Windows-TerminalServices-SessionBroker-Client '] and EventID=1296 and TimeCreated[timediff(@SystemTime) <= 86400000]]]" | more`,
] as const
const [Q1058, Q1057, Q36870, Q36872, Q36871, Q2056, Q1296] = ARTICLE

/** cmd.exe's reading of a command line: split at spaces outside double quotes, quotes removed; `| more` dropped. */
function cmdArgs(line: string): string[] {
  const args: string[] = []
  let current = ''
  let quoted = false
  let any = false
  for (const c of line.replace(/\s*\|\s*more\s*$/, '')) {
    if (c === '"') {
      quoted = !quoted
      any = true
    } else if (c === ' ' && !quoted) {
      if (any) args.push(current)
      current = ''
      any = false
    } else {
      current += c
      any = true
    }
  }
  if (any) args.push(current)
  return args
}

/** Runs an article line on a sample case: `wevtutil qe LOG …` becomes `rdp-triage query LOG --logs CASE …`. */
async function runArticle(line: string, sample: string) {
  const [tool, verb, ...rest] = cmdArgs(line)
  expect([tool, verb]).toEqual(['wevtutil', 'qe'])
  const io = { ...memoryIo(), cwd: SAMPLES }
  const code = await runCli(['query', ...rest, '--logs', sample], io)
  const out = io.out()
  return { code, out, err: io.err(), events: out.match(/^Event\[\d+\]:$/gm)?.length ?? 0, field: (name: string) => new RegExp(`^  ${name}: (.*)$`, 'm').exec(out)?.[1] }
}

describe('the article prints exactly these queries', () => {
  if (!existsSync(SEED)) it.skip(`the seed article is not at ${SEED}`, () => undefined)
  else it('as wevtutil lines in the seed document', () => {
    const printed = readFileSync(SEED, 'utf8').split('\n').filter((l) => l.startsWith('wevtutil qe'))
    expect(printed).toEqual([...ARTICLE])
  })
})

describe('the article queries on the samples', () => {
  it('scenario 1: RCM 1058 and 1057 and Schannel 36870 and 36872 are found, one each (/c:1)', async () => {
    const r1058 = await runArticle(Q1058, 's1-self-signed-certificate')
    expect([r1058.code, r1058.events, r1058.field('Event ID'), r1058.field('Source'), r1058.field('Log Name')]).toEqual([0, 1, '1058', 'Microsoft-Windows-TerminalServices-RemoteConnectionManager', 'System'])
    expect(r1058.out).toContain('has failed to replace the expired self signed certificate used for RD Session Host Server authentication on SSL connections. The relevant status code was Access is denied.')
    expect(r1058.field('Keyword')).toBe('Classic')
    const r1057 = await runArticle(Q1057, 's1-self-signed-certificate')
    expect([r1057.events, r1057.field('Event ID')]).toEqual([1, '1057'])
    expect(r1057.out).toContain('The relevant status code was Keyset does not exist')
    const r36870 = await runArticle(Q36870, 's1-self-signed-certificate')
    expect([r36870.events, r36870.field('Event ID'), r36870.field('Source'), r36870.field('User Name')]).toEqual([1, '36870', 'Schannel', 'NT AUTHORITY\\SYSTEM'])
    expect(r36870.out).toContain('The error code returned from the cryptographic module is 0x8009030d. The internal error state is 10001.')
    const r36872 = await runArticle(Q36872, 's1-self-signed-certificate')
    expect([r36872.events, r36872.field('Event ID')]).toEqual([1, '36872'])
    expect((await runArticle(Q36871, 's1-self-signed-certificate')).events).toBe(0)
  })

  it('scenario 2: Schannel 36871 (server credential, state 10013) is found, and scenario 1 queries find nothing', async () => {
    const r = await runArticle(Q36871, 's2-tls-disabled')
    expect([r.events, r.field('Event ID')]).toEqual([1, '36871'])
    expect(r.out).toContain('A fatal error occurred while creating a TLS server credential. The internal error state is 10013.')
    for (const q of [Q1058, Q1057, Q36870, Q36872]) expect((await runArticle(q, 's2-tls-disabled')).events).toBe(0)
  })

  it('scenario 3: the printed SessionBroker queries match nothing, warn about the spaces, and point at the right logs', async () => {
    const cases = [
      [Q2056, 'Microsoft-Windows-TerminalServices-SessionBroker', 'Microsoft-Windows-TerminalServices-SessionBroker%4Operational.evtx'],
      [Q1296, 'Microsoft-Windows-TerminalServices-SessionBroker-Client', 'Microsoft-Windows-TerminalServices-SessionBroker-Client%4Operational.evtx'],
    ] as const
    for (const [q, provider, file] of cases) {
      const r = await runArticle(q, 's3-connection-broker')
      expect([r.code, r.out]).toEqual([0, ''])
      expect(r.err).toContain(`warning: provider name ' ${provider} ' (column 29) has spaces no provider name has`)
      expect(r.err).toContain(`Did you mean '${provider}'?`)
      expect(r.err).toMatch(new RegExp(`note: no event in s3-connection-broker/System\\.evtx matches, but with the provider name corrected, \\d+ events? in s3-connection-broker/${file.replace(/[.%]/g, '\\$&')} \\(log ${provider}/Operational\\)`))
      expect(r.err).toContain(`${provider} writes to ${provider}/Operational, not System`)
    }
  })

  it('scenario 3: the same queries, corrected and run on the right logs, return 2056 and 1296 with their insertion strings', async () => {
    const fixed2056 = Q2056.replace(' Microsoft-Windows-TerminalServices-SessionBroker ', 'Microsoft-Windows-TerminalServices-SessionBroker').replace('qe system', 'qe Microsoft-Windows-TerminalServices-SessionBroker/Operational')
    const r = await runArticle(fixed2056, 's3-connection-broker')
    expect([r.events, r.field('Event ID'), r.field('Task'), r.field('User Name')]).toEqual([1, '2056', '(109)', 'NT AUTHORITY\\NETWORK SERVICE'])
    expect(r.out).toContain('The following information was included with the event: \n\nNULL\nNULL\nLogon to the database failed.')
    expect(r.err).not.toContain('warning')
    const fixed1296 = Q1296.replace(' Microsoft-Windows-TerminalServices-SessionBroker-Client ', 'Microsoft-Windows-TerminalServices-SessionBroker-Client').replace('qe system', 'qe Microsoft-Windows-TerminalServices-SessionBroker-Client/Operational')
    const c = await runArticle(fixed1296, 's3-connection-broker')
    expect([c.events, c.field('Event ID'), c.field('Task')]).toEqual([1, '1296', '(104)'])
    expect(c.out).toContain('Error: Remote Desktop Connection Broker is not ready for RPC communication.')
  })

  it('finds nothing on a healthy VM, nor evidence older than 24 hours before the newest event', async () => {
    for (const q of ARTICLE) {
      expect((await runArticle(q, 'healthy-vm')).events, q).toBe(0)
      expect((await runArticle(q, 'stale-evidence')).events, q).toBe(0)
    }
    expect((await runArticle(Q1058, 'stale-evidence')).err).toContain('the newest event in the queried logs')
  })

  it("returns client-side 36871 noise too, as Windows would: the article's query does not look at Type", async () => {
    const r = await runArticle(Q36871, 'client-schannel-noise')
    expect(r.events).toBe(1)
    expect(r.out).toContain('creating a TLS client credential. The internal error state is 10013.')
  })

  it('reads past a dirty header to the newest chunks, and finds all scenarios at once', async () => {
    expect((await runArticle(Q36871, 'dirty-header-hides-failure')).events).toBe(1)
    for (const q of [Q1058, Q1057, Q36870, Q36872, Q36871]) expect((await runArticle(q, 'all-three-scenarios')).events, q).toBe(1)
    for (const q of [Q2056, Q1296]) expect((await runArticle(q, 'all-three-scenarios')).err, q).toContain('with the provider name corrected')
  })

  it('lists every matching event without /c and newest first with /rd:true', async () => {
    const line = Q36870.replace(' /c:1', '')
    const all = await runArticle(line, 's1-self-signed-certificate')
    expect(all.events).toBeGreaterThan(1)
    const dates = [...all.out.matchAll(/^ {2}Date: (.*)$/gm)].map((m) => m[1] as string)
    expect([...dates].sort()).toEqual(dates)
    const newest = await runArticle(`${Q36870.replace(' | more', '')} /rd:true`, 's1-self-signed-certificate')
    expect(newest.field('Date')).toBe(dates[dates.length - 1])
  })
})

describe('sample folders', () => {
  it('are where the tests expect them', () => {
    expect(existsSync(join(SAMPLES, 's3-connection-broker', 'System.evtx'))).toBe(true)
  })
})
