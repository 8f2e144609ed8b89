import { describe, expect, it } from 'vitest'
import { makeEvent } from '../../src/model/event.js'
import { normalizeFact, parseNumeric, resolveField } from '../../src/rules/values.js'

describe('parseNumeric', () => {
  it('reads decimal, 0x hex and negative Int32 HRESULTs as the same unsigned value', () => {
    expect(parseNumeric('0x8009030d')).toBe(0x8009030d)
    expect(parseNumeric('0x8009030D')).toBe(0x8009030d)
    expect(parseNumeric('2148074253')).toBe(0x8009030d)
    expect(parseNumeric('-2146893043')).toBe(0x8009030d)
    expect(parseNumeric(' 10013 ')).toBe(10013)
    expect(parseNumeric(-2146893043)).toBe(0x8009030d)
    // The smallest Int32 is an HRESULT too.
    expect(parseNumeric('-2147483648')).toBe(0x8000_0000)
    expect(parseNumeric(-2147483648)).toBe(0x8000_0000)
  })
  it('refuses what is not a number', () => {
    for (const t of ['', 'server', '0x', '1e3', '12abc', '0xZZ']) expect(parseNumeric(t)).toBeUndefined()
  })
})

describe('normalizeFact', () => {
  it('validates thumbprints', () => {
    expect(normalizeFact('thumbprint', '1dfac0d5f7573bf536daad08198aed9cdd89a450')).toBe('1DFAC0D5F7573BF536DAAD08198AED9CDD89A450')
    expect(normalizeFact('thumbprint', '1D FA C0 D5 F7 57 3B F5 36 DA AD 08 19 8A ED 9C DD 89 A4 50')).toBe('1DFAC0D5F7573BF536DAAD08198AED9CDD89A450')
    expect(normalizeFact('thumbprint', '1d:fa:c0:d5:f7:57:3b:f5:36:da:ad:08:19:8a:ed:9c:dd:89:a4:50')).toBe('1DFAC0D5F7573BF536DAAD08198AED9CDD89A450')
    expect(normalizeFact('thumbprint', 'ABCD')).toBeUndefined()
    expect(normalizeFact('thumbprint', `${'A'.repeat(40)}'; rm -rf`)).toBeUndefined()
  })
  it('maps status texts and numbers to HRESULTs', () => {
    expect(normalizeFact('hresult', 'Access is denied.')).toBe('0x80070005')
    expect(normalizeFact('hresult', 'Object already exists')).toBe('0x8009000F')
    expect(normalizeFact('hresult', 'Keyset does not exist')).toBe('0x80090016')
    expect(normalizeFact('hresult', '0x8009030d')).toBe('0x8009030D')
    expect(normalizeFact('hresult', 'failed with 0x80090016 somewhere')).toBe('0x80090016')
    expect(normalizeFact('hresult', 'The credentials supplied to the package were not recognized.')).toBe('0x8009030D')
    expect(normalizeFact('hresult', 'Access is denied. .')).toBe('0x80070005')
    expect(normalizeFact('hresult', '0xFFFFFFFF')).toBe('0xFFFFFFFF')
    expect(normalizeFact('hresult', '-1')).toBe('0xFFFFFFFF')
    expect(normalizeFact('hresult', 'Toegang geweigerd')).toBeUndefined()
    // Past 32 bits is no status code: not cut to its low 32 bits.
    expect(normalizeFact('hresult', '0x180090016')).toBeUndefined()
    expect(normalizeFact('hresult', '6442516502')).toBeUndefined()
  })
  it('reads a long status text in linear time (a trailing-dots pattern once took quadratic time)', () => {
    // A record can build a 4 Mi-character Data value; 20 000 dots between two letters took ~0.4 s
    // with /[.\s]+$/, 2 million would take hours.
    for (const filler of ['.', ' ']) {
      const text = `a${filler.repeat(200_000)}b`
      const start = performance.now()
      expect(normalizeFact('hresult', text)).toBeUndefined()
      expect(performance.now() - start).toBeLessThan(500)
    }
    expect(normalizeFact('hresult', `Access is denied${'. '.repeat(100)}`)).toBe('0x80070005')
  })
  it('accepts host names and refuses anything else', () => {
    expect(normalizeFact('hostname', 'rdsh01.contoso.local')).toBe('rdsh01.contoso.local')
    expect(normalizeFact('hostname', 'DESKTOP-23PS6ES')).toBe('DESKTOP-23PS6ES')
    expect(normalizeFact('hostname', 'a b')).toBeUndefined()
    expect(normalizeFact('hostname', '$(calc)')).toBeUndefined()
  })
  it('keeps integers and text, drops empty values', () => {
    expect(normalizeFact('integer', '10001')).toBe(10001)
    expect(normalizeFact('integer', 'x')).toBeUndefined()
    expect(normalizeFact('text', '  Keyset does not exist ')).toBe('Keyset does not exist')
    expect(normalizeFact('text', '  ')).toBeUndefined()
  })
})

describe('resolveField', () => {
  const e = makeEvent({ computer: 'h', data: { Type: 'server' }, unnamedData: ['NULL', 'x'], userData: { element: 'EventXML', fields: { param3: 'msg' } }, binaryHex: 'AB' })
  it('reads by name (EventData or UserData), position, Binary, System field', () => {
    expect(resolveField(e, { name: 'Type' })).toEqual([{ label: 'Type', value: 'server' }])
    expect(resolveField(e, { name: 'param3' })).toEqual([{ label: 'param3', value: 'msg' }])
    expect(resolveField(e, { name: 'type' })).toEqual([])
    expect(resolveField(e, { name: 'constructor' })).toEqual([])
    expect(resolveField(e, { name: 'toString' })).toEqual([])
    expect(resolveField(e, { position: 2 })).toEqual([{ label: 'Data[2]', value: 'x' }])
    expect(resolveField(e, { position: 3 })).toEqual([])
    expect(resolveField(e, { binary: true })).toEqual([{ label: 'Binary', value: 'AB' }])
    expect(resolveField(e, { system: 'computer' })).toEqual([{ label: 'computer', value: 'h' }])
  })
  it('lists every data value but Binary for `any`', () => {
    expect(resolveField(e, { any: true }).map((v) => v.label)).toEqual(['Type', 'Data[1]', 'Data[2]', 'param3'])
  })
})
