/**
 * Scenario 1 (RCM 1057/1058, Schannel 36870): the RDP certificate's private key cannot be read.
 * Steps: key-folder permissions (backed up first; the Azure article's grants or Microsoft's
 * default DACL), a new self-signed certificate, and the custom-certificate binding.
 * Static PowerShell; paths come from $script:ProgramDataRoot / $script:SystemRoot / $script:SoftwareRoot,
 * which the online and offline set-up steps point at the right Windows.
 */
import { ps, type PsCode } from './powershell.js'

/** Microsoft's default security descriptor of RSA\MachineKeys (KB278381; vmassist's check). */
export const MACHINEKEYS_DEFAULT_SDDL = 'O:SYG:SYD:PAI(A;;0x12019f;;;WD)(A;;FA;;;BA)'
/** Its DACL part, the part icacls /restore applies. */
export const MACHINEKEYS_DEFAULT_DACL = 'D:PAI(A;;0x12019f;;;WD)(A;;FA;;;BA)'

export const KEY_FOLDER_PERMISSIONS: PsCode = ps`$folders = @(
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
}`

export const RENEW_CERTIFICATE_ONLINE: PsCode = ps`$store = 'Cert:\LocalMachine\Remote Desktop'
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
}`

export const RENEW_CERTIFICATE_OFFLINE: PsCode = ps`# Cert:\LocalMachine\Remote Desktop is stored in SOFTWARE\Microsoft\SystemCertificates\Remote Desktop\Certificates,
# one subkey per thumbprint. Deleting those subkeys offline so that Windows makes a new
# self-signed certificate at the next start is an INFERENCE from where the store lives; no
# Microsoft article shows it. The export below puts them back.
$store = $script:SoftwareRoot + '\Microsoft\SystemCertificates\Remote Desktop\Certificates'
if (-not (Test-Path -LiteralPath $store)) {
    Log-Info 'The offline Remote Desktop certificate store is empty or absent; Windows creates it at the next start.'
    return
}
$keys = @(Get-ChildItem -LiteralPath $store | ForEach-Object { $_.PSChildName })
if ($keys.Count -eq 0) {
    Log-Info 'The offline Remote Desktop certificate store holds no certificate.'
    return
}
foreach ($thumbprint in $keys) {
    $seen = ''
    if ($EvidenceThumbprints -contains $thumbprint) { $seen = ' (named in the logs)' }
    Log-Info ('Offline Remote Desktop certificate ' + $thumbprint + $seen)
}
if (-not $RenewSelfSignedCertificate) {
    Log-Info 'Left as it is: $RenewSelfSignedCertificate is $false.'
    return
}
Export-RegistryKey -Path ($script:SoftwareRoot + '\Microsoft\SystemCertificates\Remote Desktop') -FileName 'RemoteDesktopCertificates.reg'
foreach ($thumbprint in $keys) {
    $item = $store + '\' + $thumbprint
    Invoke-Change -ChangeDescription ('delete ' + (ConvertTo-RegExePath $item) + ' (inferred: Windows makes a new self-signed certificate at the next start)') -ChangeAction {
        Remove-Item -LiteralPath $item -Recurse -Force
    }
}`

export const CERTIFICATE_BINDING: PsCode = ps`$listener = $script:SystemRoot + '\Control\Terminal Server\WinStations\RDP-Tcp'
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
Remove-RegistryValue -Path $listener -Name 'SSLCertificateSHA1Hash'`
