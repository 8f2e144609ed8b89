/**
 * Scenario 3's step (src/remediation/scenario-s3.ts), read from rendered scripts: offline it only
 * looks for the Tssdis service; online the reinstall is opt-in, phase Remove backs up (export,
 * stopped services, copied folders) before it uninstalls both roles and renames the old folders,
 * phase Install reinstalls the role with its tools, and any other phase throws.
 */
import { describe, expect, test } from 'vitest'
import { FIXTURE_REPORTS } from './fixtures.js'
import { expectInOrder, functionText, render } from './pieces.js'

const online = functionText(render(FIXTURE_REPORTS.s3, 'online'), 'ConnectionBroker')
const FOLDERS = "foreach ($folder in @('C:\\Windows\\rdcbDb', 'C:\\Windows\\WID\\Data')) {"

describe('ConnectionBroker offline', () => {
  test('looks for the Tssdis service in the offline SYSTEM hive and changes nothing', () => {
    const offline = functionText(render(FIXTURE_REPORTS.s3, 'offline'), 'ConnectionBroker')
    expectInOrder(offline, "$broker = $script:SystemRoot + '\\Services\\Tssdis'", 'if (Test-Path -LiteralPath $broker) {', 'the RD Connection Broker role is installed')
    expect(offline).not.toContain('Invoke-Change')
  })
})

describe('ConnectionBroker online', () => {
  test('needs Get-WindowsFeature, an installed role unless installing, and $ReinstallConnectionBroker before doing anything', () => {
    const feature = 'if (-not (Get-Command -Name Get-WindowsFeature -ErrorAction SilentlyContinue)) {'
    const role = "if ($ConnectionBrokerPhase -ne 'Install' -and -not $role.Installed) {"
    expectInOrder(online, feature, role, 'if (-not $ReinstallConnectionBroker) {', "(Remove first, then Install after a restart).')\n        return\n", 'Invoke-Change')
  })

  test('phase Remove exports the deployment (only when applying), then stops and copies, then uninstalls, then renames', () => {
    const remove = online.slice(online.indexOf("if ($ConnectionBrokerPhase -eq 'Remove') {"), online.indexOf("if ($ConnectionBrokerPhase -eq 'Install') {"))
    expectInOrder(remove, 'Import-Module RemoteDesktop -ErrorAction Stop', 'if ($Apply) {', 'Get-RDServer -ErrorAction Stop | Export-Clixml')
    const stop = ['Stop-Service -Name Tssdis -Force', "$widService = 'MSSQL$MICROSOFT##WID'", 'Stop-Service -Name $widService -Force']
    const copy = "Copy-Item -LiteralPath $folder -Destination (Join-Path $script:BackupPath ((Split-Path -Path $folder -Leaf) + '-backup')) -Recurse -Force"
    expectInOrder(online, stop[1] as string, "if ($ConnectionBrokerPhase -eq 'Remove') {", stop[0] as string, stop[2] as string, copy)
    const uninstall = ['Uninstall-WindowsFeature -Name RDS-Connection-Broker | Out-Null', 'Uninstall-WindowsFeature -Name Windows-Internal-Database | Out-Null']
    const rename = "{ Rename-Item -LiteralPath $folder -NewName ((Split-Path -Path $folder -Leaf) + '.rdp-triage-old') }"
    expectInOrder(remove, copy, ...uninstall, FOLDERS, rename, "$ConnectionBrokerPhase = ''Install''.'\n        return\n")
    expect(remove.split(FOLDERS)).toHaveLength(3)
  })

  test('phase Install installs the role with its management tools; any other phase throws', () => {
    const install = online.slice(online.indexOf("if ($ConnectionBrokerPhase -eq 'Install') {"))
    expectInOrder(install, 'Install-WindowsFeature -Name RDS-Connection-Broker -IncludeManagementTools | Out-Null', 'return\n    }')
    expect(install.trimEnd().endsWith("    throw ('$ConnectionBrokerPhase must be Remove or Install, not ' + $ConnectionBrokerPhase)\n}")).toBe(true)
  })
})
