/**
 * Windows fidelity: our XML for each file that has a Windows export is byte-identical to
 * Windows' own rendering, event by event (matched by EventRecordID), leaving out the
 * <RenderingInfo> that exports add and comparing line ends as LF.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseEvtx } from '../../src/evtx/parse.js'
import { renderXml } from '../../src/render/xml.js'
import { CORPUS_DIR, CORPUS_SKIP_MESSAGE, corpusAvailable, readCorpusFile } from '../helpers/corpus.js'

function windowsEvents(name: string): Map<string, string> {
  const xml = readFileSync(join(CORPUS_DIR, 'windows-xml', `${name}.xml`), 'utf8')
  const byId = new Map<string, string>()
  for (const raw of xml.split(/(?=<Event xmlns=)/).slice(1)) {
    const e = raw
      .replace(/<\/Events>\s*$/, '')
      .replace(/<RenderingInfo[\s\S]*?<\/RenderingInfo>/, '')
      .replace(/\r\n/g, '\n')
    const id = /<EventRecordID>(\d+)<\/EventRecordID>/.exec(e)?.[1]
    if (id !== undefined) byId.set(id, e)
  }
  return byId
}

describe.skipIf(!corpusAvailable)("Windows' own XML export", () => {
  for (const name of ['tsevtx__Application', 'tsevtx__Security']) {
    it(`is byte-identical for every event of ${name}`, () => {
      const windows = windowsEvents(name)
      let compared = 0
      for (const r of parseEvtx(readCorpusFile(`${name}.evtx`))) {
        const theirs = windows.get(String(r.recordId))
        expect(theirs, `record ${r.recordId} is in Windows' export`).toBeDefined()
        expect(renderXml(r).replace(/\r\n/g, '\n')).toBe(theirs)
        compared++
      }
      expect(compared).toBe(windows.size)
    })
  }
})

if (!corpusAvailable) it.skip(CORPUS_SKIP_MESSAGE, () => undefined)
