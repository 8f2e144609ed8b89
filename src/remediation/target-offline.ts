/**
 * Offline mode (rescue VM, the `az vm repair` flow): find the attached Windows volume, load its
 * SYSTEM and SOFTWARE hives under names of our own, resolve the control set from Select\Current,
 * and unload them again with retries. Static PowerShell.
 */
import { ps, type PsCode } from './powershell.js'

/** Step: pick the attached volume that holds Windows\System32\config\SYSTEM. */
export const FIND_WINDOWS_VOLUME: PsCode = ps`$rescueDrive = $env:SystemDrive.Substring(0, 1).ToUpperInvariant()
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
throw 'No attached volume holds Windows\System32\config\SYSTEM. Attach the OS disk copy (az vm repair create) and give it a drive letter.'`

/** Step: copy the hives (dry run: into a scratch folder; apply: into the backup folder), load them. */
export const LOAD_OFFLINE_HIVES: PsCode = ps`$config = $script:WinDrive + ':\Windows\System32\config'
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
Log-Info ('Loaded ' + $script:SystemHive + ' and ' + $script:SoftwareHive + '; the current control set is ' + $controlSet + '.')`

/** Cleanup, run from `finally`: unload with retries, put hive files back if rollback failed, drop the scratch copies. */
export const OFFLINE_CLEANUP: PsCode = ps`function Dismount-OfflineHives {
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
}`
