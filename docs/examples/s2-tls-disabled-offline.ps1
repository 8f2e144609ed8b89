# rdp-triage remediation script, OFFLINE mode: run on a rescue VM with the broken OS disk attached.
#
# Written by rdp-triage 0.1.0 from its report; the same report always gives the same script.
# Logs analysed up to: 2026-11-20T13:59:33.5860000Z (from the report; the script carries no clock time of its own).
# Nothing here runs by itself: read it, then run it. By default it is a DRY RUN ($Apply = $false)
# that prints every change it would make and changes nothing.
#
# Inputs (2):
#   samples/s2-tls-disabled/Microsoft-Windows-TerminalServices-RemoteConnectionManager%4Operational.evtx (Microsoft-Windows-TerminalServices-RemoteConnectionManager/Operational, 42 records)
#   samples/s2-tls-disabled/System.evtx (System, 377 records)
#
# Findings (1):
#   S2 no TLS version left for the RDP server (SCHANNEL / policy)
#     rule s2-tls-disabled-by-policy: current, confidence high, 20 event(s), 2026-11-20T07:45:00.9530000Z .. 2026-11-20T13:55:10.3360000Z
#     TLS server credential cannot be created: the TLS versions RDP needs are disabled by policy
#     - samples/s2-tls-disabled/Microsoft-Windows-TerminalServices-RemoteConnectionManager%4Operational.evtx record 3924 at 2026-11-20T07:45:00.7600000Z: Microsoft-Windows-TerminalServices-RemoteConnectionManager event 261 in Microsoft-Windows-TerminalServices-RemoteConnectionManager/Operational on rdsh02.contoso.local (supporting)
#         listenerName=RDP-Tcp
#     - samples/s2-tls-disabled/System.evtx record 48505 at 2026-11-20T07:45:00.9530000Z: Schannel event 36871 in System on rdsh02.contoso.local (failure)
#         CallerProcessId=1184; CallerProcessImageName=C:\Windows\System32\svchost.exe; Type=server; ErrorState=10013
#     - samples/s2-tls-disabled/Microsoft-Windows-TerminalServices-RemoteConnectionManager%4Operational.evtx record 3940 at 2026-11-20T12:49:16.2330000Z: Microsoft-Windows-TerminalServices-RemoteConnectionManager event 261 in Microsoft-Windows-TerminalServices-RemoteConnectionManager/Operational on rdsh02.contoso.local (supporting)
#         listenerName=RDP-Tcp
#     - samples/s2-tls-disabled/System.evtx record 48569 at 2026-11-20T12:49:16.2750000Z: Schannel event 36871 in System on rdsh02.contoso.local (failure)
#         CallerProcessId=1184; CallerProcessImageName=C:\Windows\System32\svchost.exe; Type=server; ErrorState=10013
#     - samples/s2-tls-disabled/Microsoft-Windows-TerminalServices-RemoteConnectionManager%4Operational.evtx record 3941 at 2026-11-20T13:03:52.7870000Z: Microsoft-Windows-TerminalServices-RemoteConnectionManager event 261 in Microsoft-Windows-TerminalServices-RemoteConnectionManager/Operational on rdsh02.contoso.local (supporting)
#         listenerName=RDP-Tcp
#     - samples/s2-tls-disabled/System.evtx record 48574 at 2026-11-20T13:03:53.0600000Z: Schannel event 36871 in System on rdsh02.contoso.local (failure)
#         CallerProcessId=1184; CallerProcessImageName=C:\Windows\System32\svchost.exe; Type=server; ErrorState=10013
#     - samples/s2-tls-disabled/Microsoft-Windows-TerminalServices-RemoteConnectionManager%4Operational.evtx record 3942 at 2026-11-20T13:25:58.5620000Z: Microsoft-Windows-TerminalServices-RemoteConnectionManager event 261 in Microsoft-Windows-TerminalServices-RemoteConnectionManager/Operational on rdsh02.contoso.local (supporting)
#         listenerName=RDP-Tcp
#     - samples/s2-tls-disabled/System.evtx record 48578 at 2026-11-20T13:25:59.2950000Z: Schannel event 36871 in System on rdsh02.contoso.local (failure)
#         CallerProcessId=1184; CallerProcessImageName=C:\Windows\System32\svchost.exe; Type=server; ErrorState=10013
#     - samples/s2-tls-disabled/Microsoft-Windows-TerminalServices-RemoteConnectionManager%4Operational.evtx record 3943 at 2026-11-20T13:55:09.7500000Z: Microsoft-Windows-TerminalServices-RemoteConnectionManager event 261 in Microsoft-Windows-TerminalServices-RemoteConnectionManager/Operational on rdsh02.contoso.local (supporting)
#         listenerName=RDP-Tcp
#     - samples/s2-tls-disabled/System.evtx record 48585 at 2026-11-20T13:55:10.3360000Z: Schannel event 36871 in System on rdsh02.contoso.local (failure)
#         CallerProcessId=1184; CallerProcessImageName=C:\Windows\System32\svchost.exe; Type=server; ErrorState=10013
#
# Notes from the report:
#   Not among the inputs: Microsoft-Windows-TerminalServices-RemoteConnectionManager%4Admin.evtx (needed for S1).
#   Not among the inputs: Microsoft-Windows-TerminalServices-SessionBroker%4Operational.evtx (needed for S3).
#   Not among the inputs: Microsoft-Windows-TerminalServices-SessionBroker-Client%4Operational.evtx (needed for S3).
#
# Steps (each is a function below; they run in this order):
#   1. Find the attached Windows volume (not this rescue VM)
#   2. Back up and load its SYSTEM and SOFTWARE hives; pick the control set from Select\Current
#   3. Check that this is the computer the logs came from
#   4. S2: enable TLS 1.2 for the server (1.0/1.1 only on request)
#   5. S2: check FIPS, MinEncryptionLevel and the Terminal Services policy values
#   6. Say what to do next (the hives are unloaded at the end, whatever happens)
#
# Running it (on the rescue VM, as Administrator, with the broken OS disk attached):
#   az vm repair create -g RG -n VM --verbose          (makes the rescue VM and attaches a copy of the disk)
#   az vm repair run -g RG -n VM --run-on-repair --custom-script-file fix.ps1 --verbose
#   az vm repair restore -g RG -n VM --verbose         (swaps the repaired disk back)
#   or run it by hand in an elevated PowerShell on the rescue VM.
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
# Drive letter of the attached Windows volume, e.g. 'F'. Empty: find it (stops if several qualify).
$WindowsDriveLetter = ''
# S2: SCHANNEL\Protocols\TLS 1.2\Server Enabled=1, DisabledByDefault=0.
$EnableTls12Server = $true
# S2: also enable TLS 1.0 and TLS 1.1 for the server (obsolete; only for clients that need them).
$EnableLegacyTlsServer = $false
# S2: set Lsa\FIPSAlgorithmPolicy\Enabled to 0 when it is 1.
$DisableFipsPolicy = $false
# S2: set RDP-Tcp MinEncryptionLevel to 2 (client compatible) when it is 3 or 4.
$LowerMinEncryptionLevel = $false

# ============================================================================
# From the report (generated; do not edit)
# ============================================================================
# Mode this script was written for, and values from the report. Log text is base64 of UTF-16LE,
# decoded when the script runs, so nothing a log holds can change what the script does.
$Mode = 'offline'
$EvidenceComputerNames = @(
    [Text.Encoding]::Unicode.GetString([Convert]::FromBase64String('cgBkAHMAaAAwADIALgBjAG8AbgB0AG8AcwBvAC4AbABvAGMAYQBsAA=='))
)
$EvidenceThumbprints = @()
$EvidenceProtocols = @()
$ReportFindings = @(
    @{ Scenario = 'S2'; Status = 'current'; Rule = [Text.Encoding]::Unicode.GetString([Convert]::FromBase64String('cwAyAC0AdABsAHMALQBkAGkAcwBhAGIAbABlAGQALQBiAHkALQBwAG8AbABpAGMAeQA=')); Events = 20 }
)
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

function Dismount-OfflineHives {
    $still = @()
    for ($i = $script:LoadedHives.Count - 1; $i -ge 0; $i--) {
        $hiveKey = $script:LoadedHives[$i]
        $done = $false
        for ($attempt = 1; $attempt -le 5 -and -not $done; $attempt++) {
            # Registry handles held by PowerShell are only released when they are collected.
            [gc]::Collect()
            [gc]::WaitForPendingFinalizers()
            Invoke-Native 'reg.exe' @('unload', $hiveKey) -AllowFailure
            if ($script:NativeExitCode -eq 0) { $done = $true } else { Start-Sleep -Seconds 2 }
        }
        if ($done) {
            Log-Info ('Unloaded ' + $hiveKey)
        }
        else {
            $still += $hiveKey
            Log-Error ('Could not unload ' + $hiveKey + '. Close regedit and any window using it, then run: reg unload ' + $hiveKey)
        }
    }
    $script:LoadedHives = $still
}

function Restore-OfflineHiveFiles {
    # Used only when the recorded changes could not all be rolled back one by one.
    if ($script:LoadedHives.Count -gt 0) {
        Log-Error 'The hives are still loaded, so the backups cannot be copied back. Unload them, then copy the files from the backup folder by hand.'
        return
    }
    foreach ($backup in $script:HiveBackups) {
        Copy-Item -LiteralPath $backup.Copy -Destination $backup.Source -Force
        Log-Warning ('Put back ' + $backup.Source + ' from ' + $backup.Copy)
    }
}

function Complete-Offline {
    Dismount-OfflineHives
    if ($script:RollbackFailed -and $script:HiveBackups.Count -gt 0) { Restore-OfflineHiveFiles }
    if ($script:ScratchPath -and $script:LoadedHives.Count -eq 0) {
        Remove-Item -LiteralPath $script:ScratchPath -Recurse -Force -ErrorAction SilentlyContinue
    }
    if ($script:LoadedHives.Count -gt 0) { $script:Failed = $true }
}

function Assert-Settings {
    foreach ($name in @('Apply', 'StopOnComputerNameMismatch', 'EnableTls12Server', 'EnableLegacyTlsServer', 'DisableFipsPolicy', 'LowerMinEncryptionLevel')) {
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
# Step 1: Find the attached Windows volume (not this rescue VM)
# ----------------------------------------------------------------------------
function Step01-FindWindowsVolume {
    Log-Info '=== Step 1: Find the attached Windows volume (not this rescue VM) ==='
    $rescueDrive = $env:SystemDrive.Substring(0, 1).ToUpperInvariant()
    Log-Info ('This rescue VM runs from ' + $rescueDrive + ':; that volume is never a candidate.')
    if ($WindowsDriveLetter) {
        if ($WindowsDriveLetter -notmatch '^[A-Za-z]$') { throw ('$WindowsDriveLetter must be one letter such as F, not ' + $WindowsDriveLetter) }
        $letter = $WindowsDriveLetter.ToUpperInvariant()
        if ($letter -eq $rescueDrive) { throw ($letter + ': is the rescue VM''s own system drive. Set $WindowsDriveLetter to the attached disk.') }
        if (-not (Test-Path -LiteralPath ($letter + ':\Windows\System32\config\SYSTEM'))) {
            throw ($letter + ':\Windows\System32\config\SYSTEM does not exist. Check $WindowsDriveLetter (Get-Volume lists the volumes); a volume locked by BitLocker must be unlocked first (manage-bde -status ' + $letter + ': shows it; az vm repair create --unlock-encrypted-vm, or manage-bde -unlock ' + $letter + ': -RecoveryPassword ...).')
        }
        $script:WinDrive = $letter
        Log-Info ('Using ' + $letter + ': as set in $WindowsDriveLetter.')
        return
    }
    $locked = @()
    if (Get-Command -Name Get-BitLockerVolume -ErrorAction SilentlyContinue) {
        $locked = @(Get-BitLockerVolume -ErrorAction SilentlyContinue | Where-Object { [string]$_.LockStatus -eq 'Locked' } | ForEach-Object { [string]$_.MountPoint })
    }
    else {
        Log-Info 'Get-BitLockerVolume is not available here, so locked volumes cannot be listed.'
    }
    $found = @()
    foreach ($volume in @(Get-Volume | Where-Object { $_.DriveLetter })) {
        $letter = ([string]$volume.DriveLetter).ToUpperInvariant()
        if ($letter -eq $rescueDrive) { continue }
        if ($locked -contains ($letter + ':')) { continue }
        if (Test-Path -LiteralPath ($letter + ':\Windows\System32\config\SYSTEM')) { $found += $letter }
    }
    foreach ($mount in $locked) {
        Log-Warning ('Volume ' + $mount + ' is locked by BitLocker; its files cannot be read.')
    }
    if ($found.Count -eq 1) {
        $script:WinDrive = $found[0]
        Log-Info ('The attached Windows volume is ' + $script:WinDrive + ':')
        return
    }
    if ($found.Count -gt 1) {
        Log-Error ('Several attached volumes hold Windows: ' + (($found | ForEach-Object { $_ + ':' }) -join ', '))
        throw 'More than one candidate. Set $WindowsDriveLetter to the volume of the VM being repaired and run again.'
    }
    if ($locked.Count -gt 0) {
        throw ('No readable Windows volume; BitLocker-locked: ' + ($locked -join ', ') + '. Unlock it first (az vm repair create --unlock-encrypted-vm, or manage-bde -unlock X: -RecoveryPassword ...), then run again.')
    }
    $offlineDisks = @(Get-Disk | Where-Object { $_.IsOffline })
    if ($offlineDisks.Count -gt 0) {
        throw ('No Windows volume found and disk(s) ' + (($offlineDisks | ForEach-Object { [string]$_.Number }) -join ', ') + ' are offline. Bring the attached disk online (Disk Management, or Set-Disk -Number N -IsOffline $false) and run again.')
    }
    throw 'No attached volume holds Windows\System32\config\SYSTEM. Attach the OS disk copy (az vm repair create) and give it a drive letter.'
}

# ----------------------------------------------------------------------------
# Step 2: Back up and load its SYSTEM and SOFTWARE hives; pick the control set from Select\Current
# ----------------------------------------------------------------------------
function Step02-LoadOfflineHives {
    Log-Info '=== Step 2: Back up and load its SYSTEM and SOFTWARE hives; pick the control set from Select\Current ==='
    $config = $script:WinDrive + ':\Windows\System32\config'
    $script:SystemHive = 'HKLM\RDPTRIAGE_SYSTEM_' + $script:WinDrive
    $script:SoftwareHive = 'HKLM\RDPTRIAGE_SOFTWARE_' + $script:WinDrive
    foreach ($hiveKey in @($script:SystemHive, $script:SoftwareHive)) {
        if (Test-Path -LiteralPath ('Registry::' + ($hiveKey -replace '^HKLM', 'HKEY_LOCAL_MACHINE'))) {
            throw ($hiveKey + ' is already loaded, perhaps by an earlier run. Close regedit, run: reg unload ' + $hiveKey + ' and run again.')
        }
    }
    if ($Apply) {
        # Copies of each hive and its transaction logs, taken before anything changes, so a failed
        # run can put all three files back together.
        $copyTo = $script:BackupPath
        $script:HiveBackups = @()
    }
    else {
        # A dry run reads copies: loading the real files could replay their transaction logs into
        # the attached disk.
        $copyTo = Join-Path $env:TEMP ('rdp-triage-dry-run-' + [guid]::NewGuid().ToString('N'))
        New-Item -ItemType Directory -Path $copyTo | Out-Null
        $script:ScratchPath = $copyTo
    }
    foreach ($hive in @('SYSTEM', 'SOFTWARE')) {
        foreach ($suffix in @('', '.LOG1', '.LOG2')) {
            $source = Join-Path $config ($hive + $suffix)
            if (-not (Test-Path -LiteralPath $source)) { continue }
            $copy = Join-Path $copyTo ($hive + $suffix)
            Copy-Item -LiteralPath $source -Destination $copy -Force
            if ($Apply) { $script:HiveBackups += @{ Source = $source; Copy = $copy } }
        }
    }
    if ($Apply) {
        Log-Info ('Hive backups (with their .LOG1/.LOG2 files) are in ' + $copyTo)
        $systemFile = Join-Path $config 'SYSTEM'
        $softwareFile = Join-Path $config 'SOFTWARE'
    }
    else {
        $systemFile = Join-Path $copyTo 'SYSTEM'
        $softwareFile = Join-Path $copyTo 'SOFTWARE'
    }
    Invoke-Native 'reg.exe' @('load', $script:SystemHive, $systemFile)
    $script:LoadedHives += $script:SystemHive
    Invoke-Native 'reg.exe' @('load', $script:SoftwareHive, $softwareFile)
    $script:LoadedHives += $script:SoftwareHive
    $systemKey = 'Registry::HKEY_LOCAL_MACHINE\RDPTRIAGE_SYSTEM_' + $script:WinDrive
    # An offline SYSTEM hive has no CurrentControlSet: Select\Current names the set Windows boots with.
    $current = Get-RegistryValueInfo -Path ($systemKey + '\Select') -Name 'Current'
    if (-not $current.Exists) { throw 'SYSTEM\Select\Current is missing from the offline hive; it may be damaged.' }
    $controlSet = 'ControlSet{0:D3}' -f [int]$current.Value
    if (-not (Test-Path -LiteralPath ($systemKey + '\' + $controlSet))) { throw ('Select\Current points at ' + $controlSet + ', which the offline hive does not have.') }
    $script:SystemRoot = $systemKey + '\' + $controlSet
    $script:SoftwareRoot = 'Registry::HKEY_LOCAL_MACHINE\RDPTRIAGE_SOFTWARE_' + $script:WinDrive
    $script:ProgramDataRoot = $script:WinDrive + ':\ProgramData'
    Log-Info ('Loaded ' + $script:SystemHive + ' and ' + $script:SoftwareHive + '; the current control set is ' + $controlSet + '.')
}

# ----------------------------------------------------------------------------
# Step 3: Check that this is the computer the logs came from
# ----------------------------------------------------------------------------
function Step03-CheckComputerName {
    Log-Info '=== Step 3: Check that this is the computer the logs came from ==='
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

# ----------------------------------------------------------------------------
# Step 4: S2: enable TLS 1.2 for the server (1.0/1.1 only on request)
# ----------------------------------------------------------------------------
function Step04-TlsServerProtocols {
    Log-Info '=== Step 4: S2: enable TLS 1.2 for the server (1.0/1.1 only on request) ==='
    $protocols = $script:SystemRoot + '\Control\SecurityProviders\SCHANNEL\Protocols'
    # State of each server protocol, as Microsoft's TLS registry settings define it: key absent is the
    # OS default; Enabled=0 is disabled; Enabled and DisabledByDefault both non-zero is "disabled by
    # default"; Enabled non-zero with DisabledByDefault 0 or absent is enabled.
    foreach ($name in @('SSL 3.0', 'TLS 1.0', 'TLS 1.1', 'TLS 1.2', 'TLS 1.3')) {
        $key = $protocols + '\' + $name + '\Server'
        $enabled = Get-RegistryValueInfo -Path $key -Name 'Enabled'
        $byDefault = Get-RegistryValueInfo -Path $key -Name 'DisabledByDefault'
        if (-not $enabled.KeyExists) { $state = 'not configured (OS default)' }
        elseif ($enabled.Exists -and [long]$enabled.Value -eq 0) { $state = 'DISABLED (Enabled=0)' }
        elseif ($byDefault.Exists -and [long]$byDefault.Value -ne 0) { $state = 'disabled by default (DisabledByDefault non-zero)' }
        elseif ($enabled.Exists) { $state = 'enabled' }
        else { $state = 'not configured (OS default)' }
        Log-Info ('Server protocol ' + $name + ': ' + $state)
    }
    if (-not $EnableTls12Server) {
        Log-Info 'Left as it is: $EnableTls12Server is $false.'
        return
    }
    $wanted = @('TLS 1.2')
    if ($EnableLegacyTlsServer) {
        Log-Warning 'Also enabling TLS 1.0 and TLS 1.1 for the server, as $EnableLegacyTlsServer asks. They are obsolete; turn them off again once clients use TLS 1.2.'
        $wanted = @('TLS 1.0', 'TLS 1.1', 'TLS 1.2')
    }
    foreach ($logged in $EvidenceProtocols) {
        if (($logged -eq 'TLS 1.0' -or $logged -eq 'TLS 1.1') -and -not $EnableLegacyTlsServer) {
            Log-Warning ('The logs show ' + $logged + ' in use. If clients cannot use TLS 1.2, set $EnableLegacyTlsServer = $true.')
        }
    }
    foreach ($name in $wanted) {
        $key = $protocols + '\' + $name + '\Server'
        Set-RegistryDword -Path $key -Name 'Enabled' -Value 1
        Set-RegistryDword -Path $key -Name 'DisabledByDefault' -Value 0
    }
    Log-Info 'Schannel reads these values when a credential is created: restart the VM (or at least TermService) afterwards.'
}

# ----------------------------------------------------------------------------
# Step 5: S2: check FIPS, MinEncryptionLevel and the Terminal Services policy values
# ----------------------------------------------------------------------------
function Step05-TlsPolicyChecks {
    Log-Info '=== Step 5: S2: check FIPS, MinEncryptionLevel and the Terminal Services policy values ==='
    $fips = Get-RegistryValueInfo -Path ($script:SystemRoot + '\Control\Lsa\FIPSAlgorithmPolicy') -Name 'Enabled'
    Log-Info ('FIPS policy (Lsa\FIPSAlgorithmPolicy\Enabled): ' + (Format-RegistryValue $fips))
    if ($fips.Exists -and [long]$fips.Value -ne 0) {
        Log-Warning 'FIPS-only algorithms are enforced; clients that cannot use FIPS cipher suites are refused.'
        if ($DisableFipsPolicy) {
            Set-RegistryDword -Path ($script:SystemRoot + '\Control\Lsa\FIPSAlgorithmPolicy') -Name 'Enabled' -Value 0
        }
        else {
            Log-Info 'Left as it is. Set $DisableFipsPolicy = $true to set it to 0 (only if FIPS is not required here).'
        }
    }
    $listener = $script:SystemRoot + '\Control\Terminal Server\WinStations\RDP-Tcp'
    $level = Get-RegistryValueInfo -Path $listener -Name 'MinEncryptionLevel'
    Log-Info ('RDP-Tcp MinEncryptionLevel (1 low, 2 client compatible, 3 high, 4 FIPS): ' + (Format-RegistryValue $level))
    if ($level.Exists -and [long]$level.Value -ge 3) {
        Log-Warning 'The listener demands a higher encryption level than some clients offer.'
        if ($LowerMinEncryptionLevel) {
            Set-RegistryDword -Path $listener -Name 'MinEncryptionLevel' -Value 2
        }
        else {
            Log-Info 'Left as it is. Set $LowerMinEncryptionLevel = $true to set it to 2 (client compatible).'
        }
    }
    # Policy values win over the listener's own values. They are reported, never changed here: the
    # Group Policy that set them would set them again.
    $policy = $script:SoftwareRoot + '\Policies\Microsoft\Windows NT\Terminal Services'
    $meanings = @{
        SecurityLayer = '0 RDP security, 1 negotiate, 2 TLS'
        MinEncryptionLevel = '1 low, 2 client compatible, 3 high, 4 FIPS'
        UserAuthentication = '1 Network Level Authentication required'
        fDenyTSConnections = '1 refuses every Remote Desktop connection'
    }
    foreach ($name in @('SecurityLayer', 'MinEncryptionLevel', 'UserAuthentication', 'fDenyTSConnections')) {
        $value = Get-RegistryValueInfo -Path $policy -Name $name
        if ($value.Exists) {
            Log-Warning ('Policy Terminal Services\' + $name + ' = ' + (Format-RegistryValue $value) + ' [' + $meanings[$name] + ']')
        }
        else {
            Log-Info ('Policy Terminal Services\' + $name + ': not set')
        }
    }
    Log-Warning 'On a domain-joined VM a domain Group Policy can put SCHANNEL, FIPS and Terminal Services settings back at the next refresh. Fix the GPO for a lasting change.'
    Log-Info 'To keep Group Policy from reverting a change while you test (online, then undo it): reg add HKLM\SYSTEM\CurrentControlSet\Services\gpsvc /v Start /t REG_DWORD /d 4 /f; afterwards: sc config gpsvc start= auto, sc start gpsvc, gpupdate /force.'
}

# ----------------------------------------------------------------------------
# Step 6: Say what to do next (the hives are unloaded at the end, whatever happens)
# ----------------------------------------------------------------------------
function Step06-NextSteps {
    Log-Info '=== Step 6: Say what to do next (the hives are unloaded at the end, whatever happens) ==='
    if ($Apply) {
        Log-Info 'The changes are in the attached disk. The hives are unloaded when this script ends.'
        Log-Info 'Next: az vm repair restore -g RG -n VM --verbose (swaps the repaired OS disk back), start the VM and try RDP.'
    }
    else {
        Log-Info 'Dry run: nothing on the attached disk was changed. Set $Apply = $true and run again to make the changes listed above.'
    }
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
        Step01-FindWindowsVolume
        Step02-LoadOfflineHives
        Step03-CheckComputerName
        Step04-TlsServerProtocols
        Step05-TlsPolicyChecks
        Step06-NextSteps
    }
    catch {
        $script:Failed = $true
        Log-Error ('Stopped: ' + $_.Exception.Message)
        if ($Apply) { Undo-Changes }
    }
    finally {
        Complete-Offline
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
