# rdp-triage remediation script, ONLINE mode: run inside the VM (Run Command or serial console).
#
# Written by rdp-triage 0.1.0 from its report; the same report always gives the same script.
# Logs analysed up to: 2026-11-20T13:59:45.2840000Z (from the report; the script carries no clock time of its own).
# Nothing here runs by itself: read it, then run it. By default it is a DRY RUN ($Apply = $false)
# that prints every change it would make and changes nothing.
#
# Inputs (2):
#   samples/dirty-header-hides-failure/Microsoft-Windows-TerminalServices-RemoteConnectionManager%4Operational.evtx (Microsoft-Windows-TerminalServices-RemoteConnectionManager/Operational, 41 records)
#   samples/dirty-header-hides-failure/System.evtx (System, 826 records)
#
# Findings (1):
#   S2 no TLS version left for the RDP server (SCHANNEL / policy)
#     rule s2-tls-disabled-by-policy: current, confidence high, 19 event(s), 2026-11-20T08:25:01.3320000Z .. 2026-11-20T13:55:10.5850000Z
#     TLS server credential cannot be created: the TLS versions RDP needs are disabled by policy
#     - samples/dirty-header-hides-failure/Microsoft-Windows-TerminalServices-RemoteConnectionManager%4Operational.evtx record 3924 at 2026-11-20T08:25:00.0520000Z: Microsoft-Windows-TerminalServices-RemoteConnectionManager event 261 in Microsoft-Windows-TerminalServices-RemoteConnectionManager/Operational on rdsh06.contoso.local (supporting)
#         listenerName=RDP-Tcp
#     - samples/dirty-header-hides-failure/System.evtx record 48863 at 2026-11-20T08:25:01.3320000Z: Schannel event 36871 in System on rdsh06.contoso.local (failure)
#         CallerProcessId=1184; CallerProcessImageName=C:\Windows\System32\svchost.exe; Type=server; ErrorState=10013
#     - samples/dirty-header-hides-failure/Microsoft-Windows-TerminalServices-RemoteConnectionManager%4Operational.evtx record 3939 at 2026-11-20T13:04:09.2220000Z: Microsoft-Windows-TerminalServices-RemoteConnectionManager event 261 in Microsoft-Windows-TerminalServices-RemoteConnectionManager/Operational on rdsh06.contoso.local (supporting)
#         listenerName=RDP-Tcp
#     - samples/dirty-header-hides-failure/System.evtx record 49008 at 2026-11-20T13:04:10.0430000Z: Schannel event 36871 in System on rdsh06.contoso.local (failure)
#         CallerProcessId=1184; CallerProcessImageName=C:\Windows\System32\svchost.exe; Type=server; ErrorState=10013
#     - samples/dirty-header-hides-failure/Microsoft-Windows-TerminalServices-RemoteConnectionManager%4Operational.evtx record 3940 at 2026-11-20T13:19:50.6820000Z: Microsoft-Windows-TerminalServices-RemoteConnectionManager event 261 in Microsoft-Windows-TerminalServices-RemoteConnectionManager/Operational on rdsh06.contoso.local (supporting)
#         listenerName=RDP-Tcp
#     - samples/dirty-header-hides-failure/System.evtx record 49016 at 2026-11-20T13:19:51.8620000Z: Schannel event 36871 in System on rdsh06.contoso.local (failure)
#         CallerProcessId=1184; CallerProcessImageName=C:\Windows\System32\svchost.exe; Type=server; ErrorState=10013
#     - samples/dirty-header-hides-failure/Microsoft-Windows-TerminalServices-RemoteConnectionManager%4Operational.evtx record 3941 at 2026-11-20T13:35:53.9150000Z: Microsoft-Windows-TerminalServices-RemoteConnectionManager event 261 in Microsoft-Windows-TerminalServices-RemoteConnectionManager/Operational on rdsh06.contoso.local (supporting)
#         listenerName=RDP-Tcp
#     - samples/dirty-header-hides-failure/System.evtx record 49023 at 2026-11-20T13:35:54.1710000Z: Schannel event 36871 in System on rdsh06.contoso.local (failure)
#         CallerProcessId=1184; CallerProcessImageName=C:\Windows\System32\svchost.exe; Type=server; ErrorState=10013
#     - samples/dirty-header-hides-failure/System.evtx record 49034 at 2026-11-20T13:55:10.5850000Z: Schannel event 36871 in System on rdsh06.contoso.local (failure)
#         CallerProcessId=1184; CallerProcessImageName=C:\Windows\System32\svchost.exe; Type=server; ErrorState=10013
#     - samples/dirty-header-hides-failure/Microsoft-Windows-TerminalServices-RemoteConnectionManager%4Operational.evtx record 3942 at 2026-11-20T13:55:10.7090000Z: Microsoft-Windows-TerminalServices-RemoteConnectionManager event 261 in Microsoft-Windows-TerminalServices-RemoteConnectionManager/Operational on rdsh06.contoso.local (supporting)
#         listenerName=RDP-Tcp
#
# Notes from the report:
#   Not among the inputs: Microsoft-Windows-TerminalServices-RemoteConnectionManager%4Admin.evtx (needed for S1).
#   Not among the inputs: Microsoft-Windows-TerminalServices-SessionBroker%4Operational.evtx (needed for S3).
#   Not among the inputs: Microsoft-Windows-TerminalServices-SessionBroker-Client%4Operational.evtx (needed for S3).
#
# Steps (each is a function below; they run in this order):
#   1. Use the running Windows (CurrentControlSet)
#   2. Check that this is the computer the logs came from
#   3. S2: enable TLS 1.2 for the server (1.0/1.1 only on request)
#   4. S2: check FIPS, MinEncryptionLevel and the Terminal Services policy values
#   5. Restart the Remote Desktop services
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
# S2: SCHANNEL\Protocols\TLS 1.2\Server Enabled=1, DisabledByDefault=0.
$EnableTls12Server = $true
# S2: also enable TLS 1.0 and TLS 1.1 for the server (obsolete; only for clients that need them).
$EnableLegacyTlsServer = $false
# S2: set Lsa\FIPSAlgorithmPolicy\Enabled to 0 when it is 1.
$DisableFipsPolicy = $false
# S2: set RDP-Tcp MinEncryptionLevel to 2 (client compatible) when it is 3 or 4.
$LowerMinEncryptionLevel = $false
# Restart SessionEnv and TermService after the changes (disconnects sessions on this VM).
$RestartRdpServices = $true

# ============================================================================
# From the report (generated; do not edit)
# ============================================================================
# Mode this script was written for, and values from the report. Log text is base64 of UTF-16LE,
# decoded when the script runs, so nothing a log holds can change what the script does.
$Mode = 'online'
$EvidenceComputerNames = @(
    [Text.Encoding]::Unicode.GetString([Convert]::FromBase64String('cgBkAHMAaAAwADYALgBjAG8AbgB0AG8AcwBvAC4AbABvAGMAYQBsAA=='))
)
$EvidenceThumbprints = @()
$EvidenceProtocols = @()
$ReportFindings = @(
    @{ Scenario = 'S2'; Status = 'current'; Rule = [Text.Encoding]::Unicode.GetString([Convert]::FromBase64String('cwAyAC0AdABsAHMALQBkAGkAcwBhAGIAbABlAGQALQBiAHkALQBwAG8AbABpAGMAeQA=')); Events = 19 }
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
    foreach ($name in @('Apply', 'StopOnComputerNameMismatch', 'EnableTls12Server', 'EnableLegacyTlsServer', 'DisableFipsPolicy', 'LowerMinEncryptionLevel', 'RestartRdpServices')) {
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

# ----------------------------------------------------------------------------
# Step 3: S2: enable TLS 1.2 for the server (1.0/1.1 only on request)
# ----------------------------------------------------------------------------
function Step03-TlsServerProtocols {
    Log-Info '=== Step 3: S2: enable TLS 1.2 for the server (1.0/1.1 only on request) ==='
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
# Step 4: S2: check FIPS, MinEncryptionLevel and the Terminal Services policy values
# ----------------------------------------------------------------------------
function Step04-TlsPolicyChecks {
    Log-Info '=== Step 4: S2: check FIPS, MinEncryptionLevel and the Terminal Services policy values ==='
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
# Step 5: Restart the Remote Desktop services
# ----------------------------------------------------------------------------
function Step05-RestartRdpServices {
    Log-Info '=== Step 5: Restart the Remote Desktop services ==='
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
        Step03-TlsServerProtocols
        Step04-TlsPolicyChecks
        Step05-RestartRdpServices
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
