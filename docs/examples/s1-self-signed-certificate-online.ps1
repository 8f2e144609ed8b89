# rdp-triage remediation script, ONLINE mode: run inside the VM (Run Command or serial console).
#
# Written by rdp-triage 0.1.0 from its report; the same report always gives the same script.
# Logs analysed up to: 2026-11-20T13:56:03.7640000Z (from the report; the script carries no clock time of its own).
# Nothing here runs by itself: read it, then run it. By default it is a DRY RUN ($Apply = $false)
# that prints every change it would make and changes nothing.
#
# Inputs (2):
#   samples/s1-self-signed-certificate/Microsoft-Windows-TerminalServices-RemoteConnectionManager%4Operational.evtx (Microsoft-Windows-TerminalServices-RemoteConnectionManager/Operational, 35 records)
#   samples/s1-self-signed-certificate/System.evtx (System, 342 records)
#
# Findings (1):
#   S1 RDP certificate key unreadable (self-signed certificate / MachineKeys)
#     rule s1-self-signed-certificate: current, confidence high, 16 event(s), 2026-11-20T09:12:06.8010000Z .. 2026-11-20T13:56:03.7640000Z
#     RDP self-signed certificate cannot be created or used: MachineKeys permissions or a damaged key
#     - samples/s1-self-signed-certificate/System.evtx record 48493 at 2026-11-20T09:12:06.8010000Z: Microsoft-Windows-TerminalServices-RemoteConnectionManager event 1058 in System on rdsh01.contoso.local (failure)
#         Data[1]=Access is denied.
#     - samples/s1-self-signed-certificate/System.evtx record 48494 at 2026-11-20T09:12:07.6000000Z: Microsoft-Windows-TerminalServices-RemoteConnectionManager event 1057 in System on rdsh01.contoso.local (failure)
#         Data[1]=Keyset does not exist
#     - samples/s1-self-signed-certificate/System.evtx record 48496 at 2026-11-20T09:14:01.1400000Z: Schannel event 36870 in System on rdsh01.contoso.local (failure)
#         Type=server; ErrorCode=0x8009030d; ErrorStatus=10001
#     - samples/s1-self-signed-certificate/System.evtx record 48497 at 2026-11-20T09:15:00.6330000Z: Schannel event 36872 in System on rdsh01.contoso.local (failure)
#         Type=server; ErrorCode=0x8009030d; CertFlags=0x0; __binLength=0; CredContext=
#     - samples/s1-self-signed-certificate/System.evtx record 48524 at 2026-11-20T11:43:22.7340000Z: Schannel event 36870 in System on rdsh01.contoso.local (failure)
#         Type=server; ErrorCode=0x8009030d; ErrorStatus=10001
#     - samples/s1-self-signed-certificate/System.evtx record 48526 at 2026-11-20T12:02:30.5350000Z: Schannel event 36870 in System on rdsh01.contoso.local (failure)
#         Type=server; ErrorCode=0x8009030d; ErrorStatus=10001
#     - samples/s1-self-signed-certificate/System.evtx record 48531 at 2026-11-20T12:35:37.7450000Z: Schannel event 36870 in System on rdsh01.contoso.local (failure)
#         Type=server; ErrorCode=0x8009030d; ErrorStatus=10001
#     - samples/s1-self-signed-certificate/System.evtx record 48542 at 2026-11-20T13:10:33.0700000Z: Schannel event 36870 in System on rdsh01.contoso.local (failure)
#         Type=server; ErrorCode=0x8009030d; ErrorStatus=10001
#     - samples/s1-self-signed-certificate/System.evtx record 48548 at 2026-11-20T13:27:29.8850000Z: Schannel event 36870 in System on rdsh01.contoso.local (failure)
#         Type=server; ErrorCode=0x8009030d; ErrorStatus=10001
#     - samples/s1-self-signed-certificate/System.evtx record 48552 at 2026-11-20T13:56:03.7640000Z: Schannel event 36870 in System on rdsh01.contoso.local (failure)
#         Type=server; ErrorCode=0x8009030d; ErrorStatus=10001
#
# Notes from the report:
#   Not among the inputs: Microsoft-Windows-TerminalServices-RemoteConnectionManager%4Admin.evtx (needed for S1).
#   Not among the inputs: Microsoft-Windows-TerminalServices-SessionBroker%4Operational.evtx (needed for S3).
#   Not among the inputs: Microsoft-Windows-TerminalServices-SessionBroker-Client%4Operational.evtx (needed for S3).
#
# Steps (each is a function below; they run in this order):
#   1. Use the running Windows (CurrentControlSet)
#   2. Check that this is the computer the logs came from
#   3. S1: back up and repair the MachineKeys (and CNG Keys) permissions
#   4. S1: remove the Remote Desktop certificate so a new self-signed one is made
#   5. S1: check SSLCertificateSHA1Hash (remove it only on request)
#   6. Restart the Remote Desktop services
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
# S1: back up, then repair the permissions of ProgramData\Microsoft\Crypto\RSA\MachineKeys.
$FixMachineKeysAcl = $true
# S1: 'AzureArticleGrant' (Azure article: Administrators take ownership; SYSTEM and Administrators Full, NETWORK SERVICE Read,
# recursively) or 'DefaultSddl' (Microsoft's default for the folder only: O:SYG:SYD:PAI(A;;0x12019f;;;WD)(A;;FA;;;BA)).
$MachineKeysAclMethod = 'AzureArticleGrant'
# S1: apply the same grants to the CNG folder ProgramData\Microsoft\Crypto\Keys (newer builds may keep the
# RDP key there; the logs do not say which). Its permissions are shown either way.
$FixCngKeysAcl = $false
# S1: remove the Remote Desktop certificate so Windows makes a new self-signed one.
$RenewSelfSignedCertificate = $true
# S1: delete RDP-Tcp\SSLCertificateSHA1Hash so RDP falls back to the self-signed certificate.
$RemoveCustomCertificateBinding = $false
# Restart SessionEnv and TermService after the changes (disconnects sessions on this VM).
$RestartRdpServices = $true

# ============================================================================
# From the report (generated; do not edit)
# ============================================================================
# Mode this script was written for, and values from the report. Log text is base64 of UTF-16LE,
# decoded when the script runs, so nothing a log holds can change what the script does.
$Mode = 'online'
$EvidenceComputerNames = @(
    [Text.Encoding]::Unicode.GetString([Convert]::FromBase64String('cgBkAHMAaAAwADEALgBjAG8AbgB0AG8AcwBvAC4AbABvAGMAYQBsAA=='))
)
$EvidenceThumbprints = @()
$EvidenceProtocols = @()
$ReportFindings = @(
    @{ Scenario = 'S1'; Status = 'current'; Rule = [Text.Encoding]::Unicode.GetString([Convert]::FromBase64String('cwAxAC0AcwBlAGwAZgAtAHMAaQBnAG4AZQBkAC0AYwBlAHIAdABpAGYAaQBjAGEAdABlAA==')); Events = 16 }
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

function Assert-Settings {
    foreach ($name in @('Apply', 'StopOnComputerNameMismatch', 'FixMachineKeysAcl', 'FixCngKeysAcl', 'RenewSelfSignedCertificate', 'RemoveCustomCertificateBinding', 'RestartRdpServices')) {
        if ((Get-Variable -Name $name -ValueOnly) -isnot [bool]) { throw ('$' + $name + ' must be $true or $false.') }
    }
    if (@('AzureArticleGrant', 'DefaultSddl') -notcontains $MachineKeysAclMethod) { throw '$MachineKeysAclMethod must be AzureArticleGrant or DefaultSddl.' }
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

# ----------------------------------------------------------------------------
# Step 3: S1: back up and repair the MachineKeys (and CNG Keys) permissions
# ----------------------------------------------------------------------------
function Step03-KeyFolderPermissions {
    Log-Info '=== Step 3: S1: back up and repair the MachineKeys (and CNG Keys) permissions ==='
    $folders = @(
        @{ Name = 'MachineKeys'; Path = (Join-Path $script:ProgramDataRoot 'Microsoft\Crypto\RSA\MachineKeys'); Fix = $FixMachineKeysAcl },
        @{ Name = 'Keys'; Path = (Join-Path $script:ProgramDataRoot 'Microsoft\Crypto\Keys'); Fix = $FixCngKeysAcl }
    )
    foreach ($folder in $folders) {
        $path = $folder.Path
        if (-not (Test-Path -LiteralPath $path)) {
            Log-Warning ($path + ' does not exist; nothing to do there.')
            continue
        }
        try {
            Log-Info ($folder.Name + ' now: ' + (Get-Acl -LiteralPath $path).Sddl)
        }
        catch {
            Log-Warning ('Cannot read the security descriptor of ' + $path + ': ' + $_.Exception.Message)
        }
        if (-not $folder.Fix) {
            Log-Info ('Leaving ' + $path + ' as it is (its switch is $false).')
            continue
        }
        # Back up first: icacls /save keeps the DACL of the folder and of every key file in it
        # (not the owner, which is logged above), and /restore on the parent folder puts them back.
        $aclFile = Join-Path $script:BackupPath ($folder.Name + '.icacls')
        $parent = Split-Path -Path $path -Parent
        if ($Apply) {
            # /c goes on past files whose permissions Administrators cannot read (the very fault being
            # repaired may cause that); those files are missing from the backup, which is said.
            Invoke-Native 'icacls.exe' @($path, '/save', $aclFile, '/t', '/c') -AllowFailure
            if ($script:NativeExitCode -ne 0) {
                Log-Warning ('icacls could not read some permissions under ' + $path + ' (exit code ' + $script:NativeExitCode + '); those files are not in the backup.')
            }
            if (-not (Test-Path -LiteralPath $aclFile)) { throw ('No permission backup was written to ' + $aclFile + '; nothing changed.') }
            Add-Undo @{ Type = 'Acl'; Parent = $parent; File = $aclFile; Description = ('permissions of ' + $path) }
            Log-Info ('Saved the permissions of ' + $path + ' to ' + $aclFile + '; to put them back: icacls "' + $parent + '" /restore "' + $aclFile + '" /c')
        }
        else {
            Log-Info ('[DRY RUN] would save the permissions: icacls "' + $path + '" /save "' + $aclFile + '" /t /c')
        }
        if ($folder.Name -eq 'MachineKeys' -and $MachineKeysAclMethod -eq 'DefaultSddl') {
            # Microsoft's default for the folder itself: owner SYSTEM, Everyone 0x12019f and
            # Administrators Full Control on this folder only. Key files keep their own permissions.
            # Order: Administrators take the folder (not its files) so they may write its DACL, the
            # DACL is applied with icacls /restore from a file in icacls' own /save format (UTF-16LE,
            # name line then SDDL line), then the owner goes back to SYSTEM.
            $defaultFile = Join-Path $script:BackupPath 'MachineKeys.default.icacls'
            Invoke-Change -ChangeDescription ('take ownership of the folder for Administrators: takeown /f "' + $path + '" /a') -ChangeAction {
                Invoke-Native 'takeown.exe' @('/f', $path, '/a')
            }
            Invoke-Change -ChangeDescription ('restore the default DACL ' + $MachineKeysDefaultDacl + ' on ' + $path + ': icacls "' + $parent + '" /restore "' + $defaultFile + '"') -ChangeAction {
                $text = 'MachineKeys' + [Environment]::NewLine + $MachineKeysDefaultDacl + [Environment]::NewLine
                [IO.File]::WriteAllText($defaultFile, $text, (New-Object Text.UnicodeEncoding($false, $false)))
                Invoke-Native 'icacls.exe' @($parent, '/restore', $defaultFile, '/c')
            }
            Invoke-Change -ChangeDescription ('give the folder back to SYSTEM: icacls "' + $path + '" /setowner *S-1-5-18') -ChangeAction {
                Invoke-Native 'icacls.exe' @($path, '/setowner', '*S-1-5-18')
                $now = (Get-Acl -LiteralPath $path).GetSecurityDescriptorSddlForm('Owner, Access')
                if ($now -eq ('O:SY' + $MachineKeysDefaultDacl)) {
                    Log-Info ('MachineKeys is back to the default owner and DACL: ' + $now)
                }
                else {
                    Log-Warning ('MachineKeys is now ' + $now + ', not the default ' + $MachineKeysDefaultSddl)
                }
            }
            continue
        }
        # The Azure article's fix: Administrators take ownership, then SYSTEM and Administrators get
        # Full Control and NETWORK SERVICE Read, recursively. Well-known SIDs, so it works offline
        # and on any display language. Broader than the default: every key in the folder gets them.
        Invoke-Change -ChangeDescription ('take ownership for Administrators: takeown /f "' + $path + '" /a /r') -ChangeAction {
            Invoke-Native 'takeown.exe' @('/f', $path, '/a', '/r')
        }
        foreach ($grant in @('*S-1-5-18:(F)', '*S-1-5-20:(R)', '*S-1-5-32-544:(F)')) {
            Invoke-Change -ChangeDescription ('grant ' + $grant + ' (SYSTEM / NETWORK SERVICE / Administrators): icacls "' + $path + '" /t /c /grant ' + $grant) -ChangeAction {
                Invoke-Native 'icacls.exe' @($path, '/t', '/c', '/grant', $grant)
            }
        }
    }
}

# ----------------------------------------------------------------------------
# Step 4: S1: remove the Remote Desktop certificate so a new self-signed one is made
# ----------------------------------------------------------------------------
function Step04-RenewSelfSignedCertificate {
    Log-Info '=== Step 4: S1: remove the Remote Desktop certificate so a new self-signed one is made ==='
    $store = 'Cert:\LocalMachine\Remote Desktop'
    $certificates = @(Get-ChildItem -LiteralPath $store -ErrorAction SilentlyContinue)
    if ($certificates.Count -eq 0) {
        Log-Info 'The Remote Desktop store holds no certificate; SessionEnv creates one when it starts.'
        return
    }
    foreach ($certificate in $certificates) {
        $seen = ''
        if ($EvidenceThumbprints -contains $certificate.Thumbprint) { $seen = ' (named in the logs)' }
        Log-Info ('Remote Desktop certificate ' + $certificate.Thumbprint + $seen + ': ' + $certificate.Subject + ', valid until ' + $certificate.NotAfter.ToString('yyyy-MM-dd') + ', private key: ' + $certificate.HasPrivateKey)
    }
    if (-not $RenewSelfSignedCertificate) {
        Log-Info 'Left as it is: $RenewSelfSignedCertificate is $false.'
        return
    }
    # The store lives in the registry; its export brings the certificates back if needed.
    Export-RegistryKey -Path ($script:SoftwareRoot + '\Microsoft\SystemCertificates\Remote Desktop') -FileName 'RemoteDesktopCertificates.reg'
    foreach ($certificate in $certificates) {
        $item = $store + '\' + $certificate.Thumbprint
        Invoke-Change -ChangeDescription ('remove ' + $item + ' (a new self-signed certificate is made when SessionEnv restarts)') -ChangeAction {
            Remove-Item -LiteralPath $item
        }
    }
}

# ----------------------------------------------------------------------------
# Step 5: S1: check SSLCertificateSHA1Hash (remove it only on request)
# ----------------------------------------------------------------------------
function Step05-CertificateBinding {
    Log-Info '=== Step 5: S1: check SSLCertificateSHA1Hash (remove it only on request) ==='
    $listener = $script:SystemRoot + '\Control\Terminal Server\WinStations\RDP-Tcp'
    $binding = Get-RegistryValueInfo -Path $listener -Name 'SSLCertificateSHA1Hash'
    if (-not $binding.Exists) {
        Log-Info 'RDP-Tcp has no SSLCertificateSHA1Hash: RDP uses the self-signed certificate.'
        return
    }
    $thumbprint = Format-RegistryValue $binding
    Log-Info ('RDP-Tcp is bound to the certificate ' + $thumbprint + ' (SSLCertificateSHA1Hash).')
    if ($EvidenceThumbprints -contains $thumbprint) { Log-Info 'That thumbprint is named in the logs.' }
    if ($Mode -eq 'online') {
        if (Test-Path -LiteralPath ('Cert:\LocalMachine\My\' + $thumbprint)) {
            Log-Info 'The certificate is in Cert:\LocalMachine\My.'
        }
        else {
            Log-Warning 'The certificate is NOT in Cert:\LocalMachine\My: RDP cannot use it.'
        }
    }
    if (-not $RemoveCustomCertificateBinding) {
        Log-Info 'Left in place. Set $RemoveCustomCertificateBinding = $true to delete it so RDP falls back to the self-signed certificate.'
        return
    }
    Remove-RegistryValue -Path $listener -Name 'SSLCertificateSHA1Hash'
}

# ----------------------------------------------------------------------------
# Step 6: Restart the Remote Desktop services
# ----------------------------------------------------------------------------
function Step06-RestartRdpServices {
    Log-Info '=== Step 6: Restart the Remote Desktop services ==='
    if (-not $RestartRdpServices) {
        Log-Info 'Not restarting the Remote Desktop services ($RestartRdpServices is $false). Restart them, or the VM, for the changes to take effect.'
        return
    }
    if ($Apply -and $script:ChangesMade -eq 0) {
        Log-Info 'Nothing was changed, so the Remote Desktop services are not restarted.'
        return
    }
    # SessionEnv creates the self-signed certificate; TermService builds its TLS credential when it
    # starts (UmRdpService depends on it and restarts with it). Sessions on this VM are disconnected.
    # A service that does not restart is reported, not rolled back: the repairs above stay, and a
    # restart of the VM applies them as well.
    Invoke-Change -ChangeDescription 'restart the services SessionEnv and TermService (Restart-Service -Force)' -ChangeAction {
        foreach ($name in @('SessionEnv', 'TermService')) {
            try {
                Restart-Service -Name $name -Force
            }
            catch {
                Log-Warning ('Could not restart ' + $name + ': ' + $_.Exception.Message + ' Restart the VM to apply the changes.')
            }
        }
    }
    if ($Apply) {
        foreach ($name in @('SessionEnv', 'TermService')) {
            Log-Info ('Service ' + $name + ' is ' + [string](Get-Service -Name $name).Status)
        }
        $certificates = @(Get-ChildItem -LiteralPath 'Cert:\LocalMachine\Remote Desktop' -ErrorAction SilentlyContinue)
        foreach ($certificate in $certificates) {
            Log-Info ('Remote Desktop certificate now: ' + $certificate.Thumbprint + ', valid until ' + $certificate.NotAfter.ToString('yyyy-MM-dd'))
        }
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
        Step01-UseRunningWindows
        Step02-CheckComputerName
        Step03-KeyFolderPermissions
        Step04-RenewSelfSignedCertificate
        Step05-CertificateBinding
        Step06-RestartRdpServices
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
