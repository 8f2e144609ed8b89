/**
 * The helper functions every script defines (src/remediation/helpers.ts), read from a rendered
 * script: which characters Format-LogText masks, how registry paths are shown to reg.exe, the
 * dry-run gate, the undo record each registry change writes before it changes anything, the
 * rollback's order and branches, and when a native command's failure stops the run.
 */
import { describe, expect, test } from 'vitest'
import { FIXTURE_REPORTS } from './fixtures.js'
import { expectInOrder, functionText, render } from './pieces.js'

const SCRIPT = render(FIXTURE_REPORTS.none, 'offline')
const fn = (name: string) => functionText(SCRIPT, name)

/** The pattern and replacement of the one `-replace '...', '...'` in a function. */
function replaceOperands(name: string): [RegExp, string] {
  const m = /-replace '([^']*)', '([^']*)'/.exec(fn(name))
  expect(m).not.toBeNull()
  // .NET and JavaScript read \xNN, \uNNNN and ranges in a class alike; -replace ignores case.
  return [new RegExp((m as RegExpExecArray)[1] as string, 'gi'), (m as RegExpExecArray)[2] as string]
}

describe('helpers in the rendered script', () => {
  test('every script defines them, online and offline alike', () => {
    for (const name of ['Format-LogText', 'Invoke-Change', 'Undo-Changes', 'Set-RegistryDword']) {
      expect(functionText(render(FIXTURE_REPORTS.s3, 'online'), name)).toBe(fn(name))
    }
  })

  test('Format-LogText masks C0, DEL, C1, the bidirectional marks, overrides and isolates, and square brackets with ?, nothing else', () => {
    const [pattern, replacement] = replaceOperands('Format-LogText')
    expect(replacement).toBe('?')
    const masked: number[] = []
    for (let u = 0; u <= 0xffff; u++) if (String.fromCharCode(u).replace(pattern, '') === '') masked.push(u)
    const range = (a: number, b: number) => Array.from({ length: b - a + 1 }, (_, i) => a + i)
    expect(masked).toEqual([...range(0, 0x1f), 0x5b, 0x5d, ...range(0x7f, 0x9f), 0x200e, 0x200f, ...range(0x202a, 0x202e), ...range(0x2066, 0x2069)])
    // az vm repair run calls a script successful when [STATUS]::SUCCESS is anywhere in its
    // output, and starts a new log entry at any [Level MM/dd/yyyy HH:mm:ss]: log text can forge neither.
    const shown = '[STATUS]::SUCCESS [Error 11/25/2026 10:00:00] x'.replace(pattern, replacement)
    expect(shown).toBe('?STATUS?::SUCCESS ?Error 11/25/2026 10:00:00? x')
  })

  test('log lines start [Level MM/dd/yyyy HH:mm:ss], the head az vm repair run splits its output on', () => {
    // Its splitter (repair_utils.py): (?=\[(?:Log-Start|Log-End|Output|Info|Warning|Error|Debug) \d\d/\d\d/\d{4} \d\d:\d\d:\d\d\])
    expect(fn('Write-LogLine')).toContain("$time = (Get-Date).ToString('MM/dd/yyyy HH:mm:ss', [System.Globalization.CultureInfo]::InvariantCulture)")
    expect(fn('Write-LogLine')).toContain("Write-Output ('[' + $Level + ' ' + $time + '] ' + $Message)")
  })

  test('ConvertTo-RegExePath writes a leading Registry::HKEY_LOCAL_MACHINE as HKLM, and only a leading one', () => {
    const [pattern, replacement] = replaceOperands('ConvertTo-RegExePath')
    const convert = (p: string) => p.replace(pattern, replacement)
    expect(convert('Registry::HKEY_LOCAL_MACHINE\\RDPTRIAGE_SYSTEM_1\\ControlSet001')).toBe('HKLM\\RDPTRIAGE_SYSTEM_1\\ControlSet001')
    expect(convert('X\\Registry::HKEY_LOCAL_MACHINE\\Y')).toBe('X\\Registry::HKEY_LOCAL_MACHINE\\Y')
  })

  test('Invoke-Change only counts and describes in a dry run; it runs the action when applying', () => {
    expectInOrder(fn('Invoke-Change'), 'if (-not $Apply) {', '$script:PlannedChanges++', 'return', '& $ChangeAction', '$script:ChangesMade++')
  })

  test('Add-Undo records only when applying', () => {
    expect(fn('Add-Undo')).toContain('    if ($Apply) { [void]$script:UndoJournal.Add($Entry) }\n')
  })

  test('Invoke-Native keeps the exit code and throws on a non-zero one unless -AllowFailure', () => {
    expectInOrder(
      fn('Invoke-Native'),
      "$ErrorActionPreference = 'Continue'",
      '$script:NativeExitCode = $LASTEXITCODE',
      'finally {',
      '$ErrorActionPreference = $previous',
      'if ($script:NativeExitCode -ne 0 -and -not $AllowFailure) {',
      "throw ($FilePath + ' ' + ($ArgumentList -join ' ') + ' failed with exit code ' + $script:NativeExitCode)",
    )
  })

  test('Get-RegistryValueInfo stops at a missing key and reads values unexpanded', () => {
    expectInOrder(fn('Get-RegistryValueInfo'), 'if (-not (Test-Path -LiteralPath $Path)) { return $info }', '$info.KeyExists = $true', '[Microsoft.Win32.RegistryValueOptions]::DoNotExpandEnvironmentNames')
    expectInOrder(fn('Format-RegistryValue'), "if (-not $Info.KeyExists) { return '(key absent)' }", "if (-not $Info.Exists) { return '(value absent)' }")
  })

  const UNDO_VALUE = "Add-Undo @{ Type = 'RegistryValue'; Path = $Path; Name = $Name; Before = $before; Description = $shown }"

  test('Set-RegistryDword skips a DWORD that already has the value, and records the undo before writing', () => {
    expectInOrder(
      fn('Set-RegistryDword'),
      "if ($before.Exists -and $before.Kind -eq 'DWord' -and [int]$before.Value -eq $Value) {",
      'return',
      'Backup-RegistryKeyOnce -Path $Path',
      'Invoke-Change',
      '-ChangeAction {',
      'if (-not $before.KeyExists) { New-RegistryKey -Path $Path }',
      UNDO_VALUE,
      'New-ItemProperty -LiteralPath $Path -Name $Name -Value $Value -PropertyType DWord -Force',
    )
    expect(fn('Set-RegistryDword')).not.toContain('New-Item ')
  })

  test('New-RegistryKey creates each missing key outermost first, without -Force, and records an undo for each one it created', () => {
    expectInOrder(
      fn('New-RegistryKey'),
      'while (-not (Test-Path -LiteralPath $probe)) {',
      '$missing = @($probe) + $missing',
      "$cut = $probe.LastIndexOf('\\')",
      "if ($cut -le 0) { throw ('No parent key of ' + $Path + ' exists.') }",
      '$probe = $probe.Substring(0, $cut)',
      'foreach ($key in $missing) {',
      '        New-Item -Path $key | Out-Null\n',
      "Add-Undo @{ Type = 'RegistryKey'; Path = $key; Description = ('create ' + (ConvertTo-RegExePath $key)) }",
    )
    expect(fn('New-RegistryKey')).not.toMatch(/^ *New-Item[^\n]*-Force/m)
  })

  test('Remove-RegistryValue skips an absent value, and records the undo before deleting', () => {
    expectInOrder(
      fn('Remove-RegistryValue'),
      'if (-not $before.Exists) {',
      'return',
      'Backup-RegistryKeyOnce -Path $Path',
      'Invoke-Change',
      '-ChangeAction {',
      UNDO_VALUE,
      'Remove-ItemProperty -LiteralPath $Path -Name $Name',
    )
  })

  test('Initialize-BackupDirectory makes a new folder of its own each run, inside $BackupDirectory when set, and never reuses one', () => {
    expectInOrder(
      fn('Initialize-BackupDirectory'),
      '$parent = $BackupDirectory',
      "if (-not $parent) { $parent = Join-Path $env:PUBLIC 'Desktop' }",
      "$script:BackupPath = Join-Path $parent ('rdp-triage-backup-' + (Get-Date -Format 'yyyyMMdd-HHmmss'))",
      'if ($Apply) {',
      "if (Test-Path -LiteralPath $script:BackupPath) { throw ('The backup folder ' + $script:BackupPath + ' already exists; run again a second later.') }",
      'New-Item -ItemType Directory -Path $script:BackupPath -Force',
    )
    expect(fn('Initialize-BackupDirectory')).not.toMatch(/\$script:BackupPath = \$BackupDirectory/)
  })

  test('Backup-RegistryKeyOnce saves an existing key once a run, each to a file of its own, and nothing for an absent key', () => {
    expect(SCRIPT).toContain('$script:SavedRegistryKeys = @()\n')
    expectInOrder(
      fn('Backup-RegistryKeyOnce'),
      'if ($script:SavedRegistryKeys -contains $Path) { return }',
      'if (-not (Test-Path -LiteralPath $Path)) { return }',
      '$script:SavedRegistryKeys += $Path',
      "Export-RegistryKey -Path $Path -FileName ('RegistryKey' + $script:SavedRegistryKeys.Count + '.reg')",
    )
  })

  test('Export-RegistryKey only saves when applying, overwrites with /y, and records a reg import to undo', () => {
    expectInOrder(
      fn('Export-RegistryKey'),
      'if (-not $Apply) {',
      '        return\n',
      "Log-Info ('Saving ' + (ConvertTo-RegExePath $Path) + ' to ' + $file)",
      "Invoke-Native 'reg.exe' @('export', (ConvertTo-RegExePath $Path), $file, '/y')",
      "Add-Undo @{ Type = 'RegImport'; File = $file; Description = ('import ' + $file) }",
    )
  })

  test('Restore-RegistryValue writes back a value of its old kind and deletes a new value; keys are left to their own undo', () => {
    expectInOrder(
      fn('Restore-RegistryValue'),
      'if ($before.Exists) {',
      'New-ItemProperty -LiteralPath $Entry.Path -Name $Entry.Name -Value $before.Value -PropertyType $before.Kind -Force',
      'else {',
      'Remove-ItemProperty -LiteralPath $Entry.Path -Name $Entry.Name -ErrorAction SilentlyContinue',
    )
    expect(fn('Restore-RegistryValue')).not.toContain('Remove-Item ')
  })

  test('Undo-Changes replays newest first, lets a failed import or restore be caught and counted, then clears', () => {
    expectInOrder(
      fn('Undo-Changes'),
      'for ($i = $script:UndoJournal.Count - 1; $i -ge 0; $i--) {',
      '$entry = $script:UndoJournal[$i]',
      "'RegistryValue' { Restore-RegistryValue $entry }",
      "'RegistryKey' { if (Test-Path -LiteralPath $entry.Path) { Remove-Item -LiteralPath $entry.Path -Recurse -Force } }",
      "'RegImport' { Invoke-Native 'reg.exe' @('import', $entry.File) }\n",
      "'Acl' { Invoke-Native 'icacls.exe' @($entry.Parent, '/restore', $entry.File, '/c') }\n",
      'catch {',
      '$script:RollbackFailed = $true',
      '$script:UndoJournal.Clear()',
    )
  })
})
