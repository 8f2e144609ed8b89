import { describe, expect, it } from 'vitest'
import { makeEvent } from '../../src/model/event.js'
import { compileRules, prefilterOf } from '../../src/rules/compile.js'
import { builtinRules } from '../../src/rules/builtin/index.js'
import { minimalRuleSet } from '../helpers/rules.js'

function oneSignal(signal: Record<string, unknown>) {
  const set = compileRules(
    minimalRuleSet((r) => {
      r.signals[0] = { id: 'sig', role: 'failure', description: 'd', provider: { names: ['Schannel'], guids: ['{1F678132-5938-4686-9FDC-C8FF68F15C85}'] }, eventIds: [36871], ...signal }
    }),
  )
  return set.rules[0]!.signals[0]!
}

const schannel = (data: Record<string, string>, extra: Record<string, unknown> = {}) =>
  makeEvent({ provider: 'Schannel', eventId: 36871, channel: 'System', data, ...extra })

describe('conditions', () => {
  it('equals: case-insensitive and trimmed; returns the matched field', () => {
    const s = oneSignal({ where: [{ field: { name: 'Type' }, equals: ['server'] }] })
    expect(s.test(schannel({ Type: ' Server ' }))).toEqual([{ label: 'Type', value: ' Server ' }])
    expect(s.test(schannel({ Type: 'client' }))).toBeUndefined()
    expect(s.test(schannel({}))).toBeUndefined()
  })
  it('number: decimal, hex and negative forms all compare as one value', () => {
    const s = oneSignal({ where: [{ field: { name: 'ErrorCode' }, number: ['0x8009030D'] }] })
    for (const v of ['0x8009030d', '2148074253', '-2146893043']) expect(s.test(schannel({ ErrorCode: v })), v).toBeDefined()
    expect(s.test(schannel({ ErrorCode: '0x80090016' }))).toBeUndefined()
    expect(s.test(schannel({ ErrorCode: 'n/a' }))).toBeUndefined()
  })
  it('contains and matches: case-insensitive, on any value', () => {
    const c = oneSignal({ where: [{ field: { any: true }, contains: ['not ready for rpc'] }] })
    expect(c.test(schannel({ a: 'x', b: 'Broker is NOT READY for RPC communication.' }))).toEqual([{ label: 'b', value: 'Broker is NOT READY for RPC communication.' }])
    expect(c.test(schannel({ a: 'x' }))).toBeUndefined()
    const m = oneSignal({ where: [{ field: { name: 'ErrorState' }, matches: '^100(01|13)$' }] })
    expect(m.test(schannel({ ErrorState: '10013' }))).toBeDefined()
    expect(m.test(schannel({ ErrorState: '100013' }))).toBeUndefined()
  })
  it('contains: any one of its strings; matches: case-insensitive', () => {
    const c = oneSignal({ where: [{ field: { name: 'Text' }, contains: ['keyset', 'access is denied'] }] })
    expect(c.test(schannel({ Text: 'Access is denied.' }))).toBeDefined()
    expect(c.test(schannel({ Text: 'Keyset does not exist' }))).toBeDefined()
    expect(c.test(schannel({ Text: 'Object already exists' }))).toBeUndefined()
    const m = oneSignal({ where: [{ field: { name: 'Text' }, matches: '^access is denied' }] })
    expect(m.test(schannel({ Text: 'ACCESS IS DENIED.' }))).toEqual([{ label: 'Text', value: 'ACCESS IS DENIED.' }])
  })
  it('names a field once when two conditions read it', () => {
    const s = oneSignal({ where: [{ field: { name: 'ErrorState' }, number: [10013] }, { field: { name: 'ErrorState' }, matches: '^100' }] })
    expect(s.test(schannel({ ErrorState: '10013' }))).toEqual([{ label: 'ErrorState', value: '10013' }])
  })
  it('exists and orMissing', () => {
    const absent = oneSignal({ where: [{ field: { name: 'Type' }, exists: false }] })
    expect(absent.test(schannel({}))).toEqual([])
    expect(absent.test(schannel({ Type: 'server' }))).toBeUndefined()
    const present = oneSignal({ where: [{ field: { position: 1 }, exists: true }] })
    expect(present.test(schannel({}, { unnamedData: ['x'] }))).toEqual([{ label: 'Data[1]', value: 'x' }])
    expect(present.test(schannel({}))).toBeUndefined()
    const lenient = oneSignal({ where: [{ field: { name: 'Type' }, equals: ['server'], orMissing: true }] })
    expect(lenient.test(schannel({}))).toEqual([])
    expect(lenient.test(schannel({ Type: 'client' }))).toBeUndefined()
  })
  it('all conditions must hold', () => {
    const s = oneSignal({ where: [{ field: { name: 'Type' }, equals: ['server'] }, { field: { name: 'ErrorState' }, number: [10013] }] })
    expect(s.test(schannel({ Type: 'server', ErrorState: '10013' }))?.map((f) => f.label)).toEqual(['Type', 'ErrorState'])
    expect(s.test(schannel({ Type: 'server', ErrorState: '10014' }))).toBeUndefined()
  })
})

describe('provider, event id and channel', () => {
  const s = oneSignal({ channels: ['System'] })
  it('matches the provider by name (any case) or by GUID alone', () => {
    expect(s.test(makeEvent({ provider: 'SCHANNEL', eventId: 36871, channel: 'System' }))).toBeDefined()
    expect(s.test(makeEvent({ providerGuid: '1f678132-5938-4686-9fdc-c8ff68f15c85', eventId: 36871, channel: 'System' }))).toBeDefined()
    expect(s.test(makeEvent({ provider: 'Other', providerGuid: '{00000000-0000-0000-0000-000000000000}', eventId: 36871, channel: 'System' }))).toBeUndefined()
  })
  it('compares the GUID of an event not made by makeEvent in its normal form', () => {
    expect(s.test({ providerGuid: '1F678132-5938-4686-9FDC-C8FF68F15C85', eventId: 36871, channel: 'System' })).toBeDefined()
  })
  it('never matches on the event id alone', () => {
    expect(s.test(makeEvent({ provider: 'Service Control Manager', eventId: 36871, channel: 'System' }))).toBeUndefined()
    expect(s.test(makeEvent({ provider: 'Schannel', eventId: 36870, channel: 'System' }))).toBeUndefined()
  })
  it('restricts the channel (case-insensitive) when the signal names channels', () => {
    expect(s.test(makeEvent({ provider: 'Schannel', eventId: 36871, channel: 'system' }))).toBeDefined()
    expect(s.test(makeEvent({ provider: 'Schannel', eventId: 36871, channel: 'Application' }))).toBeUndefined()
    expect(s.test(makeEvent({ provider: 'Schannel', eventId: 36871 }))).toBeUndefined()
  })
  it('captures facts validated by kind', () => {
    const c = oneSignal({ capture: { code: { field: { name: 'ErrorCode' }, as: 'hresult' }, host: { field: { system: 'computer' }, as: 'hostname' } } })
    expect(c.capture(schannel({ ErrorCode: '0x8009030d' }, { computer: 'bad host' }))).toEqual([{ name: 'code', kind: 'hresult', value: '0x8009030D' }])
  })
})

describe('the built-in rule set', () => {
  const rules = builtinRules()
  it('is compiled once', () => {
    expect(builtinRules()).toBe(rules)
  })
  it('lists the (provider, event id) pairs it wants, and no other event ids', () => {
    expect([...rules.eventIds].sort((a, b) => a - b)).toEqual([261, 1056, 1057, 1058, 1296, 2056, 36870, 36871, 36872])
    expect(rules.wanted.find((w) => w.eventId === 36871)).toEqual({ providerNames: ['Schannel'], providerGuids: ['{1f678132-5938-4686-9fdc-c8ff68f15c85}'], eventId: 36871 })
  })
  it('prefilters on provider name and event id, falling back to the GUID', () => {
    expect(rules.prefilter('Schannel', 36871)).toBe('yes')
    expect(rules.prefilter('schannel', 36870)).toBe('yes')
    expect(rules.prefilter('TermService', 1058)).toBe('yes')
    expect(rules.prefilter('Schannel', 36874)).toBe('no')
    expect(rules.prefilter('Service Control Manager', 7036)).toBe('no')
    expect(rules.prefilter(undefined, undefined)).toBe('no')
    expect(rules.prefilter('Some-Other-Provider', 1058)).toBe('guid')
    expect(rules.wantsGuid('{C76BAA63-AE81-421C-B425-340B4B24157F}')).toBe(true)
    expect(rules.wantsGuid('{555908d1-a6d7-4695-8e1e-26931d2012f4}')).toBe(false)
    expect(rules.wantsGuid(undefined)).toBe(false)
  })
  it('decides from its wanted pairs alone exactly as the compiled set does (what worker threads are given)', () => {
    const copy = prefilterOf(structuredClone(rules.wanted))
    expect([...copy.eventIds].sort()).toEqual([...rules.eventIds].sort())
    const names = [undefined, 'Schannel', 'SCHANNEL', 'TermService', 'Microsoft-Windows-TerminalServices-SessionBroker', 'microsoft-windows-terminalservices-sessionbroker-client', 'Other']
    const ids = [undefined, 261, 1056, 1057, 1058, 1296, 2056, 36870, 36871, 36872, 7036]
    let decisions = 0
    for (const name of names) {
      for (const id of ids) {
        expect(copy.prefilter(name, id), `${name} ${id}`).toBe(rules.prefilter(name, id))
        decisions++
      }
    }
    expect(decisions).toBe(77)
    for (const w of rules.wanted) for (const g of w.providerGuids) expect(copy.wantsGuid(g.toUpperCase())).toBe(true)
    expect(copy.wantsGuid('{555908d1-a6d7-4695-8e1e-26931d2012f4}')).toBe(false)
  })
  it('skips a record of another provider outright when no signal names a GUID', () => {
    const byName = prefilterOf([{ providerNames: ['P'], providerGuids: [], eventId: 1 }])
    expect(byName.prefilter('Q', 1)).toBe('no')
    expect(byName.prefilter(undefined, 1)).toBe('no')
    expect(byName.prefilter('p', 1)).toBe('yes')
    expect(prefilterOf([{ providerNames: ['P'], providerGuids: ['{00000000-0000-0000-0000-000000000001}'], eventId: 1 }]).prefilter('Q', 1)).toBe('guid')
  })
})
