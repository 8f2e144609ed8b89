import { describe, expect, it } from 'vitest'
import { CliError } from '../../src/cli/io.js'
import { normalizeWevtutilArgs } from '../../src/cli/wevtutil-args.js'
import { thrown } from '../helpers/thrown.js'

describe("wevtutil's option spellings", () => {
  it('rewrites /c: /f: /q: /rd: into the query options, whatever the case', () => {
    expect(normalizeWevtutilArgs(['system', '/c:1', '/f:text', '/q:Event[System[EventID=1058]]', '/RD:True'])).toEqual([
      'system', '--count', '1', '--format', 'text', '--xpath', 'Event[System[EventID=1058]]', '--rd',
    ])
    expect(normalizeWevtutilArgs(['/query:*', '/count:2', '/format:RenderedXml', '/reversedirection:false', '/lf:true'])).toEqual(['--xpath', '*', '--count', '2', '--format', 'xml'])
  })

  it('keeps colons inside the query and leaves file paths alone', () => {
    expect(normalizeWevtutilArgs(["/q:*[System[TimeCreated[@SystemTime>='2026-11-20T08:00:00Z']]]"])).toEqual(['--xpath', "*[System[TimeCreated[@SystemTime>='2026-11-20T08:00:00Z']]]"])
    expect(normalizeWevtutilArgs(['/work/logs/System.evtx', '-c', '3'])).toEqual(['/work/logs/System.evtx', '-c', '3'])
  })

  it('refuses the options that only make sense on a live machine', () => {
    expect(thrown(() => normalizeWevtutilArgs(['/r:server01']), CliError).message).toContain('/r has no meaning offline')
    expect(thrown(() => normalizeWevtutilArgs(['/rd:maybe']), CliError).message).toContain('/rd takes true or false')
  })
})
