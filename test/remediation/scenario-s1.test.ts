/**
 * Scenario 1's steps (src/remediation/scenario-s1.ts), read from rendered scripts: which key
 * folders are repaired under which switch, that their permissions are saved (and the save
 * checked and recorded for rollback) before any change, the grants' SIDs, rights and flags, the
 * default-DACL alternative, the certificate store export before removal, and the
 * SSLCertificateSHA1Hash binding that is only deleted on request.
 */
import { describe, expect, test } from 'vitest'
import { MACHINEKEYS_DEFAULT_DACL, MACHINEKEYS_DEFAULT_SDDL } from '../../src/remediation/scenario-s1.js'
import { FIXTURE_REPORTS } from './fixtures.js'
import { expectInOrder, functionText, render } from './pieces.js'

const MODES = ['online', 'offline'] as const
const step = (mode: (typeof MODES)[number], name: string) => functionText(render(FIXTURE_REPORTS.s1, mode), name)
const folders = step('offline', 'KeyFolderPermissions')
const EXPORT = "Export-RegistryKey -Path ($script:SoftwareRoot + '\\Microsoft\\SystemCertificates\\Remote Desktop') -FileName 'RemoteDesktopCertificates.reg'"

describe('KeyFolderPermissions', () => {
  test('MachineKeys under $FixMachineKeysAcl, the CNG Keys folder under $FixCngKeysAcl; a folder whose switch is off is skipped', () => {
    expectInOrder(
      folders,
      "@{ Name = 'MachineKeys'; Path = (Join-Path $script:ProgramDataRoot 'Microsoft\\Crypto\\RSA\\MachineKeys'); Fix = $FixMachineKeysAcl },",
      "@{ Name = 'Keys'; Path = (Join-Path $script:ProgramDataRoot 'Microsoft\\Crypto\\Keys'); Fix = $FixCngKeysAcl }",
    )
    expectInOrder(folders, 'if (-not $folder.Fix) {', "(its switch is $false).')\n            continue\n", '/save')
  })

  test('saves the permissions recursively before any change, stops when no backup was written, and records the rollback', () => {
    const save = ["$parent = Split-Path -Path $path -Parent", 'if ($Apply) {', "Invoke-Native 'icacls.exe' @($path, '/save', $aclFile, '/t', '/c') -AllowFailure\n"]
    const check = ["if (-not (Test-Path -LiteralPath $aclFile)) { throw ('No permission backup was written to ' + $aclFile + '; nothing changed.') }"]
    const undo = ["Add-Undo @{ Type = 'Acl'; Parent = $parent; File = $aclFile; Description = ('permissions of ' + $path) }"]
    expectInOrder(folders, ...save, ...check, ...undo, 'Invoke-Change', "'takeown.exe'")
  })

  test("the article's fix: Administrators take the tree, then SYSTEM Full, NETWORK SERVICE Read, Administrators Full, recursively", () => {
    const article = folders.slice(folders.lastIndexOf('continue'))
    expectInOrder(article, "Invoke-Native 'takeown.exe' @('/f', $path, '/a', '/r')", "foreach ($grant in @('*S-1-5-18:(F)', '*S-1-5-20:(R)', '*S-1-5-32-544:(F)')) {")
    expect(article).toContain("Invoke-Native 'icacls.exe' @($path, '/t', '/c', '/grant', $grant)")
  })

  test("the default-SDDL alternative is for MachineKeys only: take the folder, restore Microsoft's DACL from a UTF-16 file, give it back to SYSTEM", () => {
    const branch = folders.slice(folders.indexOf("if ($folder.Name -eq 'MachineKeys' -and $MachineKeysAclMethod -eq 'DefaultSddl') {"), folders.lastIndexOf('continue'))
    expect(branch).not.toBe('')
    const file = ["$text = 'MachineKeys' + [Environment]::NewLine + $MachineKeysDefaultDacl + [Environment]::NewLine", '(New-Object Text.UnicodeEncoding($false, $false))']
    const owner = ["Invoke-Native 'icacls.exe' @($path, '/setowner', '*S-1-5-18')", "if ($now -eq ('O:SY' + $MachineKeysDefaultDacl)) {"]
    expectInOrder(branch, "Invoke-Native 'takeown.exe' @('/f', $path, '/a')\n", ...file, "Invoke-Native 'icacls.exe' @($parent, '/restore', $defaultFile, '/c')", ...owner)
  })

  test('the default DACL is the D: part of the default SDDL, owner and group SYSTEM, Everyone 0x12019f, Administrators Full', () => {
    expect(MACHINEKEYS_DEFAULT_SDDL).toBe(`O:SYG:SY${MACHINEKEYS_DEFAULT_DACL}`)
    expect(MACHINEKEYS_DEFAULT_DACL).toBe('D:PAI(A;;0x12019f;;;WD)(A;;FA;;;BA)')
    expect(render(FIXTURE_REPORTS.s1, 'online')).toContain(`$MachineKeysDefaultDacl = '${MACHINEKEYS_DEFAULT_DACL}'\n`)
  })
})

describe('RenewSelfSignedCertificate', () => {
  test('online: exports the store before removing each certificate', () => {
    expectInOrder(step('online', 'RenewSelfSignedCertificate'), "$store = 'Cert:\\LocalMachine\\Remote Desktop'", EXPORT, "$item = $store + '\\' + $certificate.Thumbprint", 'Remove-Item -LiteralPath $item\n')
  })

  test('offline: exports the store key before deleting each thumbprint subkey with its contents', () => {
    const store = "$store = $script:SoftwareRoot + '\\Microsoft\\SystemCertificates\\Remote Desktop\\Certificates'"
    expectInOrder(step('offline', 'RenewSelfSignedCertificate'), store, EXPORT, "$item = $store + '\\' + $thumbprint", 'Remove-Item -LiteralPath $item -Recurse -Force\n')
  })
})

describe('CertificateBinding', () => {
  test('reads RDP-Tcp SSLCertificateSHA1Hash and deletes it only when $RemoveCustomCertificateBinding is set', () => {
    for (const mode of MODES) {
      const text = step(mode, 'CertificateBinding')
      const read = ["$listener = $script:SystemRoot + '\\Control\\Terminal Server\\WinStations\\RDP-Tcp'", "$binding = Get-RegistryValueInfo -Path $listener -Name 'SSLCertificateSHA1Hash'"]
      expectInOrder(text, ...read, 'if (-not $RemoveCustomCertificateBinding) {', "to delete it so RDP falls back to the self-signed certificate.'\n        return\n")
      expect(text.trimEnd().endsWith("    Remove-RegistryValue -Path $listener -Name 'SSLCertificateSHA1Hash'\n}")).toBe(true)
    }
  })
})
