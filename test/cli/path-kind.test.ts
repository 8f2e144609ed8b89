import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { pathKind } from '../../src/cli/path-kind.js'
import { FIFO_SKIP_MESSAGE, fifosAvailable, makeFifo } from '../helpers/fifo.js'

const dir = mkdtempSync(join(tmpdir(), 'rdp-triage-path-kind-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('pathKind', () => {
  it('tells a regular file, a folder and nothing apart', async () => {
    const file = join(dir, 'System.evtx')
    writeFileSync(file, new Uint8Array(8))
    expect(await pathKind(file)).toBe('file')
    expect(await pathKind(dir)).toBe('folder')
    expect(await pathKind(join(dir, 'missing.evtx'))).toBe('none')
  })

  it.skipIf(!fifosAvailable)(`calls a pipe something else, without waiting for a writer (${FIFO_SKIP_MESSAGE})`, async () => {
    const pipe = join(dir, 'pipe.evtx')
    makeFifo(pipe)
    expect(await pathKind(pipe)).toBe('other')
  })
})
