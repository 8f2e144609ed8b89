/**
 * Online mode (Run Command or the serial console inside the VM): the running Windows, its
 * CurrentControlSet, and a restart of the Remote Desktop services after changes. Static PowerShell.
 */
import { ps, type PsCode } from './powershell.js'

/** Step: use the running Windows. */
export const USE_RUNNING_WINDOWS: PsCode = ps`$script:SystemRoot = 'Registry::HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet'
$script:SoftwareRoot = 'Registry::HKEY_LOCAL_MACHINE\SOFTWARE'
$script:ProgramDataRoot = $env:ProgramData
$os = Get-CimInstance -ClassName Win32_OperatingSystem
Log-Info ('Repairing the running Windows: ' + $os.Caption + ' ' + $os.Version + ' on ' + $env:COMPUTERNAME)`

/** Step: restart SessionEnv and TermService so new settings and certificates are used. */
export const RESTART_RDP_SERVICES: PsCode = ps`if (-not $RestartRdpServices) {
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
}`
