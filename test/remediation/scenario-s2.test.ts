/**
 * Scenario 2's steps (src/remediation/scenario-s2.ts), read from rendered scripts: how each
 * server protocol's state is named (the branch order decides it), which protocols are switched on
 * with which values (TLS 1.2, and 1.0/1.1 only under $EnableLegacyTlsServer), and the FIPS,
 * MinEncryptionLevel and Terminal Services policy checks with the switches that gate each change.
 */
import { describe, expect, test } from 'vitest'
import { FIXTURE_REPORTS } from './fixtures.js'
import { expectInOrder, functionText, render } from './pieces.js'

const protocols = functionText(render(FIXTURE_REPORTS.s2, 'offline'), 'TlsServerProtocols')
const policy = functionText(render(FIXTURE_REPORTS.s2, 'online'), 'TlsPolicyChecks')

describe('TlsServerProtocols', () => {
  test('reports SSL 3.0 to TLS 1.3 under SCHANNEL\\Protocols\\<name>\\Server', () => {
    const names = "foreach ($name in @('SSL 3.0', 'TLS 1.0', 'TLS 1.1', 'TLS 1.2', 'TLS 1.3')) {"
    expectInOrder(protocols, "$protocols = $script:SystemRoot + '\\Control\\SecurityProviders\\SCHANNEL\\Protocols'", names, "$key = $protocols + '\\' + $name + '\\Server'")
  })

  test('names a state by the first branch that holds: key absent, Enabled=0, DisabledByDefault non-zero, Enabled set', () => {
    const absent = "if (-not $enabled.KeyExists) { $state = 'not configured (OS default)' }"
    const off = "elseif ($enabled.Exists -and [long]$enabled.Value -eq 0) { $state = 'DISABLED (Enabled=0)' }"
    const byDefault = "elseif ($byDefault.Exists -and [long]$byDefault.Value -ne 0) { $state = 'disabled by default (DisabledByDefault non-zero)' }"
    expectInOrder(protocols, absent, off, byDefault, "elseif ($enabled.Exists) { $state = 'enabled' }")
  })

  test('switches on TLS 1.2, or TLS 1.0, 1.1 and 1.2 under $EnableLegacyTlsServer, each with Enabled=1 and DisabledByDefault=0 under Server', () => {
    expectInOrder(protocols, "$wanted = @('TLS 1.2')\n", 'if ($EnableLegacyTlsServer) {', "$wanted = @('TLS 1.0', 'TLS 1.1', 'TLS 1.2')\n")
    const writes = protocols.slice(protocols.indexOf('foreach ($name in $wanted) {'))
    const set = (name: string, value: number) => `Set-RegistryDword -Path $key -Name '${name}' -Value ${value}\n`
    expectInOrder(writes, 'foreach ($name in $wanted) {', "$key = $protocols + '\\' + $name + '\\Server'\n", set('Enabled', 1), set('DisabledByDefault', 0))
  })

  test('warns about TLS 1.0 or 1.1 in the logs only while the legacy switch is off', () => {
    expect(protocols).toContain("if (($logged -eq 'TLS 1.0' -or $logged -eq 'TLS 1.1') -and -not $EnableLegacyTlsServer) {")
  })
})

describe('TlsPolicyChecks', () => {
  test('FIPS: a non-zero Lsa\\FIPSAlgorithmPolicy\\Enabled is set to 0 only under $DisableFipsPolicy', () => {
    const fips = "$fips = Get-RegistryValueInfo -Path ($script:SystemRoot + '\\Control\\Lsa\\FIPSAlgorithmPolicy') -Name 'Enabled'"
    const set = "Set-RegistryDword -Path ($script:SystemRoot + '\\Control\\Lsa\\FIPSAlgorithmPolicy') -Name 'Enabled' -Value 0\n"
    expectInOrder(policy, fips, 'if ($fips.Exists -and [long]$fips.Value -ne 0) {', 'if ($DisableFipsPolicy) {', set, 'else {')
  })

  test('MinEncryptionLevel: 3 or more is lowered to 2 only under $LowerMinEncryptionLevel', () => {
    const read = ["$listener = $script:SystemRoot + '\\Control\\Terminal Server\\WinStations\\RDP-Tcp'", "$level = Get-RegistryValueInfo -Path $listener -Name 'MinEncryptionLevel'"]
    const change = ['if ($LowerMinEncryptionLevel) {', "Set-RegistryDword -Path $listener -Name 'MinEncryptionLevel' -Value 2\n"]
    expectInOrder(policy, ...read, 'if ($level.Exists -and [long]$level.Value -ge 3) {', ...change)
  })

  test('the four Terminal Services policy values are read from SOFTWARE and a set one is warned about, never changed', () => {
    const names = "foreach ($name in @('SecurityLayer', 'MinEncryptionLevel', 'UserAuthentication', 'fDenyTSConnections')) {"
    const root = "$policy = $script:SoftwareRoot + '\\Policies\\Microsoft\\Windows NT\\Terminal Services'"
    expectInOrder(policy, root, names, '$value = Get-RegistryValueInfo -Path $policy -Name $name', 'if ($value.Exists) {', "Log-Warning ('Policy Terminal Services\\' + $name")
    expect(policy.split('Set-RegistryDword')).toHaveLength(3)
  })
})
