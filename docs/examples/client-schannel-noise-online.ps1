# rdp-triage remediation script, ONLINE mode: run inside the VM (Run Command or serial console).
#
# Written by rdp-triage 0.1.0 from its report; the same report always gives the same script.
# Logs analysed up to: 2026-11-20T13:53:15.1890000Z (from the report; the script carries no clock time of its own).
# Nothing here runs by itself: read it, then run it. By default it is a DRY RUN ($Apply = $false)
# that prints every change it would make and changes nothing.
#
# Inputs (2):
#   samples/client-schannel-noise/Microsoft-Windows-TerminalServices-RemoteConnectionManager%4Operational.evtx (Microsoft-Windows-TerminalServices-RemoteConnectionManager/Operational, 24 records)
#   samples/client-schannel-noise/System.evtx (System, 383 records)
#
# Findings (0):
#   none: the script only checks, there is nothing to repair.
#
# Notes from the report:
#   Not among the inputs: Microsoft-Windows-TerminalServices-RemoteConnectionManager%4Admin.evtx (needed for S1).
#   Not among the inputs: Microsoft-Windows-TerminalServices-SessionBroker%4Operational.evtx (needed for S3).
#   Not among the inputs: Microsoft-Windows-TerminalServices-SessionBroker-Client%4Operational.evtx (needed for S3).
#
# Steps (each is a function below; they run in this order):
#   1. Use the running Windows (CurrentControlSet)
#   2. Check that this is the computer the logs came from
#
# Running it (inside the VM, as Administrator):
#   az vm run-command invoke -g RG -n VM --command-id RunPowerShellScript --scripts @fix.ps1
#   or paste it into an elevated PowerShell (serial console: cmd, then powershell).
#   Edit the settings below first: az vm repair run passes no parameters to a custom script.
#   Step by step: run the Settings, From the report and Helpers sections, then Start-Run, then
#   the Step functions one at a time. Undo-Changes rolls back what was recorded; offline,
#   Complete-Offline unloads the hives at the end (always run it).
#
# Log text above is shown with every character other than letters, digits, space and . , : _ / \ ( ) [ ] @ % = + ! -
# written as {U+XXXX}; long text is cut where "... (N code units)" says so (a file path keeps its
# end). The script decodes exact values from base64.

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

# ============================================================================
# Settings: read and edit these, then run the script. (No Param() block, on purpose.)
# ============================================================================
# $false (default): dry run, prints every change and makes none. $true: make the changes.
$Apply = $false
# Where each run makes its backup folder rdp-triage-backup-<time>; empty means %PUBLIC%\Desktop.
$BackupDirectory = ''
# Stop when this Windows is not the computer the logs came from.
$StopOnComputerNameMismatch = $true

# ============================================================================
# From the report (generated; do not edit)
# ============================================================================
# Mode this script was written for, and values from the report. Log text is base64 of UTF-16LE,
# decoded when the script runs, so nothing a log holds can change what the script does.
$Mode = 'online'
$EvidenceComputerNames = @()
$EvidenceThumbprints = @()
$EvidenceProtocols = @()
$ReportFindings = @()
$MachineKeysDefaultSddl = 'O:SYG:SYD:PAI(A;;0x12019f;;;WD)(A;;FA;;;BA)'
$MachineKeysDefaultDacl = 'D:PAI(A;;0x12019f;;;WD)(A;;FA;;;BA)'

# ============================================================================
# Helpers
# ============================================================================
$STATUS_SUCCESS = '[STATUS]::SUCCESS'
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
}

# Run state, shared by the steps.
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
}

function ConvertTo-RegExePath {
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
}

function Assert-Settings {
    foreach ($name in @('Apply', 'StopOnComputerNameMismatch')) {
        if ((Get-Variable -Name $name -ValueOnly) -isnot [bool]) { throw ('$' + $name + ' must be $true or $false.') }
    }
}

function Start-Run {
    # Checks the settings and the account, and picks the backup folder. Run it first when going
    # step by step.
    Assert-Settings
    if (-not (Test-IsAdministrator)) { throw 'Run this script as Administrator.' }
    Initialize-BackupDirectory
}

function Show-ReportFindings {
    if ($ReportFindings.Count -eq 0) { Log-Info 'The report has no findings; this run only checks.' }
    foreach ($finding in $ReportFindings) {
        Log-Info ('Finding ' + $finding.Scenario + ' (' + $finding.Status + '), rule ' + (Format-LogText $finding.Rule) + ', ' + $finding.Events + ' event(s)')
    }
}

# ============================================================================
# Steps
# ============================================================================
# ----------------------------------------------------------------------------
# Step 1: Use the running Windows (CurrentControlSet)
# ----------------------------------------------------------------------------
function Step01-UseRunningWindows {
    Log-Info '=== Step 1: Use the running Windows (CurrentControlSet) ==='
    $script:SystemRoot = 'Registry::HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet'
    $script:SoftwareRoot = 'Registry::HKEY_LOCAL_MACHINE\SOFTWARE'
    $script:ProgramDataRoot = $env:ProgramData
    $os = Get-CimInstance -ClassName Win32_OperatingSystem
    Log-Info ('Repairing the running Windows: ' + $os.Caption + ' ' + $os.Version + ' on ' + $env:COMPUTERNAME)
}

# ----------------------------------------------------------------------------
# Step 2: Check that this is the computer the logs came from
# ----------------------------------------------------------------------------
function Step02-CheckComputerName {
    Log-Info '=== Step 2: Check that this is the computer the logs came from ==='
    if ($EvidenceComputerNames.Count -eq 0) {
        Log-Info 'The evidence names no computer, so there is nothing to compare.'
        return
    }
    $here = @()
    if ($Mode -eq 'online') {
        $here = @($env:COMPUTERNAME, [System.Net.Dns]::GetHostName())
    }
    else {
        $here = @(
            (Get-RegistryValueInfo -Path ($script:SystemRoot + '\Control\ComputerName\ComputerName') -Name 'ComputerName').Value
            (Get-RegistryValueInfo -Path ($script:SystemRoot + '\Services\Tcpip\Parameters') -Name 'Hostname').Value
        )
    }
    $short = @()
    foreach ($name in $here) {
        if (-not $name) { continue }
        $label = ([string]$name).Split('.')[0].ToUpperInvariant()
        $short += $label
        $short += $label.Substring(0, [Math]::Min(15, $label.Length))
    }
    Log-Info ('This Windows is named: ' + (($here | Where-Object { $_ }) -join ' / '))
    $matched = $false
    foreach ($logged in $EvidenceComputerNames) {
        $label = $logged.Split('.')[0].ToUpperInvariant()
        if ($short -contains $label -or $short -contains $label.Substring(0, [Math]::Min(15, $label.Length))) { $matched = $true }
        Log-Info ('The logs were written by: ' + (Format-LogText $logged))
    }
    if ($matched) {
        Log-Info 'The names match.'
        return
    }
    if ($StopOnComputerNameMismatch) {
        throw 'This Windows is not the computer the logs came from. Check that you are repairing the right VM (or disk), or set $StopOnComputerNameMismatch = $false to go on anyway.'
    }
    Log-Warning 'This Windows is not the computer the logs came from; going on because $StopOnComputerNameMismatch is $false.'
}

# ============================================================================
# Main: run the steps in order; on an error, roll back what was recorded.
# ============================================================================
function Invoke-Remediation {
    if ($Apply) {
        Log-Info ('rdp-triage remediation, ' + $Mode + ' mode: APPLYING changes.')
    }
    else {
        Log-Info ('rdp-triage remediation, ' + $Mode + ' mode: DRY RUN, nothing will be changed.')
    }
    Show-ReportFindings
    try {
        Start-Run
        Step01-UseRunningWindows
        Step02-CheckComputerName
    }
    catch {
        $script:Failed = $true
        Log-Error ('Stopped: ' + $_.Exception.Message)
        if ($Apply) { Undo-Changes }
    }
    finally {
        Log-Info 'Finished the steps.'
    }
    if ($script:Failed) {
        if ($Apply) { Log-Error ('Finished with errors; recorded changes were rolled back where possible. Backups: ' + $script:BackupPath) }
        else { Log-Error 'The dry run stopped with an error; nothing was changed.' }
        Write-Output $STATUS_ERROR
        return
    }
    if ($Apply) {
        Log-Info ('Done: ' + $script:ChangesMade + ' change(s) made. Backups: ' + $script:BackupPath)
    }
    else {
        Log-Info ('Dry run done: ' + $script:PlannedChanges + ' change(s) would be made. Set $Apply = $true to make them.')
    }
    Write-Output $STATUS_SUCCESS
}

Invoke-Remediation
