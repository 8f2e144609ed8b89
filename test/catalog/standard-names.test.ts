import { describe, expect, it } from 'vitest'
import { keywordNames, levelName, opcodeName, wellKnownAccount } from '../../src/catalog/standard-names.js'

describe('standard names', () => {
  it('names levels and opcodes, and shows other numbers as they are', () => {
    expect([0, 1, 2, 3, 4, 5, 9].map(levelName)).toEqual(['Information', 'Critical', 'Error', 'Warning', 'Information', 'Verbose', '9'])
    expect([0, 1, 2, 240, 77].map(opcodeName)).toEqual(['Info', 'Start', 'Stop', 'Receive', '77'])
    expect(levelName(undefined)).toBe('N/A')
  })

  it('names the standard keyword bits and ignores provider and channel bits', () => {
    expect(keywordNames('0x80000000000000')).toEqual(['Classic'])
    expect(keywordNames('0x8020000000000000')).toEqual(['Audit Success'])
    expect(keywordNames('0x8090000000000000')).toEqual(['Audit Failure', 'Classic'])
    expect(keywordNames('0x4000000000000001')).toEqual([])
    expect(keywordNames(undefined)).toEqual([])
  })

  it('names well-known accounts only', () => {
    expect(['S-1-5-18', 'S-1-5-19', 'S-1-5-20', 'S-1-5-32-544', 'S-1-5-32-555'].map(wellKnownAccount)).toEqual([
      'NT AUTHORITY\\SYSTEM',
      'NT AUTHORITY\\LOCAL SERVICE',
      'NT AUTHORITY\\NETWORK SERVICE',
      'BUILTIN\\Administrators',
      'BUILTIN\\Remote Desktop Users',
    ])
    expect(wellKnownAccount('s-1-5-18')).toBe('NT AUTHORITY\\SYSTEM')
    expect(wellKnownAccount('S-1-5-21-1-2-3-500')).toBeUndefined()
  })
})
