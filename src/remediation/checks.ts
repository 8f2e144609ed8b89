/**
 * Steps common to every script: the check that the Windows being repaired is the one the logs
 * came from, and the closing advice of an offline run. Static PowerShell.
 */
import { ps, type PsCode } from './powershell.js'

/**
 * Compares the computer names in the evidence ($EvidenceComputerNames, decoded from the report)
 * with the running Windows (online) or the offline hive's ComputerName and Tcpip Hostname.
 * Names are compared by their first label, upper case, and also cut to 15 characters (NetBIOS).
 */
export const COMPUTER_NAME_CHECK: PsCode = ps`if ($EvidenceComputerNames.Count -eq 0) {
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
Log-Warning 'This Windows is not the computer the logs came from; going on because $StopOnComputerNameMismatch is $false.'`

export const OFFLINE_NEXT_STEPS: PsCode = ps`if ($Apply) {
    Log-Info 'The changes are in the attached disk. The hives are unloaded when this script ends.'
    Log-Info 'Next: az vm repair restore -g RG -n VM --verbose (swaps the repaired OS disk back), start the VM and try RDP.'
}
else {
    Log-Info 'Dry run: nothing on the attached disk was changed. Set $Apply = $true and run again to make the changes listed above.'
}`
