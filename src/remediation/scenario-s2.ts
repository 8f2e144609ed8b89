/**
 * Scenario 2 (Schannel 36871, server, state 10013): no TLS version is left for the RDP server
 * credential. Steps: TLS 1.2 server Enabled=1 and DisabledByDefault=0 (1.0/1.1 only on an
 * explicit switch), then checks of FIPS, MinEncryptionLevel and the Terminal Services policy
 * values, with the Group Policy warning. Static PowerShell.
 */
import { ps, type PsCode } from './powershell.js'

export const TLS_SERVER_PROTOCOLS: PsCode = ps`$protocols = $script:SystemRoot + '\Control\SecurityProviders\SCHANNEL\Protocols'
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
Log-Info 'Schannel reads these values when a credential is created: restart the VM (or at least TermService) afterwards.'`

export const TLS_POLICY_CHECKS: PsCode = ps`$fips = Get-RegistryValueInfo -Path ($script:SystemRoot + '\Control\Lsa\FIPSAlgorithmPolicy') -Name 'Enabled'
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
Log-Info 'To keep Group Policy from reverting a change while you test (online, then undo it): reg add HKLM\SYSTEM\CurrentControlSet\Services\gpsvc /v Start /t REG_DWORD /d 4 /f; afterwards: sc config gpsvc start= auto, sc start gpsvc, gpupdate /force.'`
