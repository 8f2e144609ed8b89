/**
 * Scenario 3 (SessionBroker 2056, SessionBroker-Client 1296): the RD Connection Broker's Windows
 * Internal Database (WID) holds entries tied to the old host name. The fix is to reinstall the
 * role and WID, which needs the running Windows: offline the script only says so. Online it is a
 * guided, two-phase procedure behind $ReinstallConnectionBroker. Static PowerShell.
 */
import { ps, type PsCode } from './powershell.js'

const GUIDANCE: PsCode = ps`Log-Info 'The fix (Microsoft: "Troubleshoot Azure VM RDP connection issues by Event ID", scenario 3) is to reinstall the RD Connection Broker role and the Windows Internal Database:'
Log-Info '  1. Back up C:\Windows\rdcbDb and C:\Windows\WID\Data, and export the deployment (Get-RDServer, Get-RDSessionCollection).'
Log-Info '  2. Uninstall-WindowsFeature -Name RDS-Connection-Broker; Uninstall-WindowsFeature -Name Windows-Internal-Database; restart.'
Log-Info '  3. Install-WindowsFeature -Name RDS-Connection-Broker -IncludeManagementTools (WID comes with it); add the server back to the deployment.'`

export const CONNECTION_BROKER_OFFLINE: PsCode = ps`Log-Warning 'Scenario 3 (RD Connection Broker) cannot be fixed offline: the role and its database must be reinstalled on the running VM.'
$broker = $script:SystemRoot + '\Services\Tssdis'
if (Test-Path -LiteralPath $broker) {
    Log-Info 'The offline SYSTEM hive has the Tssdis service: the RD Connection Broker role is installed on this disk.'
}
else {
    Log-Warning 'The offline SYSTEM hive has no Tssdis service: the RD Connection Broker role does not seem installed, so scenario 3 may not apply.'
}
${GUIDANCE}
Log-Info 'Generate the online script (rdp-triage analyze ... --script fix.ps1 --mode online) and run it in the VM once it boots.'`

export const CONNECTION_BROKER_ONLINE: PsCode = ps`if (-not (Get-Command -Name Get-WindowsFeature -ErrorAction SilentlyContinue)) {
    Log-Warning 'Get-WindowsFeature is not available (not Windows Server?): the RD Connection Broker role cannot be installed here, so scenario 3 does not apply.'
    return
}
$role = Get-WindowsFeature -Name RDS-Connection-Broker
$wid = Get-WindowsFeature -Name Windows-Internal-Database
Log-Info ('RD Connection Broker role: ' + [string]$role.InstallState + '; Windows Internal Database: ' + [string]$wid.InstallState)
$fqdn = [System.Net.Dns]::GetHostEntry('localhost').HostName
Log-Info ('This server is now ' + $env:COMPUTERNAME + ' (' + $fqdn + '). The broker database fails when the name changed after the deployment was built.')
if ($ConnectionBrokerPhase -ne 'Install' -and -not $role.Installed) {
    Log-Warning 'The RD Connection Broker role is not installed: scenario 3 does not apply here.'
    return
}
${GUIDANCE}
if (-not $ReinstallConnectionBroker) {
    Log-Info ('Nothing done. Set $ReinstallConnectionBroker = $true to run phase ' + $ConnectionBrokerPhase + ' (Remove first, then Install after a restart).')
    return
}
$widService = 'MSSQL$MICROSOFT##WID'
if ($ConnectionBrokerPhase -eq 'Remove') {
    # What to back up first: the broker database, the WID data folder, and the deployment.
    try {
        Import-Module RemoteDesktop -ErrorAction Stop
        if ($Apply) {
            Get-RDServer -ErrorAction Stop | Export-Clixml -Path (Join-Path $script:BackupPath 'RDServer.xml')
            Get-RDSessionCollection -ErrorAction Stop | Export-Clixml -Path (Join-Path $script:BackupPath 'RDSessionCollection.xml')
            Log-Info ('Exported the deployment to ' + $script:BackupPath)
        }
        else {
            Log-Info ('[DRY RUN] would export Get-RDServer and Get-RDSessionCollection to ' + $script:BackupPath)
        }
    }
    catch {
        Log-Warning ('Could not export the deployment (the broker is failing, which is expected here): ' + $_.Exception.Message + '. Write down the servers and collections from Server Manager before going on.')
    }
    Invoke-Change -ChangeDescription ('stop Tssdis and ' + $widService + ', then copy C:\Windows\rdcbDb and C:\Windows\WID\Data into ' + $script:BackupPath) -ChangeAction {
        Stop-Service -Name Tssdis -Force -ErrorAction SilentlyContinue
        Stop-Service -Name $widService -Force -ErrorAction SilentlyContinue
        foreach ($folder in @('C:\Windows\rdcbDb', 'C:\Windows\WID\Data')) {
            if (Test-Path -LiteralPath $folder) {
                Copy-Item -LiteralPath $folder -Destination (Join-Path $script:BackupPath ((Split-Path -Path $folder -Leaf) + '-backup')) -Recurse -Force
            }
        }
    }
    Invoke-Change -ChangeDescription 'uninstall the roles: Uninstall-WindowsFeature -Name RDS-Connection-Broker, then Windows-Internal-Database' -ChangeAction {
        Uninstall-WindowsFeature -Name RDS-Connection-Broker | Out-Null
        Uninstall-WindowsFeature -Name Windows-Internal-Database | Out-Null
    }
    Invoke-Change -ChangeDescription 'rename C:\Windows\rdcbDb and C:\Windows\WID\Data to *.rdp-triage-old so the new WID starts empty' -ChangeAction {
        foreach ($folder in @('C:\Windows\rdcbDb', 'C:\Windows\WID\Data')) {
            if (Test-Path -LiteralPath $folder) { Rename-Item -LiteralPath $folder -NewName ((Split-Path -Path $folder -Leaf) + '.rdp-triage-old') }
        }
    }
    Log-Warning 'Phase Remove is done. Restart the VM, then run this script again with $ConnectionBrokerPhase = ''Install''.'
    return
}
if ($ConnectionBrokerPhase -eq 'Install') {
    Invoke-Change -ChangeDescription 'install the role: Install-WindowsFeature -Name RDS-Connection-Broker -IncludeManagementTools (brings the Windows Internal Database)' -ChangeAction {
        Install-WindowsFeature -Name RDS-Connection-Broker -IncludeManagementTools | Out-Null
    }
    if ($Apply) {
        foreach ($feature in @('RDS-Connection-Broker', 'Windows-Internal-Database')) {
            Log-Info ($feature + ': ' + [string](Get-WindowsFeature -Name $feature).InstallState)
        }
    }
    Log-Info 'Then add this server back to the deployment (Server Manager, or New-RDSessionDeployment / Add-RDServer) and recreate the collections from the exported files.'
    return
}
throw ('$ConnectionBrokerPhase must be Remove or Install, not ' + $ConnectionBrokerPhase)`
