/**
 * The steps common to every script (src/remediation/checks.ts), read from rendered scripts: where
 * the computer-name check reads this Windows' names in each mode, how both sides are folded (first
 * label, upper case, and cut to the 15 characters of a NetBIOS name), that a mismatch throws only
 * while $StopOnComputerNameMismatch is set, and the offline closing advice for each $Apply.
 */
import { describe, expect, test } from 'vitest'
import { FIXTURE_REPORTS } from './fixtures.js'
import { expectInOrder, functionText, render } from './pieces.js'

const check = (mode: 'online' | 'offline') => functionText(render(FIXTURE_REPORTS.s1, mode), 'CheckComputerName')

describe('CheckComputerName', () => {
  test('online it compares the running names; offline the hive ComputerName and the Tcpip Hostname', () => {
    for (const mode of ['online', 'offline'] as const) {
      const text = check(mode)
      expectInOrder(text, "if ($Mode -eq 'online') {", '$here = @($env:COMPUTERNAME, [System.Net.Dns]::GetHostName())', 'else {')
      const read = (path: string, name: string) => `(Get-RegistryValueInfo -Path ($script:SystemRoot + '${path}') -Name '${name}').Value`
      expectInOrder(text, 'else {', read('\\Control\\ComputerName\\ComputerName', 'ComputerName'), read('\\Services\\Tcpip\\Parameters', 'Hostname'))
    }
  })

  test("with no name in the evidence it stops before comparing", () => {
    expectInOrder(check('offline'), 'if ($EvidenceComputerNames.Count -eq 0) {', "nothing to compare.'\n        return\n", '$here = @()')
  })

  test("folds this Windows' names to the first label in upper case, whole and cut to 15 characters, skipping empty ones", () => {
    expectInOrder(
      check('offline'),
      'foreach ($name in $here) {',
      'if (-not $name) { continue }',
      "$label = ([string]$name).Split('.')[0].ToUpperInvariant()",
      '$short += $label\n',
      '$short += $label.Substring(0, [Math]::Min(15, $label.Length))\n',
    )
  })

  test('folds each logged name the same way, matches it whole or cut, and shows it masked', () => {
    expectInOrder(
      check('offline'),
      'foreach ($logged in $EvidenceComputerNames) {',
      "$label = $logged.Split('.')[0].ToUpperInvariant()",
      'if ($short -contains $label -or $short -contains $label.Substring(0, [Math]::Min(15, $label.Length))) { $matched = $true }',
      "Log-Info ('The logs were written by: ' + (Format-LogText $logged))",
    )
  })

  test('a match ends the step; a mismatch throws only while $StopOnComputerNameMismatch is $true', () => {
    const text = check('online')
    expectInOrder(
      text,
      'if ($matched) {',
      "Log-Info 'The names match.'\n        return\n    }",
      'if ($StopOnComputerNameMismatch) {',
      "throw 'This Windows is not the computer the logs came from.",
      "Log-Warning 'This Windows is not the computer the logs came from; going on because $StopOnComputerNameMismatch is $false.'",
    )
    expect(text.trimEnd().endsWith("is $false.'\n}")).toBe(true)
  })
})

describe('NextSteps (offline)', () => {
  test('after applying it points at az vm repair restore; after a dry run it says nothing changed', () => {
    expectInOrder(
      functionText(render(FIXTURE_REPORTS.none, 'offline'), 'NextSteps'),
      'if ($Apply) {',
      'The changes are in the attached disk.',
      'az vm repair restore',
      'else {',
      'Dry run: nothing on the attached disk was changed.',
    )
  })
})
