/**
 * The control flow script.ts wraps around the steps, read on the syntax tree of whole scripts:
 * which settings Assert-Settings checks, what Start-Run does first, that the main function calls
 * every step and a step checks its own repair switch,
 * what the catch, finally and failure branches of the main block do, and how steps are numbered.
 */
import type Parser from 'tree-sitter'
import { describe, expect, test } from 'vitest'
import { renderRemediationScript } from '../../src/remediation/index.js'
import type { RemediationInput } from '../../src/remediation/input.js'
import { FIXTURE_REPORTS } from './fixtures.js'
import { parsePowerShell } from './parse.js'
import { assignmentsOf, conditionOf, elseStatementsOf, functionNamed, statementsOf, topLevelStatements, verbatimLiterals, verbatimValue } from './tree.js'

type Node = Parser.SyntaxNode
const MODES = ['online', 'offline'] as const
const cases = Object.entries(FIXTURE_REPORTS).flatMap(([name, r]) => MODES.map((mode) => ({ name, mode, r })))

/** The script's tree, its top-level statements and the statements of its main function. */
function parsed(r: RemediationInput, mode: (typeof MODES)[number]): { root: Node; top: Node[]; main: Node[] } {
  const root = parsePowerShell(renderRemediationScript(r, { mode })).rootNode
  return { root, top: topLevelStatements(root), main: statementsOf(functionNamed(root, 'Invoke-Remediation')) }
}

const texts = (statements: readonly Node[]): string[] => statements.map((s) => s.text)

/** The main function's try statement and the statements of its try, catch and finally parts. */
function mainBlock(top: readonly Node[]): { before: Node[]; tryBody: Node[]; catchBody: Node[]; finallyBody: Node[]; after: Node[] } {
  const at = top.findIndex((s) => s.type === 'try_statement')
  const t = top[at] as Node
  return {
    before: top.slice(0, at),
    tryBody: statementsOf(t.children.find((c) => c.type === 'statement_block') as Node),
    catchBody: statementsOf(t.children.find((c) => c.type === 'catch_clauses') as Node),
    finallyBody: statementsOf(t.children.find((c) => c.type === 'finally_clause') as Node),
    after: top.slice(at + 1),
  }
}

describe('Assert-Settings and Start-Run', () => {
  test.each(cases)('$name $mode: checks that every boolean setting is still a bool, and only those', ({ r, mode }) => {
    const { root, top } = parsed(r, mode)
    const bools = [...assignmentsOf(top)].filter(([k, v]) => !k.includes(':') && (v === '$true' || v === '$false')).map(([k]) => k)
    expect(bools).toContain('Apply')
    const loop = statementsOf(functionNamed(root, 'Assert-Settings'))[0] as Node
    expect(verbatimLiterals(loop.children.find((c) => c.type === 'pipeline') as Node).map((l) => verbatimValue(l.text))).toEqual(bools)
    expect(conditionOf(statementsOf(loop)[0] as Node)).toBe('(Get-Variable -Name $name -ValueOnly) -isnot [bool]')
  })

  test('checks the two choice settings only in the scripts that have them, against both their values', () => {
    const checks = (r: RemediationInput, mode: (typeof MODES)[number]): string[] => statementsOf(functionNamed(parsed(r, mode).root, 'Assert-Settings')).slice(1).map(conditionOf)
    const aclMethod = "@('AzureArticleGrant', 'DefaultSddl') -notcontains $MachineKeysAclMethod"
    const brokerPhase = "@('Remove', 'Install') -notcontains $ConnectionBrokerPhase"
    expect(checks(FIXTURE_REPORTS.all, 'online')).toEqual([aclMethod, brokerPhase])
    expect(checks(FIXTURE_REPORTS.all, 'offline')).toEqual([aclMethod])
    expect(checks(FIXTURE_REPORTS.s3, 'online')).toEqual([brokerPhase])
    expect(checks(FIXTURE_REPORTS.s2, 'online')).toEqual([])
  })

  test('Start-Run checks the settings, then the account, then makes the backup folder', () => {
    expect(texts(statementsOf(functionNamed(parsed(FIXTURE_REPORTS.s1, 'online').root, 'Start-Run')))).toEqual([
      'Assert-Settings',
      "if (-not (Test-IsAdministrator)) { throw 'Run this script as Administrator.' }",
      'Initialize-BackupDirectory',
    ])
  })

  test('Show-ReportFindings says when there is nothing to list', () => {
    const show = functionNamed(parsed(FIXTURE_REPORTS.none, 'online').root, 'Show-ReportFindings')
    expect(conditionOf(statementsOf(show)[0] as Node)).toBe('$ReportFindings.Count -eq 0')
  })
})

describe('the main block', () => {
  test.each(cases)('$name $mode: lists the findings, then runs Start-Run first inside the try', ({ r, mode }) => {
    const { before, tryBody } = mainBlock(parsed(r, mode).main)
    expect(before.at(-1)?.text).toBe('Show-ReportFindings')
    expect(tryBody[0]?.text).toBe('Start-Run')
  })

  test.each(MODES)('%s: an error marks the run failed and rolls back only when applying', (mode) => {
    const { catchBody, after } = mainBlock(parsed(FIXTURE_REPORTS.all, mode).main)
    expect(texts(catchBody)).toEqual(['$script:Failed = $true', "Log-Error ('Stopped: ' + $_.Exception.Message)", 'if ($Apply) { Undo-Changes }'])
    const failed = after.find((s) => s.type === 'if_statement' && conditionOf(s) === '$script:Failed') as Node
    const body = statementsOf(failed)
    expect(conditionOf(body[0] as Node)).toBe('$Apply')
    expect(statementsOf(body[0] as Node)[0]?.text).toMatch(/^Log-Error \('Finished with errors; recorded changes were rolled back/)
    expect(texts(body.slice(1))).toEqual(['Write-Output $STATUS_ERROR', 'return'])
    expect(after.indexOf(failed)).toBeLessThan(after.findIndex((s) => s.text === 'Write-Output $STATUS_SUCCESS'))
  })

  test('finally: offline unloads the hives with the Complete-Offline it defines, online only says it finished', () => {
    const offline = parsed(FIXTURE_REPORTS.s1, 'offline')
    expect(texts(mainBlock(offline.main).finallyBody)).toEqual(['Complete-Offline'])
    const mainAt = functionNamed(offline.root, 'Invoke-Remediation').startIndex
    expect(functionNamed(offline.root, 'Complete-Offline').startIndex).toBeLessThan(mainAt)
    const online = parsed(FIXTURE_REPORTS.s1, 'online')
    expect(texts(mainBlock(online.main).finallyBody)).toEqual(["Log-Info 'Finished the steps.'"])
    expect(() => functionNamed(online.root, 'Complete-Offline')).toThrow()
  })

  test('the closing line counts the changes made when applying, the planned ones in a dry run', () => {
    const { after } = mainBlock(parsed(FIXTURE_REPORTS.s1, 'online').main)
    const done = after.filter((s) => s.type === 'if_statement' && conditionOf(s) === '$Apply').at(-1) as Node
    expect(statementsOf(done)[0]?.text).toContain("' + $script:ChangesMade + ' change(s) made.")
    expect(elseStatementsOf(done)[0]?.text).toContain("' + $script:PlannedChanges + ' change(s) would be made.")
  })

  test.each(cases)('$name $mode: is one function, called on the last line, so a console paste runs it whole', ({ r, mode }) => {
    const { top } = parsed(r, mode)
    expect(top.at(-1)?.text).toBe('Invoke-Remediation')
    // Pasted line by line, a top-level if would run at its closing brace and leave its else (a
    // try its catch) as a command of its own; only functions and plain statements stay outside.
    expect(top.filter((s) => ['if_statement', 'try_statement', 'flow_control_statement'].includes(s.type)).map((s) => s.text.split('\n')[0])).toEqual([])
  })

  test.each(cases)('$name $mode: calls every step unconditionally; a step checks its own repair switch', ({ r, mode }) => {
    const { tryBody } = mainBlock(parsed(r, mode).main)
    expect(tryBody.filter((s) => s.type !== 'pipeline').map((s) => s.text.split('\n')[0])).toEqual([])
  })

  test.each(MODES)('%s: a switched-off repair still runs its checks, then says so and changes nothing', (mode) => {
    const { root } = parsed(FIXTURE_REPORTS.all, mode)
    const n = mode === 'online' ? ['04', '06'] : ['05', '07']
    for (const [step, gate, firstChange] of [
      [`Step${n[0]}-RenewSelfSignedCertificate`, '$RenewSelfSignedCertificate', 'Export-RegistryKey'],
      [`Step${n[1]}-TlsServerProtocols`, '$EnableTls12Server', 'foreach ($logged in $EvidenceProtocols)'],
    ] as const) {
      const body = statementsOf(functionNamed(root, step))
      const at = body.findIndex((s) => s.type === 'if_statement' && conditionOf(s) === `-not ${gate}`)
      expect(at, step).toBeGreaterThan(1)
      expect(texts(statementsOf(body[at] as Node))).toEqual([`Log-Info 'Left as it is: ${gate} is $false.'`, 'return'])
      expect(body.slice(0, at).some((s) => s.text.startsWith('foreach'))).toBe(true)
      expect(body.slice(0, at).map((s) => s.text).join('\n')).not.toMatch(/Invoke-Change|Set-RegistryDword|Export-RegistryKey|Remove-Item/)
      expect(body.slice(at + 1).findIndex((s) => s.text.startsWith(firstChange))).toBeGreaterThanOrEqual(0)
    }
  })

  test.each(MODES)('%s: each step function first logs its own number and title', (mode) => {
    const { root } = parsed(FIXTURE_REPORTS.all, mode)
    const steps = root.descendantsOfType('function_statement').filter((f) => /^Step\d\d-/.test(f.children.find((c) => c.type === 'function_name')?.text ?? ''))
    expect(steps.length).toBeGreaterThan(3)
    steps.forEach((f, i) => expect(statementsOf(f)[0]?.text).toMatch(new RegExp(`^Log-Info '=== Step ${i + 1}: [^']+ ===' *$`)))
  })
})
