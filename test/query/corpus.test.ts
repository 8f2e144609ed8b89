/**
 * On real Windows logs (the shared corpus, read in place, never copied): compiled queries select
 * exactly what the reference evaluator selects on the rendered tree, across real template shapes
 * (arrays, nested BinXml, WEC records without templates, UserData).
 */
import { describe, expect, it } from 'vitest'
import { parseEvtx } from '../../src/evtx/parse.js'
import { compileQuery } from '../../src/query/compile.js'
import { parseQuery } from '../../src/query/parser.js'
import { parseEventTime } from '../../src/query/time.js'
import { recordToTree } from '../../src/render/tree.js'
import { CORPUS_SKIP_MESSAGE, corpusAvailable, corpusFiles, readCorpusFile } from '../helpers/corpus.js'
import { referenceMatches } from '../helpers/reference-query.js'

const FILES = [
  'velociraptor__RDPAuth_RemoteConnectionManager.evtx',
  'velociraptor__RDPAuth_LocalSessionManager.evtx',
  'evtx-to-mitre__ID1149-RDP_success_logins_to_multiple_hosts.evtx',
  'evtx-rs__MSExchange_Management_wec.evtx',
  'evtx-rs__new-user-security.evtx',
  '3gstudent__System.evtx',
  'plaso__System2.evtx',
  'velocidex-evtx__Microsoft-Windows-CAPI2_Operational_EventID70.evtx',
]

const QUERIES = [
  '*[System[Level<=3]]',
  "*[System[Provider[@Name='Microsoft-Windows-TerminalServices-RemoteConnectionManager'] and EventID=1149]]",
  '*[System[TimeCreated[timediff(@SystemTime) <= 86400000]]]',
  "*[EventData[Data[@Name='TargetUserName']='Administrator']]",
  "*[EventData/Data='Console']",
  '*[UserData/*/Param3]',
  '*[UserData/*[Param1 and Param2]]',
  '*[System[band(Keywords, 0x8020000000000000)]]',
  '*[System[EventID=4624 or EventID=1149 or EventID=7036]]',
  '*[EventData[Data[2]]]',
  "*[System[Security[@UserID='S-1-5-18']]]",
  "*[EventData[Data[@Name='LogonType']=10 and Data[@Name='IpAddress']!='-']]",
  '*[EventData[not(Data)]]',
  '*[System[Execution[@ProcessID > 1000]]]',
]

describe.skipIf(!corpusAvailable)('queries on the real corpus', () => {
  it.each(FILES)('compiled and reference evaluation agree on every record of %s', (file) => {
    expect(corpusFiles()).toContain(file)
    const records = [...parseEvtx(readCorpusFile(file))]
    const now = parseEventTime('2020-01-01T00:00:00Z') as bigint
    let matched = 0
    for (const q of QUERIES) {
      const compiled = compileQuery(q)
      const expr = parseQuery(q)
      for (const r of records) {
        const got = compiled.matches(r, now)
        if (got) matched++
        expect(got, `${q} on record ${r.recordId}`).toBe(referenceMatches(expr, recordToTree(r), now))
      }
    }
    expect(matched).toBeGreaterThan(0)
  })
})

if (!corpusAvailable) it.skip(CORPUS_SKIP_MESSAGE, () => undefined)
