/** Grouping the inputs by the computers their records name (src/report/computers.ts). */
import { describe, expect, it } from 'vitest'
import { computerGroups } from '../../src/report/computers.js'
import { inputSummary } from '../helpers/reports.js'

const on = (file: string, ...names: Array<readonly [string, number]>) => inputSummary(file, 'System', { computers: names.map(([name, records]) => ({ name, records })) })

describe('computerGroups', () => {
  it('makes one group of one computer\'s logs, its short and full names and any case one name', () => {
    const groups = computerGroups([on('a/System.evtx', ['rdsh01.contoso.local', 5]), on('a/RCM.evtx', ['RDSH01', 3]), on('a/LSM.evtx', ['rdsh01.CONTOSO.local', 1])])
    expect(groups).toEqual([{ names: ['rdsh01.contoso.local', 'RDSH01', 'rdsh01.CONTOSO.local'], files: ['a/System.evtx', 'a/RCM.evtx', 'a/LSM.evtx'] }])
  })
  it('links the old and new name of a renamed host through a log that holds both', () => {
    const inputs = [on('SB.evtx', ['rdcb-new', 4]), on('Old.evtx', ['rdcb01', 2]), on('System.evtx', ['rdcb01', 7], ['rdcb-new', 9])]
    expect(computerGroups(inputs)).toEqual([{ names: ['rdcb-new', 'rdcb01'], files: ['SB.evtx', 'Old.evtx', 'System.evtx'] }])
  })
  it('keeps computers apart that no log links, in the order their inputs come', () => {
    const inputs = [on('b/System.evtx', ['vm-b', 2]), on('a/System.evtx', ['vm-a', 9]), on('b/RCM.evtx', ['vm-b', 1]), on('empty.evtx')]
    expect(computerGroups(inputs)).toEqual([
      { names: ['vm-b'], files: ['b/System.evtx', 'b/RCM.evtx'] },
      { names: ['vm-a'], files: ['a/System.evtx'] },
    ])
  })
  it('joins groups found apart once a later log links them, whichever names it lists first; names by records, then by name', () => {
    const inputs = [on('1.evtx', ['x', 1]), on('2.evtx', ['y', 1]), on('3.evtx', ['z', 1]), on('4.evtx', ['z', 1], ['x', 1]), on('5.evtx', ['y', 1], ['z', 1])]
    expect(computerGroups(inputs)).toEqual([{ names: ['z', 'x', 'y'], files: ['1.evtx', '2.evtx', '3.evtx', '4.evtx', '5.evtx'] }])
  })
  it('finds no group in inputs whose records name no computer', () => {
    expect(computerGroups([on('x.evtx'), on('y.evtx')])).toEqual([])
  })
})
