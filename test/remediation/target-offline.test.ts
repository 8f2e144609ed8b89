/**
 * Offline mode's own PowerShell (src/remediation/target-offline.ts), read on the syntax tree:
 * which volume is taken for the broken Windows (never the rescue VM's, never a BitLocker-locked
 * one), that each hive and its .LOG1/.LOG2 files are copied before `reg load` and which copy a
 * dry run loads, and the cleanup: unload with retries, put the hive files back only when the
 * rollback failed, keep the scratch copies while a hive is still loaded.
 */
import type Parser from 'tree-sitter'
import { describe, expect, test } from 'vitest'
import { renderRemediationScript } from '../../src/remediation/index.js'
import { FIND_WINDOWS_VOLUME, LOAD_OFFLINE_HIVES, OFFLINE_CLEANUP } from '../../src/remediation/target-offline.js'
import type { PsCode } from '../../src/remediation/powershell.js'
import { FIXTURE_REPORTS } from './fixtures.js'
import { parsePowerShell, syntaxProblems } from './parse.js'
import { conditionOf, elseStatementsOf, functionNamed, statementsOf, topLevelStatements } from './tree.js'

type Node = Parser.SyntaxNode

function top(code: PsCode): Node[] {
  const tree = parsePowerShell(code.text)
  expect(syntaxProblems(tree)).toEqual([])
  return topLevelStatements(tree.rootNode)
}

/** The one top-level statement whose text starts with `head`. */
function statementStarting(statements: readonly Node[], head: string): Node {
  const found = statements.filter((s) => s.text.startsWith(head))
  expect(found, head).toHaveLength(1)
  return found[0] as Node
}

const texts = (statements: readonly Node[]): string[] => statements.map((s) => s.text)
/** The conditions of the `if` statements among `statements`, in order. */
const ifConditions = (statements: readonly Node[]): string[] => statements.filter((s) => s.type === 'if_statement').map(conditionOf)

describe('FIND_WINDOWS_VOLUME', () => {
  const statements = top(FIND_WINDOWS_VOLUME)

  test("takes the rescue VM's drive letter, upper case, from the first character of $env:SystemDrive", () => {
    expect(statements[0]?.text).toBe('$rescueDrive = $env:SystemDrive.Substring(0, 1).ToUpperInvariant()')
  })

  test('a letter set by hand must be one letter, not the rescue drive, and hold the SYSTEM hive', () => {
    const manual = statementStarting(statements, 'if ($WindowsDriveLetter)')
    expect(ifConditions(statementsOf(manual))).toEqual([
      "$WindowsDriveLetter -notmatch '^[A-Za-z]$'",
      '$letter -eq $rescueDrive',
      "-not (Test-Path -LiteralPath ($letter + ':\\Windows\\System32\\config\\SYSTEM'))",
    ])
    for (const check of statementsOf(manual).filter((s) => s.type === 'if_statement')) expect(statementsOf(check)[0]?.text, check.text).toMatch(/^throw /)
    expect(texts(statementsOf(manual))).toContain('$script:WinDrive = $letter')
    expect(statementsOf(manual).at(-1)?.text).toBe('return')
  })

  test('a letter set by hand whose SYSTEM hive cannot be read names BitLocker and how to unlock it', () => {
    const manual = statementStarting(statements, 'if ($WindowsDriveLetter)')
    const missing = statementsOf(manual).filter((s) => s.type === 'if_statement').at(-1)
    const message = missing === undefined ? '' : (statementsOf(missing)[0]?.text ?? '')
    expect(message).toMatch(/^throw /)
    expect(message).toContain("manage-bde -status ' + $letter + ':")
    expect(message).toContain("manage-bde -unlock ' + $letter + ': -RecoveryPassword")
    expect(message).toContain('--unlock-encrypted-vm')
  })

  test('lists the BitLocker-locked volumes by their mount points', () => {
    const bitlocker = statementStarting(statements, 'if (Get-Command -Name Get-BitLockerVolume')
    expect(texts(statementsOf(bitlocker))).toEqual([
      "$locked = @(Get-BitLockerVolume -ErrorAction SilentlyContinue | Where-Object { [string]$_.LockStatus -eq 'Locked' } | ForEach-Object { [string]$_.MountPoint })",
    ])
  })

  test('skips the rescue drive and the locked volumes before looking for the SYSTEM hive', () => {
    const loop = statementStarting(statements, 'foreach ($volume in')
    expect(texts(statementsOf(loop))).toEqual([
      '$letter = ([string]$volume.DriveLetter).ToUpperInvariant()',
      'if ($letter -eq $rescueDrive) { continue }',
      "if ($locked -contains ($letter + ':')) { continue }",
      "if (Test-Path -LiteralPath ($letter + ':\\Windows\\System32\\config\\SYSTEM')) { $found += $letter }",
    ])
  })

  test('takes the one candidate; several, a locked volume or an offline disk stop the run', () => {
    const after = statements.slice(statements.indexOf(statementStarting(statements, 'foreach ($volume in')) + 1)
    expect(ifConditions(after)).toEqual(['$found.Count -eq 1', '$found.Count -gt 1', '$locked.Count -gt 0', '$offlineDisks.Count -gt 0'])
    const one = statementStarting(after, 'if ($found.Count -eq 1)')
    expect(texts(statementsOf(one))).toContain('$script:WinDrive = $found[0]')
    for (const head of ['if ($found.Count -gt 1)', 'if ($locked.Count -gt 0)', 'if ($offlineDisks.Count -gt 0)']) {
      expect(statementsOf(statementStarting(after, head)).at(-1)?.text, head).toMatch(/^throw /)
    }
    expect(after.at(-1)?.text).toMatch(/^throw /)
  })
})

describe('LOAD_OFFLINE_HIVES', () => {
  const statements = top(LOAD_OFFLINE_HIVES)
  const at = (head: string): number => statements.indexOf(statementStarting(statements, head))

  test('refuses to run over a hive of the same name that is already loaded', () => {
    const check = statementStarting(statements, 'foreach ($hiveKey in @($script:SystemHive, $script:SoftwareHive))')
    expect(ifConditions(statementsOf(check))).toEqual(["Test-Path -LiteralPath ('Registry::' + ($hiveKey -replace '^HKLM', 'HKEY_LOCAL_MACHINE'))"])
    expect(at('foreach ($hiveKey in')).toBeLessThan(at("Invoke-Native 'reg.exe' @('load', $script:SystemHive"))
  })

  test('applying copies into the backup folder and records each copy; a dry run copies into a scratch folder', () => {
    const target = statements.filter((s) => s.text.startsWith('if ($Apply)'))[0] as Node
    expect(texts(statementsOf(target))).toEqual(['$copyTo = $script:BackupPath', '$script:HiveBackups = @()'])
    const dry = texts(elseStatementsOf(target))
    expect(dry[0]).toMatch(/^\$copyTo = Join-Path \$env:TEMP /)
    expect(dry).toContain('$script:ScratchPath = $copyTo')
  })

  test('copies SYSTEM and SOFTWARE, each with its .LOG1 and .LOG2, before the first reg load', () => {
    const hives = statementStarting(statements, 'foreach ($hive in')
    expect(conditionOf(hives)).toBe("$hive in @('SYSTEM', 'SOFTWARE')")
    const suffixes = statementsOf(hives)[0] as Node
    expect(conditionOf(suffixes)).toBe("$suffix in @('', '.LOG1', '.LOG2')")
    expect(texts(statementsOf(suffixes))).toEqual([
      '$source = Join-Path $config ($hive + $suffix)',
      'if (-not (Test-Path -LiteralPath $source)) { continue }',
      '$copy = Join-Path $copyTo ($hive + $suffix)',
      'Copy-Item -LiteralPath $source -Destination $copy -Force',
      'if ($Apply) { $script:HiveBackups += @{ Source = $source; Copy = $copy } }',
    ])
    expect(at('foreach ($hive in')).toBeLessThan(at("Invoke-Native 'reg.exe' @('load', $script:SystemHive"))
  })

  test('applying loads the real hive files; a dry run loads its copies', () => {
    const choice = statements.filter((s) => s.text.startsWith('if ($Apply)'))[1] as Node
    expect(texts(statementsOf(choice)).slice(1)).toEqual(["$systemFile = Join-Path $config 'SYSTEM'", "$softwareFile = Join-Path $config 'SOFTWARE'"])
    expect(texts(elseStatementsOf(choice))).toEqual(["$systemFile = Join-Path $copyTo 'SYSTEM'", "$softwareFile = Join-Path $copyTo 'SOFTWARE'"])
  })

  test('records each hive as loaded right after loading it, SYSTEM first', () => {
    const load = at("Invoke-Native 'reg.exe' @('load', $script:SystemHive")
    expect(texts(statements.slice(load, load + 4))).toEqual([
      "Invoke-Native 'reg.exe' @('load', $script:SystemHive, $systemFile)",
      '$script:LoadedHives += $script:SystemHive',
      "Invoke-Native 'reg.exe' @('load', $script:SoftwareHive, $softwareFile)",
      '$script:LoadedHives += $script:SoftwareHive',
    ])
  })

  test('roots SYSTEM at the control set Select\\Current names and SOFTWARE at its own loaded hive', () => {
    expect(texts(statements)).toContain("$script:SystemRoot = $systemKey + '\\' + $controlSet")
    expect(texts(statements)).toContain("$script:SoftwareRoot = 'Registry::HKEY_LOCAL_MACHINE\\RDPTRIAGE_SOFTWARE_' + $script:WinDrive")
    expect(texts(statements)).toContain("$script:ProgramDataRoot = $script:WinDrive + ':\\ProgramData'")
  })
})

describe('OFFLINE_CLEANUP', () => {
  const root = parsePowerShell(OFFLINE_CLEANUP.text).rootNode

  test('unloads the hives last loaded first, each with up to five tries that may fail', () => {
    const dismount = functionNamed(root, 'Dismount-OfflineHives')
    const [outer, tries] = dismount.descendantsOfType('for_statement') as [Node, Node]
    expect(outer.children.find((c) => c.type === 'for_condition')?.text).toBe('$i -ge 0')
    expect(outer.children.find((c) => c.type === 'for_initializer')?.text).toBe('$i = $script:LoadedHives.Count - 1')
    expect(tries.children.find((c) => c.type === 'for_condition')?.text).toBe('$attempt -le 5 -and -not $done')
    const body = texts(statementsOf(tries))
    expect(body).toContain("Invoke-Native 'reg.exe' @('unload', $hiveKey) -AllowFailure")
    expect(body.at(-1)).toBe('if ($script:NativeExitCode -eq 0) { $done = $true } else { Start-Sleep -Seconds 2 }')
    expect(texts(statementsOf(dismount)).at(-1)).toBe('$script:LoadedHives = $still')
  })

  test('puts each backup back over its source, and only once no hive is loaded', () => {
    const restore = functionNamed(root, 'Restore-OfflineHiveFiles')
    const [guard, loop] = statementsOf(restore)
    expect(conditionOf(guard as Node)).toBe('$script:LoadedHives.Count -gt 0')
    expect(statementsOf(guard as Node).at(-1)?.text).toBe('return')
    expect(statementsOf(loop as Node)[0]?.text).toBe('Copy-Item -LiteralPath $backup.Copy -Destination $backup.Source -Force')
  })

  test('unloads first, restores the files only when the rollback failed, then drops the scratch copies', () => {
    expect(texts(statementsOf(functionNamed(root, 'Complete-Offline')))).toEqual([
      'Dismount-OfflineHives',
      'if ($script:RollbackFailed -and $script:HiveBackups.Count -gt 0) { Restore-OfflineHiveFiles }',
      'if ($script:ScratchPath -and $script:LoadedHives.Count -eq 0) {\n        Remove-Item -LiteralPath $script:ScratchPath -Recurse -Force -ErrorAction SilentlyContinue\n    }',
      'if ($script:LoadedHives.Count -gt 0) { $script:Failed = $true }',
    ])
  })

  test('is in every offline script, run from finally, and in no online one', () => {
    const offline = renderRemediationScript(FIXTURE_REPORTS.all, { mode: 'offline' })
    expect(offline).toContain(OFFLINE_CLEANUP.text)
    expect(offline).toContain('    finally {\n        Complete-Offline\n    }')
    const online = renderRemediationScript(FIXTURE_REPORTS.all, { mode: 'online' })
    expect(online).not.toContain('Complete-Offline\n')
    expect(online).not.toContain('function Dismount-OfflineHives')
  })
})
