/**
 * The helper functions every generated script defines: repair-script-library style log lines,
 * the dry-run gate every change goes through, native commands with exit-code checks, registry
 * reads and writes that record how to undo them, and the rollback that replays that record.
 * Static PowerShell: nothing here depends on the report.
 */
import { ps, type PsCode } from './powershell.js'

export const LOG_HELPERS: PsCode = ps`$STATUS_SUCCESS = '[STATUS]::SUCCESS'
$STATUS_ERROR = '[STATUS]::ERROR'

function Write-LogLine {
    param([string]$Level, [string]$Message)
    # The repair-script-library's line head, [Level MM/dd/yyyy HH:mm:ss], which az vm repair run
    # splits its output on; written with the invariant culture, whose separators are / and :.
    $time = (Get-Date).ToString('MM/dd/yyyy HH:mm:ss', [System.Globalization.CultureInfo]::InvariantCulture)
    Write-Output ('[' + $Level + ' ' + $time + '] ' + $Message)
}

function Log-Info {
    param([string]$Message)
    Write-LogLine 'Info' $Message
}

function Log-Warning {
    param([string]$Message)
    Write-LogLine 'Warning' $Message
}

function Log-Error {
    param([string]$Message)
    Write-LogLine 'Error' $Message
}

function Format-LogText {
    param([string]$Text)
    # Text that came from the event logs is printed without control characters and without
    # bidirectional overrides, so it cannot move the cursor, clear the screen or reorder a line,
    # and without square brackets, so it cannot forge a log line's head or the [STATUS]::SUCCESS
    # that az vm repair run looks for anywhere in the output.
    return ($Text -replace '[\x00-\x1F\x7F-\x9F\u200E\u200F\u202A-\u202E\u2066-\u2069\[\]]', '?')
}`

export const CHANGE_HELPERS: PsCode = ps`# Run state, shared by the steps.
$script:Failed = $false
$script:WinDrive = ''
$script:LoadedHives = @()
$script:HiveBackups = @()
$script:ScratchPath = ''
$script:BackupPath = ''
$script:SystemRoot = ''
$script:SoftwareRoot = ''
$script:ProgramDataRoot = ''
$script:PlannedChanges = 0
$script:ChangesMade = 0
$script:UndoJournal = New-Object System.Collections.ArrayList
$script:SavedRegistryKeys = @()
$script:RollbackFailed = $false
$script:NativeExitCode = 0

function Invoke-Change {
    # Every change goes through here. In a dry run it is only described.
    param([string]$ChangeDescription, [scriptblock]$ChangeAction)
    if (-not $Apply) {
        $script:PlannedChanges++
        Log-Info ('[DRY RUN] would ' + $ChangeDescription)
        return
    }
    Log-Info ('Changing: ' + $ChangeDescription)
    & $ChangeAction
    $script:ChangesMade++
}

function Add-Undo {
    # Records how to put one change back; Undo-Changes replays the record newest first.
    param([hashtable]$Entry)
    if ($Apply) { [void]$script:UndoJournal.Add($Entry) }
}

function Invoke-Native {
    # Runs a native command, logs its output and throws on a non-zero exit code unless
    # -AllowFailure is given. $script:NativeExitCode keeps the last exit code.
    param([string]$FilePath, [string[]]$ArgumentList, [switch]$AllowFailure)
    $previous = $ErrorActionPreference
    $ErrorActionPreference = 'Continue'
    try {
        $lines = @(& $FilePath @ArgumentList 2>&1 | ForEach-Object { [string]$_ })
        $script:NativeExitCode = $LASTEXITCODE
    }
    finally {
        $ErrorActionPreference = $previous
    }
    foreach ($line in $lines) {
        if ($line.Trim()) { Log-Info ('  ' + $FilePath + ': ' + $line.Trim()) }
    }
    if ($script:NativeExitCode -ne 0 -and -not $AllowFailure) {
        throw ($FilePath + ' ' + ($ArgumentList -join ' ') + ' failed with exit code ' + $script:NativeExitCode)
    }
}

function Test-IsAdministrator {
    $identity = [Security.Principal.WindowsIdentity]::GetCurrent()
    $principal = New-Object Security.Principal.WindowsPrincipal($identity)
    return $principal.IsInRole([Security.Principal.WindowsBuiltInRole]::Administrator)
}

function Initialize-BackupDirectory {
    # Each run keeps its backups in a folder of its own, so a second run in the same
    # $BackupDirectory cannot overwrite the first run's backups of the original state.
    $parent = $BackupDirectory
    if (-not $parent) { $parent = Join-Path $env:PUBLIC 'Desktop' }
    $script:BackupPath = Join-Path $parent ('rdp-triage-backup-' + (Get-Date -Format 'yyyyMMdd-HHmmss'))
    if ($Apply) {
        if (Test-Path -LiteralPath $script:BackupPath) { throw ('The backup folder ' + $script:BackupPath + ' already exists; run again a second later.') }
        New-Item -ItemType Directory -Path $script:BackupPath -Force | Out-Null
        Log-Info ('Backups go to ' + $script:BackupPath)
    }
    else {
        Log-Info ('A run with $Apply = $true would keep its backups in ' + $script:BackupPath)
    }
}`

export const REGISTRY_HELPERS: PsCode = ps`function ConvertTo-RegExePath {
    # 'Registry::HKEY_LOCAL_MACHINE\X' as reg.exe writes it: 'HKLM\X'.
    param([string]$Path)
    return ($Path -replace '^Registry::HKEY_LOCAL_MACHINE', 'HKLM')
}

function Get-RegistryValueInfo {
    # Reads one value without leaving a handle open (an open handle blocks reg unload).
    param([string]$Path, [string]$Name)
    $info = @{ KeyExists = $false; Exists = $false; Value = $null; Kind = $null }
    if (-not (Test-Path -LiteralPath $Path)) { return $info }
    $info.KeyExists = $true
    $key = Get-Item -LiteralPath $Path
    try {
        if ($key.GetValueNames() -contains $Name) {
            $info.Exists = $true
            $info.Value = $key.GetValue($Name, $null, [Microsoft.Win32.RegistryValueOptions]::DoNotExpandEnvironmentNames)
            $info.Kind = [string]$key.GetValueKind($Name)
        }
    }
    finally {
        $key.Close()
    }
    return $info
}

function Format-RegistryValue {
    param([hashtable]$Info)
    if (-not $Info.KeyExists) { return '(key absent)' }
    if (-not $Info.Exists) { return '(value absent)' }
    if ($Info.Kind -eq 'Binary') { return ((@($Info.Value) | ForEach-Object { '{0:X2}' -f $_ }) -join '') }
    return ([string]$Info.Value + ' (' + $Info.Kind + ')')
}

function Set-RegistryDword {
    param([string]$Path, [string]$Name, [int]$Value)
    $before = Get-RegistryValueInfo -Path $Path -Name $Name
    $shown = (ConvertTo-RegExePath $Path) + '\' + $Name
    if ($before.Exists -and $before.Kind -eq 'DWord' -and [int]$before.Value -eq $Value) {
        Log-Info ('Already ' + $Value + ': ' + $shown)
        return
    }
    Backup-RegistryKeyOnce -Path $Path
    Invoke-Change -ChangeDescription ('set ' + $shown + ' = ' + $Value + ' (REG_DWORD; now ' + (Format-RegistryValue $before) + ')') -ChangeAction {
        if (-not $before.KeyExists) { New-RegistryKey -Path $Path }
        Add-Undo @{ Type = 'RegistryValue'; Path = $Path; Name = $Name; Before = $before; Description = $shown }
        New-ItemProperty -LiteralPath $Path -Name $Name -Value $Value -PropertyType DWord -Force | Out-Null
    }
}

function Remove-RegistryValue {
    param([string]$Path, [string]$Name)
    $before = Get-RegistryValueInfo -Path $Path -Name $Name
    $shown = (ConvertTo-RegExePath $Path) + '\' + $Name
    if (-not $before.Exists) {
        Log-Info ('Already absent: ' + $shown)
        return
    }
    Backup-RegistryKeyOnce -Path $Path
    Invoke-Change -ChangeDescription ('delete ' + $shown + ' (now ' + (Format-RegistryValue $before) + ')') -ChangeAction {
        Add-Undo @{ Type = 'RegistryValue'; Path = $Path; Name = $Name; Before = $before; Description = $shown }
        Remove-ItemProperty -LiteralPath $Path -Name $Name
    }
}

function New-RegistryKey {
    # Creates a missing key and each missing parent, outermost first, one at a time, and records
    # for each an undo that deletes it: a rollback removes exactly the keys this run created and
    # leaves no empty parent behind. New-Item without -Force fails on a key that exists, so a key
    # that was there before is never recorded as created.
    param([string]$Path)
    $missing = @()
    $probe = $Path
    while (-not (Test-Path -LiteralPath $probe)) {
        $missing = @($probe) + $missing
        $cut = $probe.LastIndexOf('\')
        if ($cut -le 0) { throw ('No parent key of ' + $Path + ' exists.') }
        $probe = $probe.Substring(0, $cut)
    }
    foreach ($key in $missing) {
        New-Item -Path $key | Out-Null
        Add-Undo @{ Type = 'RegistryKey'; Path = $key; Description = ('create ' + (ConvertTo-RegExePath $key)) }
    }
}

function Export-RegistryKey {
    # Saves a key with reg export before anything under it changes; returns nothing.
    param([string]$Path, [string]$FileName)
    $file = Join-Path $script:BackupPath $FileName
    if (-not $Apply) {
        Log-Info ('[DRY RUN] would save ' + (ConvertTo-RegExePath $Path) + ' to ' + $file)
        return
    }
    Log-Info ('Saving ' + (ConvertTo-RegExePath $Path) + ' to ' + $file)
    Invoke-Native 'reg.exe' @('export', (ConvertTo-RegExePath $Path), $file, '/y')
    Add-Undo @{ Type = 'RegImport'; File = $file; Description = ('import ' + $file) }
}

function Backup-RegistryKeyOnce {
    # Saves the key of a value about to change, once a run, so the old value is on disk and not
    # only in the undo journal; the reg import it records runs after the value's own undo. A key
    # that does not exist yet has nothing to save (its undo deletes it).
    param([string]$Path)
    if ($script:SavedRegistryKeys -contains $Path) { return }
    if (-not (Test-Path -LiteralPath $Path)) { return }
    $script:SavedRegistryKeys += $Path
    Export-RegistryKey -Path $Path -FileName ('RegistryKey' + $script:SavedRegistryKeys.Count + '.reg')
}

function Restore-RegistryValue {
    param([hashtable]$Entry)
    $before = $Entry.Before
    if ($before.Exists) {
        if (-not (Test-Path -LiteralPath $Entry.Path)) { New-Item -Path $Entry.Path -Force | Out-Null }
        New-ItemProperty -LiteralPath $Entry.Path -Name $Entry.Name -Value $before.Value -PropertyType $before.Kind -Force | Out-Null
    }
    else {
        # A key this run created has an undo of its own, replayed after this one.
        Remove-ItemProperty -LiteralPath $Entry.Path -Name $Entry.Name -ErrorAction SilentlyContinue
    }
}

function Undo-Changes {
    if ($script:UndoJournal.Count -eq 0) {
        Log-Info 'Nothing to roll back.'
        return
    }
    Log-Warning ('Rolling back ' + $script:UndoJournal.Count + ' recorded change(s), newest first.')
    for ($i = $script:UndoJournal.Count - 1; $i -ge 0; $i--) {
        $entry = $script:UndoJournal[$i]
        try {
            switch ($entry.Type) {
                'RegistryValue' { Restore-RegistryValue $entry }
                'RegistryKey' { if (Test-Path -LiteralPath $entry.Path) { Remove-Item -LiteralPath $entry.Path -Recurse -Force } }
                'RegImport' { Invoke-Native 'reg.exe' @('import', $entry.File) }
                'Acl' { Invoke-Native 'icacls.exe' @($entry.Parent, '/restore', $entry.File, '/c') }
                default { throw ('unknown undo entry ' + $entry.Type) }
            }
            Log-Info ('Rolled back: ' + $entry.Description)
        }
        catch {
            $script:RollbackFailed = $true
            Log-Error ('Could not roll back ' + $entry.Description + ': ' + $_.Exception.Message)
        }
    }
    $script:UndoJournal.Clear()
}`
