import { describe, expect, it } from 'vitest'
import { parseEvtx } from '../../src/evtx/parse.js'
import { sameChannel } from '../../src/query/channels.js'
import { QueryError } from '../../src/query/errors.js'
import { thrown } from '../helpers/thrown.js'
import { looksLikeQueryList, parseQueryList } from '../../src/query/query-list.js'
import { parseEventTime } from '../../src/query/time.js'
import { buildEvtx } from '../helpers/evtx-builder.js'
import { broker2056, rcm1058, schannel } from '../helpers/rdp-events.js'

const NOW = parseEventTime('2026-11-21T00:00:00Z') as bigint
const system = [...parseEvtx(buildEvtx([
  rcm1058('2026-11-20T08:00:00Z'),
  schannel(36871, '2026-11-20T09:00:00Z', [['Type', { t: 'string', v: 'server' }], ['ErrorState', { t: 'uint32', v: 10013 }]]),
]))]
const [broker] = [...parseEvtx(buildEvtx([broker2056('2026-11-20T10:00:00Z')]))]
const inLog = (log: string) => (path: string) => sameChannel(path, log)

function error(xml: string): QueryError {
  return thrown(() => parseQueryList(xml), QueryError)
}

describe('parseQueryList', () => {
  it('selects per log path and lets Suppress remove events of the same query', () => {
    const list = parseQueryList(`<?xml version="1.0"?>
<QueryList>
  <!-- Event Viewer writes queries like this -->
  <Query Id="0" Path="System">
    <Select Path="System">*[System[(Level=1 or Level=2) and TimeCreated[timediff(@SystemTime) &lt;= 86400000]]]</Select>
    <Suppress Path="System">*[System[Provider[@Name='Schannel']]]</Suppress>
    <Select Path="Microsoft-Windows-TerminalServices-SessionBroker/Operational"><![CDATA[*[System[EventID=2056]]]]></Select>
  </Query>
</QueryList>`)
    expect(list.paths).toEqual(['System', 'Microsoft-Windows-TerminalServices-SessionBroker/Operational'])
    expect(list.usesNow).toBe(true)
    expect(system.map((r) => list.matches(r, inLog('system'), NOW))).toEqual([true, false])
    expect(list.matches(broker!, inLog('Microsoft-Windows-TerminalServices-SessionBroker/Operational'), NOW)).toBe(true)
    expect(list.matches(system[0]!, inLog('Microsoft-Windows-TerminalServices-SessionBroker/Operational'), NOW)).toBe(false)
  })

  it('uses the Query Path for selectors without one, and joins several queries', () => {
    const list = parseQueryList("<QueryList><Query Id='0' Path='System'><Select>*[System[EventID=1058]]</Select></Query><Query Id='1' Path='System'><Select>*[EventData[Data[@Name='ErrorState']=10013]]</Select></Query></QueryList>")
    expect(system.map((r) => list.matches(r, inLog('System')))).toEqual([true, true])
    expect(list.queries.map((q) => q.id)).toEqual([0, 1])
  })

  it("lets a selector's own Path win over its Query's, and applies a Suppress only to its own log", () => {
    const list = parseQueryList("<QueryList><Query Path='Application'><Select Path='System'>*</Select><Suppress>*</Suppress><Suppress Path='system'>*[System[EventID=1058]]</Suppress></Query></QueryList>")
    expect(list.paths).toEqual(['System', 'Application'])
    expect(list.queries[0]?.selects.map((s) => s.path)).toEqual(['System'])
    expect(list.queries[0]?.suppresses.map((s) => s.path)).toEqual(['Application', 'system'])
    expect(system.map((r) => list.matches(r, inLog('System')))).toEqual([false, true])
    expect(system.map((r) => list.matches(r, inLog('Application')))).toEqual([false, false])
  })

  it('reports malformed documents at the offending offset', () => {
    expect(error('<QueryList><Query Id="0" Path="System"><Select>*</Select></Query>').reason).toContain('<QueryList> is not closed')
    expect(error('<QueryList><Query><Select>*</Select></Query></QueryList>').reason).toContain('has no Path')
    expect(error('<QueryList><Query Path="System"><Select>*</Select></Qery></QueryList>').reason).toContain('</Qery> closes <Query>')
    expect(error('<Query Path="System"><Select>*</Select></Query>').reason).toContain('expected <QueryList>')
    expect(error('<QueryList><Query Path="System"><Select>* & *</Select></Query></QueryList>').column).toBe(43)
  })

  it('reports a bad XPath inside a selector with its own caret', () => {
    const e = error('<QueryList><Query Id="0" Path="System"><Select Path="System">*[System[EventID=]]</Select></Query></QueryList>')
    expect(e.reason).toBe("<Select Path='System'> of query 0: expected a field, value or function, found `]`")
    expect(e.source).toBe('*[System[EventID=]]')
    expect(e.column).toBe(18)
  })

  it('tells a QueryList from an XPath', () => {
    expect(looksLikeQueryList('  <QueryList/>')).toBe(true)
    expect(looksLikeQueryList('*[System]')).toBe(false)
  })
})
