import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { CliError } from '../../src/cli/io.js'
import { runCli } from '../../src/cli/run.js'
import { normalizeWevtutilArgs } from '../../src/cli/wevtutil-args.js'
import { memoryIo } from '../helpers/io.js'
import { SAMPLES_DIR } from '../helpers/samples.js'
import { thrown } from '../helpers/thrown.js'

describe("wevtutil's option spellings", () => {
  it('rewrites /c: /f: /q: /rd: into the query options, whatever the case', () => {
    expect(normalizeWevtutilArgs(['system', '/c:1', '/f:text', '/q:Event[System[EventID=1058]]', '/RD:True'])).toEqual([
      'system', '--count=1', '--format=text', '--xpath=Event[System[EventID=1058]]', '--rd',
    ])
    expect(normalizeWevtutilArgs(['/query:*', '/count:2', '/format:RenderedXml', '/reversedirection:false', '/lf:true'])).toEqual(['--xpath=*', '--count=2', '--format=xml'])
  })

  it("rewrites /e: (the XML output's root element) into --root", () => {
    expect(normalizeWevtutilArgs(['/e:Events', '/ELEMENT:root'])).toEqual(['--root=Events', '--root=root'])
  })

  it('leaves everything after -- alone: those are LOGs, as for any option', async () => {
    expect(normalizeWevtutilArgs(['/c:1', '--', '/c:2', '/rd:maybe'])).toEqual(['--count=1', '--', '/c:2', '/rd:maybe'])
    const io = memoryIo()
    expect(await runCli(['query', '--', '/c:2'], io)).toBe(2)
    expect(io.err()).toContain('query: /c:2: no such file')
  })

  it('keeps colons inside the query and leaves file paths alone', () => {
    expect(normalizeWevtutilArgs(["/q:*[System[TimeCreated[@SystemTime>='2026-11-20T08:00:00Z']]]"])).toEqual(["--xpath=*[System[TimeCreated[@SystemTime>='2026-11-20T08:00:00Z']]]"])
    expect(normalizeWevtutilArgs(['/work/logs/System.evtx', '-c', '3'])).toEqual(['/work/logs/System.evtx', '-c', '3'])
  })

  it('keeps a value that starts with a dash as the value (`/c:-1` is a bad count, not a missing one)', async () => {
    expect(normalizeWevtutilArgs(['/c:-1', '/q:-x'])).toEqual(['--count=-1', '--xpath=-x'])
    const io = memoryIo()
    expect(await runCli(['query', join(SAMPLES_DIR, 's1-self-signed-certificate/System.evtx'), '/c:-1'], io)).toBe(2)
    expect(io.err()).toBe('rdp-triage: query: --count must be a whole number, got "-1"\n')
  })

  it('refuses the options that only make sense on a live machine', () => {
    expect(thrown(() => normalizeWevtutilArgs(['/r:server01']), CliError).message).toContain('/r has no meaning offline')
    for (const live of ['/sq:true', '/bm:bm.xml', '/sbm:bm.xml', '/l:de-DE', '/uni:true', '/u:me', '/p:x', '/a:Kerberos']) {
      expect(thrown(() => normalizeWevtutilArgs([live]), CliError).message).toContain('has no meaning offline')
    }
    expect(thrown(() => normalizeWevtutilArgs(['/rd:maybe']), CliError).message).toContain('/rd takes true or false')
  })
})
